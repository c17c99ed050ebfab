"""Public (not cooperative-scoped) payment URLs, e.g. the Stripe webhook."""

urlpatterns: list = []
