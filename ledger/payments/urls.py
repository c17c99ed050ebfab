"""Cooperative-scoped payment pages (member pays, mandates, treasurer's SEPA and bank import)."""

app_name = "payments"

urlpatterns: list = []
