"""URLs of vehicles/urls.py."""

app_name = "vehicles"

urlpatterns: list = []
