"""Production: refuses to start without its secrets; HTTPS everywhere."""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set (50 random characters) in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)

# Rate limits (log-in, sign-up) count in the cache: it must be one cache shared by every
# worker, or each of 3 gunicorn workers would allow the full number of tries.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
SHARED_CACHE_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
)
if CACHES["default"]["BACKEND"] not in SHARED_CACHE_BACKENDS:  # noqa: F405
    raise ImproperlyConfigured("REDIS_URL must be set in production: rate limits need a cache shared by all workers.")

# The cooperatives' Stripe keys are encrypted with their own key, not one derived from SECRET_KEY.
DEEL_FIELD_ENCRYPTION_KEY = env("DEEL_FIELD_ENCRYPTION_KEY", default="")
try:
    Fernet(DEEL_FIELD_ENCRYPTION_KEY.encode())
except ValueError:
    raise ImproperlyConfigured(
        "DEEL_FIELD_ENCRYPTION_KEY must be set in production (a Fernet key: "
        'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())").'
    ) from None
