from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.coop_home, name="coop_home"),
]
