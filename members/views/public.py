"""Public pages: the front page, the choice of cooperative after log-in, the application."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from deel.errors import DomainError

from .. import permissions as perms
from .. import selectors, services
from ..forms import AccountApplicationForm, ApplicationForm
from ..models import Cooperative, Member, User


def landing(request: HttpRequest) -> HttpResponse:
    """Public front page: what DEEL is, and the cooperatives one can apply to."""
    if request.user.is_authenticated:
        return redirect("home")
    cooperatives = Cooperative.objects.order_by("city", "name")
    return render(request, "members/landing.html", {"cooperatives": cooperatives})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """After login: straight to the cooperative, or a choice when a person has several
    (or only applications waiting for the board)."""
    user = request.user
    assert isinstance(user, User)  # login_required
    memberships = list(selectors.memberships_of(user))
    applications = list(selectors.applications_of(user))
    if len(memberships) == 1 and not applications:
        return redirect("coop_home", coop=memberships[0].cooperative.slug)
    if not memberships and not applications:
        # A household's extra driver: straight to the household's cooperative.
        drives_in = selectors.households_driven_by(user)
        if drives_in:
            return redirect("coop_home", coop=drives_in[0].cooperative.slug)
    others = Cooperative.objects.exclude(members__user=user).order_by("city", "name")
    return render(
        request,
        "members/choose_cooperative.html",
        {"memberships": memberships, "applications": applications, "others": others},
    )


def apply(request: HttpRequest, coop: str) -> HttpResponse:
    """A resident applies to the cooperative. Reachable without membership: anonymous
    visitors make their account in the same form (e-mail verified before the first log-in)."""
    cooperative = get_object_or_404(Cooperative, slug=coop)
    existing = None
    if request.user.is_authenticated:
        existing = Member.objects.filter(cooperative=cooperative, user=request.user).first()
        if existing is not None and perms.is_removable(existing):  # already a member
            return redirect("coop_home", coop=cooperative.slug)
    form_class = ApplicationForm if request.user.is_authenticated else AccountApplicationForm
    form = form_class(request.POST or None)
    if (
        request.method == "POST"
        and not request.user.is_authenticated
        and not ratelimit.consume(request, action="signup")
    ):
        # Same limit as allauth's own sign-up page: each application mails the board.
        form.add_error(None, _("Te veel aanmeldingen vanaf dit adres. Probeer het over een paar minuten opnieuw."))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("agree")
        try:
            if request.user.is_authenticated:
                services.member_apply(cooperative=cooperative, user=request.user, **data)
            else:
                data.pop("password2")
                password = data.pop("password1")
                with transaction.atomic():
                    member = services.applicant_signup(cooperative=cooperative, password=password, **data)
                    if member is not None:
                        address = EmailAddress.objects.create(
                            user=member.user, email=member.user.email, primary=True, verified=False
                        )
                if member is not None:
                    address.send_confirmation(request, signup=True)
                # The same answer whether or not the address had an account (its owner got a mail).
                return render(request, "members/apply_sent.html", {"cooperative": cooperative, "email": data["email"]})
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Je aanmelding is verstuurd. Het bestuur beslist erover; je krijgt bericht."))
            return redirect("home")
    return render(
        request,
        "members/apply.html",
        {"cooperative": cooperative, "form": form, "existing": existing},
    )
