"""Payment pages: the member's (pay, mandate) and the treasurer's (settings, SEPA, bank, arrears)."""

from django.http import HttpRequest

from members.models import Cooperative, Member


class CoopRequest(HttpRequest):
    """A request after members.tenancy.coop_view: it carries the cooperative and the member."""

    coop: Cooperative
    member: Member
