"""Log-in rate limits count per real visitor, in one cache shared by every worker; and
production refuses to start without that shared cache or without its encryption key."""

import os
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from allauth.core import ratelimit
from django.conf import settings
from django.core.cache import cache, caches
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

BASE = str(settings.BASE_DIR)
PROXY = "10.0.0.2"  # the reverse proxy in front of the app
FERNET_KEY = "WOYVMK2Je9hcRqC4MfgsSiWx744DvHt5TXZYVHhOaeY="
PROD_ENV = {
    "SECRET_KEY": "k8Q!v2#pL9s@T4wX7zR1mN6bY3cF5hJ0dG8eA2uK4iO6qW9-prod-test-key",
    "ALLOWED_HOSTS": "deel.example.nl",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _login(client, email, password, *, forwarded_for):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
def test_one_visitor_behind_the_proxy_cannot_lock_out_everyone(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    victim = UserFactory()
    for n in range(12):  # more than the 10 per minute per address
        _login(client, f"gok{n}@example.nl", "fout", forwarded_for="203.0.113.5")
    _login(client, victim.email, PASSWORD, forwarded_for="198.51.100.7")
    assert client.session.get("_auth_user_id") == str(victim.pk)


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_does_not_escape_the_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = UserFactory()
    for n in range(12):
        # The visitor writes the first entry; the proxy appends the address it saw.
        _login(client, f"gok{n}@example.nl", "fout", forwarded_for=f"192.0.2.{n}, 203.0.113.5")
    _login(client, attacker.email, PASSWORD, forwarded_for="192.0.2.99, 203.0.113.5")
    assert "_auth_user_id" not in client.session


def test_proxy_count_comes_from_the_environment():
    env = {k: v for k, v in os.environ.items() if k != "DEEL_TRUSTED_PROXIES"}
    env.update({"DJANGO_SETTINGS_MODULE": "deel.settings.test", "DEEL_TRUSTED_PROXIES": "1"})
    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "1", result.stderr


def test_three_workers_share_one_count_in_redis(redis_url, settings):
    """Each worker has its own cache client (here: one thread each); the fifth wrong
    password for an address is the last one whichever worker receives the tries."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"deel-test-{uuid.uuid4().hex}",
        }
    }
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="198.51.100.7")
    workers = [ThreadPoolExecutor(max_workers=1) for _ in range(3)]

    def attempt():
        allowed = ratelimit.consume(request, action="login_failed", key="lid@example.nl")
        return allowed, id(caches["default"])

    try:
        results = [workers[n % 3].submit(attempt).result() for n in range(9)]
    finally:
        for worker in workers:
            worker.shutdown()
        caches["default"].clear()
    assert len({client for _allowed, client in results}) == 3  # three separate cache clients
    assert [allowed for allowed, _client in results] == [True] * 5 + [False] * 4


def _import_production(**env_extra):
    dropped = ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "REDIS_URL", "CACHE_URL", "DEEL_FIELD_ENCRYPTION_KEY")
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "deel.settings.production"
    env.update(PROD_ENV)
    env.update(env_extra)
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    return subprocess.run([sys.executable, "-c", code], cwd=BASE, env=env, capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_shared_cache():
    result = _import_production(DEEL_FIELD_ENCRYPTION_KEY=FERNET_KEY)
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr
    result = _import_production(DEEL_FIELD_ENCRYPTION_KEY=FERNET_KEY, CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_production_refuses_to_start_without_the_encryption_key():
    result = _import_production(REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.returncode != 0
    assert "DEEL_FIELD_ENCRYPTION_KEY must be set" in result.stderr
    result = _import_production(REDIS_URL="redis://127.0.0.1:6379/1", DEEL_FIELD_ENCRYPTION_KEY="not-a-key")
    assert result.returncode != 0
    assert "DEEL_FIELD_ENCRYPTION_KEY must be set" in result.stderr


def test_production_starts_with_redis_and_the_key():
    result = _import_production(REDIS_URL="redis://127.0.0.1:6379/1", DEEL_FIELD_ENCRYPTION_KEY=FERNET_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
