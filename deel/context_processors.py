from members.permissions import member_roles

from .navigation import bottom_bar, menu_for


def membership(request):
    """Exposes the current cooperative, membership, roles and menu to every template."""
    member = getattr(request, "member", None)
    menu = menu_for(request)
    return {
        "coop": getattr(request, "coop", None),
        "current_member": member,
        "current_roles": member_roles(member),
        "menu": menu,
        "bottom_bar": bottom_bar(request, menu),
    }
