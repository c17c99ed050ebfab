"""Calendar feeds, under /cal/: GET /cal/<secret-token>.ics (no login; the token is the secret)."""

from django.urls import re_path

from .views import calendar_feed

urlpatterns = [
    re_path(r"^(?P<token>[A-Za-z0-9_-]{16,64})\.ics$", calendar_feed, name="calendar_feed"),
]
