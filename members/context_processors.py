from deel.navigation import menu_for

from .tenancy import member_roles


def membership(request):
    """Exposes the current cooperative, membership, roles and menu to every template."""
    member = getattr(request, "member", None)
    return {
        "coop": getattr(request, "coop", None),
        "current_member": member,
        "current_roles": member_roles(member),
        "menu": menu_for(request),
    }
