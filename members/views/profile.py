"""One's own data: the profile, log-in security, ending one's membership."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError

from .. import permissions as perms
from .. import services
from ..forms import ProfileForm
from ..permissions import CoopRequest, coop_view


@coop_view()
def profile(request: CoopRequest) -> HttpResponse:
    member = request.member
    if perms.acting_driver(member) is not None:
        # A household's extra driver has no membership data of their own: their page is the household's.
        return redirect("members:household", coop=request.coop.slug)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(member))
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update_profile(member=member, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Je gegevens zijn opgeslagen."))
            return redirect("members:profile", coop=request.coop.slug)
    return render(
        request,
        "members/profile.html",
        {
            "form": form,
            "has_2fa": perms.has_2fa(request.user),
            "should_2fa": perms.should_use_2fa(member),
        },
    )


@require_POST
@coop_view()
def leave(request: CoopRequest) -> HttpResponse:
    """A member ends their own membership (after a confirmation on the profile page)."""
    if perms.acting_driver(request.member) is not None:
        raise PermissionDenied
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Vink aan dat je je lidmaatschap echt wilt opzeggen."))
        return redirect("members:profile", coop=request.coop.slug)
    try:
        services.member_leave(member=request.member, by=request.member)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("members:profile", coop=request.coop.slug)
    messages.success(request, _("Je lidmaatschap van %(coop)s is beëindigd.") % {"coop": request.coop.name})
    return redirect("home")
