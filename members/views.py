"""Pages of the members app: parse, check permission, call one service or selector, render."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deel.errors import DomainError

from . import permissions as perms
from . import selectors, services
from .filters import MemberFilter
from .forms import AccountApplicationForm, ApplicationForm, ProfileForm, RoleForm, SuspendForm
from .models import Cooperative, Member, MemberStatus, Role
from .permissions import coop_view


def landing(request):
    """Public front page: what DEEL is, and the cooperatives one can apply to."""
    if request.user.is_authenticated:
        return redirect("home")
    cooperatives = Cooperative.objects.order_by("city", "name")
    return render(request, "members/landing.html", {"cooperatives": cooperatives})


@login_required
def home(request):
    """After login: straight to the cooperative, or a choice when a person has several
    (or only applications waiting for the board)."""
    memberships = list(selectors.memberships_of(request.user))
    applications = list(selectors.applications_of(request.user))
    if len(memberships) == 1 and not applications:
        return redirect("coop_home", coop=memberships[0].cooperative.slug)
    others = Cooperative.objects.exclude(members__user=request.user).order_by("city", "name")
    return render(
        request,
        "members/choose_cooperative.html",
        {"memberships": memberships, "applications": applications, "others": others},
    )


# --- application (public) -----------------------------------------------------------------


def apply(request, coop):
    """A resident applies to the cooperative. Reachable without membership: anonymous
    visitors make their account in the same form (e-mail verified before the first log-in)."""
    cooperative = get_object_or_404(Cooperative, slug=coop)
    existing = None
    if request.user.is_authenticated:
        existing = Member.objects.filter(cooperative=cooperative, user=request.user).first()
        if existing is not None and existing.status in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED):
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
                    address = EmailAddress.objects.create(
                        user=member.user, email=member.user.email, primary=True, verified=False
                    )
                address.send_confirmation(request, signup=True)
                return render(request, "members/apply_sent.html", {"cooperative": cooperative, "email": address.email})
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


# --- what members see of each other -----------------------------------------------------


@coop_view(perms.can_see_member_list)
def member_list(request):
    filterset = MemberFilter(request.GET or None, queryset=selectors.member_list(cooperative=request.coop))
    members = list(filterset.qs.distinct()) if filterset.is_bound and filterset.is_valid() else list(filterset.queryset)
    return render(
        request,
        "members/member_list.html",
        {"members": members, "filter": filterset, "show_details": perms.can_see_member_details(request.member)},
    )


@coop_view(perms.can_see_member_details)
def member_detail(request, pk):
    subject = get_object_or_404(Member.objects.select_related("user"), pk=pk, cooperative=request.coop)
    return render(
        request,
        "members/member_detail.html",
        {
            "subject": subject,
            "subject_roles": {r.role for r in subject.roles.all()},
            "events": subject.events.select_related("by__user")[:30],
            "can_manage": perms.can_admit_members(request.member),
            "all_roles": Role.choices,
            "licence_state": perms.licence_state(subject),
            "suspend_form": SuspendForm(),
        },
    )


# --- the board ----------------------------------------------------------------------------


@coop_view(perms.can_admit_members)
def board(request):
    coop = request.coop
    return render(
        request,
        "members/board.html",
        {
            "queue": list(selectors.admission_queue(cooperative=coop)),
            "decisions": selectors.recent_decisions(cooperative=coop),
            "holders": [(Role(value), holders) for value, holders in selectors.role_holders(cooperative=coop).items()],
            "suspended": list(selectors.suspended_members(cooperative=coop)),
            "active": list(selectors.active_members(cooperative=coop)),
            "all_roles": Role.choices,
        },
    )


def _subject(request, pk) -> Member:
    return get_object_or_404(Member.objects.select_related("user"), pk=pk, cooperative=request.coop)


def _back(request, pk):
    """Back to where the board member acted: the member's page or the board page."""
    if request.POST.get("back") == "detail":
        return redirect("members:detail", coop=request.coop.slug, pk=pk)
    return redirect("members:board", coop=request.coop.slug)


def _act(request, pk, action, success: str):
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return _back(request, pk)


@require_POST
@coop_view(perms.can_admit_members)
def admit(request, pk):
    subject = _subject(request, pk)
    return _act(
        request,
        pk,
        lambda: services.member_admit(member=subject, by=request.member),
        _("%(name)s is toegelaten als lid.") % {"name": subject.name},
    )


@require_POST
@coop_view(perms.can_admit_members)
def refuse(request, pk):
    subject = _subject(request, pk)
    return _act(
        request,
        pk,
        lambda: services.member_refuse(member=subject, by=request.member),
        _("De aanmelding van %(name)s is afgewezen.") % {"name": subject.name},
    )


@require_POST
@coop_view(perms.can_admit_members)
def suspend(request, pk):
    subject = _subject(request, pk)
    form = SuspendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef een reden voor de schorsing op."))
        return _back(request, pk)
    return _act(
        request,
        pk,
        lambda: services.member_suspend(member=subject, reason=form.cleaned_data["reason"], by=request.member),
        _("%(name)s is geschorst.") % {"name": subject.name},
    )


@require_POST
@coop_view(perms.can_admit_members)
def reinstate(request, pk):
    subject = _subject(request, pk)
    return _act(
        request,
        pk,
        lambda: services.member_reinstate(member=subject, by=request.member),
        _("De schorsing van %(name)s is opgeheven.") % {"name": subject.name},
    )


@require_POST
@coop_view(perms.can_admit_members)
def remove(request, pk):
    subject = _subject(request, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Vink aan dat je %(name)s echt wilt uitschrijven.") % {"name": subject.name})
        return _back(request, pk)
    return _act(
        request,
        pk,
        lambda: services.member_leave(member=subject, by=request.member),
        _("%(name)s is uitgeschreven.") % {"name": subject.name},
    )


@require_POST
@coop_view(perms.can_manage_roles)
def roles(request, pk):
    subject = _subject(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een rol."))
        return _back(request, pk)
    role = form.cleaned_data["role"]
    label = Role(role).label
    if form.cleaned_data["action"] == "assign":
        action = lambda: services.role_assign(member=subject, role=role, by=request.member)  # noqa: E731
        success = _("%(name)s is nu %(role)s.") % {"name": subject.name, "role": label.lower()}
    else:
        action = lambda: services.role_revoke(member=subject, role=role, by=request.member)  # noqa: E731
        success = _("%(name)s is niet langer %(role)s.") % {"name": subject.name, "role": label.lower()}
    return _act(request, pk, action, success)


@require_POST
@coop_view(perms.can_manage_roles)
def roles_assign(request):
    """Assign a role from the board page (member chosen in a list)."""
    subject = (
        _subject(request, request.POST.get("member") or 0) if (request.POST.get("member") or "").isdigit() else None
    )
    form = RoleForm(request.POST)
    if subject is None or not form.is_valid():
        messages.error(request, _("Kies een lid en een rol."))
        return redirect("members:board", coop=request.coop.slug)
    role = form.cleaned_data["role"]
    return _act(
        request,
        subject.pk,
        lambda: services.role_assign(member=subject, role=role, by=request.member),
        _("%(name)s is nu %(role)s.") % {"name": subject.name, "role": Role(role).label.lower()},
    )


# --- own data -------------------------------------------------------------------------------


@coop_view()
def profile(request):
    member = request.member
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
def leave(request):
    """A member ends their own membership (after a confirmation on the profile page)."""
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
