from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .models import Cooperative
from .selectors import memberships_of
from .tenancy import coop_view


def landing(request):
    """Public front page: what DEEL is, and the cooperatives one can apply to."""
    if request.user.is_authenticated:
        return redirect("home")
    cooperatives = Cooperative.objects.order_by("city", "name")
    return render(request, "members/landing.html", {"cooperatives": cooperatives})


@login_required
def home(request):
    """After login: straight to the cooperative, or a choice when a person has several."""
    memberships = list(memberships_of(request.user))
    if len(memberships) == 1:
        return redirect("members:coop_home", coop=memberships[0].cooperative.slug)
    return render(request, "members/choose_cooperative.html", {"memberships": memberships})


@coop_view()
def coop_home(request):
    return render(request, "members/coop_home.html", {})
