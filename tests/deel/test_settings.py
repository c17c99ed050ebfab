"""Production settings refuse to start without their secrets and pass `check --deploy`."""

import os
import subprocess
import sys

from django.conf import settings

BASE = str(settings.BASE_DIR)


def _manage(*args, env_extra=None):
    # A production process starts from its own environment, not from the test run's
    # (the browser fixture, for one, sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright).
    dropped = ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "CACHE_URL")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["DJANGO_SETTINGS_MODULE"] = "deel.settings.production"
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", env_extra={"ALLOWED_HOSTS": "deel.example.nl"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", env_extra={"SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_check_deploy_reports_nothing():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "SECRET_KEY": "k8Q!v2#pL9s@T4wX7zR1mN6bY3cF5hJ0dG8eA2uK4iO6qW9-prod-test-key",
            "ALLOWED_HOSTS": "deel.example.nl",
            "REDIS_URL": "redis://127.0.0.1:6379/1",
            "DEEL_FIELD_ENCRYPTION_KEY": "WOYVMK2Je9hcRqC4MfgsSiWx744DvHt5TXZYVHhOaeY=",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
