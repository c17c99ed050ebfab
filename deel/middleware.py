"""Dutch first: the language is Dutch unless the person chose English with the switcher."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not consulted:
    neighbours whose phone happens to be set to English still see the cooperative's Dutch
    pages, and whoever prefers English picks it once in the footer (a cookie)."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Nothing on DEEL needs a camera (a file input with `capture` opens it without any
# permission), a microphone, the location or any other powerful feature.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
)


class PrivacyHeadersMiddleware:
    """Every page: a Permissions-Policy that grants nothing, and `Cache-Control: no-store`
    (no copy of a balance, an address or a statement in a shared computer's cache or a
    proxy) unless the view chose its own caching (a car's photo). Static files are served
    by WhiteNoise before this runs, so they stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
