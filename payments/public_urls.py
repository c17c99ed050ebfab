"""Public (not cooperative-scoped) payment URLs: the Stripe webhook of each cooperative."""

from django.urls import path

from .views.webhook import stripe_webhook

urlpatterns = [
    path("stripe/webhook/<slug:coop>/", stripe_webhook, name="stripe_webhook"),
]
