"""The Stripe webhook: one endpoint per cooperative (each has its own Stripe account and secret)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from members.models import Cooperative

from ..gateways import stripe as gateway
from ..models import PaymentSettings
from ..services import stripe_event_process

log = logging.getLogger(__name__)


@csrf_exempt  # Stripe cannot send a CSRF token; the signature on the raw body authenticates it
@require_POST
def stripe_webhook(request: HttpRequest, coop: str) -> HttpResponse:
    cooperative = get_object_or_404(Cooperative, slug=coop)
    settings = PaymentSettings.objects.filter(cooperative=cooperative).first()
    if settings is None or not settings.stripe_enabled:
        return HttpResponseBadRequest("stripe not configured")
    try:
        event = gateway.webhook_event(
            settings, payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except ValueError as exc:
        log.warning("Stripe webhook for %s refused: %s", coop, exc)
        return HttpResponseBadRequest("invalid signature")
    outcome = stripe_event_process(cooperative=cooperative, event=event)
    return JsonResponse({"received": True, "outcome": outcome})
