"""URLs of governance/urls.py."""

app_name = "governance"

urlpatterns: list = []
