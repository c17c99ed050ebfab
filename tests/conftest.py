"""Shared fixtures. Fixtures that start real services live in tests/fixtures/."""

import os
import shutil

import pytest
from django.conf import settings

pytest_plugins = [
    "tests.fixtures.services",
    "tests.fixtures.browser",
    "tests.fixtures.celery_worker",
    "tests.fixtures.stripe",
]


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield


def pytest_sessionfinish(session, exitstatus):
    test_db = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if test_db and str(test_db).endswith(".sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{test_db}{suffix}"):
                os.remove(f"{test_db}{suffix}")
    shutil.rmtree(settings.BASE_DIR / ".test-media", ignore_errors=True)
