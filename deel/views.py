"""The project's own pages: the member's home of a cooperative (composed from the apps) and the health check."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from members import permissions as member_perms
from members import selectors as member_selectors
from members.models import Role
from members.permissions import CoopRequest, coop_view

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
