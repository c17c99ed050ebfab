"""URLs of reservations/urls.py."""

app_name = "reservations"

urlpatterns: list = []
