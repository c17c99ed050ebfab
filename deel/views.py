"""The project's own pages: the member's home of a cooperative (composed from the apps) and the health check."""

import json

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from members import permissions as member_perms
from members import selectors as member_selectors
from members.models import Role
from members.permissions import CoopRequest, coop_view

from . import privacy
from .home import home_panels


@coop_view()
def coop_home(request: CoopRequest) -> HttpResponse:
    member = request.member
    return render(
        request,
        "home/coop_home.html",
        {
            "panels": home_panels(request),
            "roles": [Role(r.role) for r in member.roles.all()],
            "licence": {member_perms.licence_state(member): True},  # licence.expired, .missing, .expiring
            "needs_2fa": member_perms.should_use_2fa(member) and not member_perms.has_2fa(request.user),
            "pending": member_selectors.admission_queue(cooperative=request.coop).count()
            if member_perms.can_admit_members(member)
            else 0,
        },
    )


@require_GET
@never_cache
def healthz(request):
    """200 with the state of the database (and the broker when one is configured)."""
    status = {"database": "ok"}
    code = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001  (any failure means: not healthy)
        status["database"] = "error"
        code = 503
    return JsonResponse(status, status=code)


@never_cache
@coop_view()
def my_data(request: CoopRequest) -> HttpResponse:
    """Everything DEEL holds about the logged-in member here (AVG art. 15), readable."""
    return render(request, "deel/my_data.html", {"sections": privacy.member_data(request.member)})


@never_cache
@coop_view()
def my_data_download(request: CoopRequest) -> HttpResponse:
    """The same as a JSON file (AVG art. 20: machine-readable, to take elsewhere)."""
    data = json.dumps(privacy.member_data_json(request.member), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    filename = f"deel-{request.coop.slug}-mijn-gegevens-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@coop_view()
def privacy_page(request: CoopRequest) -> HttpResponse:
    """What the cooperative keeps, why, how long and who sees it (AVG art. 13)."""
    return render(request, "deel/privacy.html", {"categories": privacy.categories()})
