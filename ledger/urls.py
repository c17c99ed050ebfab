"""URLs of ledger/urls.py."""

app_name = "ledger"

urlpatterns: list = []
