"""Every Dutch source string has an English translation, and the compiled catalogues are current."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.fixtures.services import need

BASE = Path(settings.BASE_DIR)
APPS = ["deel", "members", "vehicles", "reservations", "ledger", "payments", "governance", "reports"]


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgstr (plural forms joined) and whether it is fuzzy."""
    entries, current, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current is not None:
                entries.append(current)
            current, key = None, None
            continue
        if current is None:
            current = {"msgid": "", "msgstr": "", "fuzzy": False, "obsolete": False}
        if line.startswith("#~"):
            current["obsolete"] = True
        elif line.startswith("#,") and "fuzzy" in line:
            current["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural"):
            key = "msgid_plural"
        elif line.startswith("msgid "):
            key = "msgid"
            current["msgid"] = ast.literal_eval(line[6:])
        elif line.startswith("msgstr"):
            key = "msgstr"
            current["msgstr"] += ast.literal_eval(line.split(" ", 1)[1])
        elif line.startswith('"') and key in ("msgid", "msgstr"):
            current[key] += ast.literal_eval(line)
    return [e for e in entries if e["msgid"] and not e["obsolete"]]


def untranslated(path: Path) -> list[str]:
    return [e["msgid"] for e in parse_po(path) if not e["msgstr"] or e["fuzzy"]]


def committed_catalogues() -> list[Path]:
    return sorted(
        (BASE / app / "locale" / "en" / "LC_MESSAGES" / "django.po")
        for app in APPS
        if (BASE / app / "locale" / "en" / "LC_MESSAGES" / "django.po").exists()
    )


@pytest.mark.parametrize("po", committed_catalogues(), ids=lambda p: str(p.relative_to(BASE)))
def test_committed_catalogue_is_complete_and_compiled(po: Path):
    assert untranslated(po) == []
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is not compiled"
    assert mo.stat().st_mtime >= po.stat().st_mtime - 1, f"{mo} is older than {po}: run make messages"


def test_no_source_string_is_missing_from_the_catalogues(tmp_path):
    """Regenerate the catalogues in a scratch copy: nothing may come out untranslated."""
    need(bool(shutil.which("xgettext")) and bool(shutil.which("msgmerge")), "GNU gettext (xgettext) not installed")
    copy = tmp_path / "src"
    shutil.copytree(
        BASE,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "media",
            ".test-media",
            "staticfiles",
            "node_modules",
            "*.sqlite3*",
            "__pycache__",
            "tests",
            "bench",
            "docs",
        ),
    )
    problems = {}
    for app in APPS:
        app_dir = copy / app
        (app_dir / "locale").mkdir(exist_ok=True)
        result = subprocess.run(
            [sys.executable, str(copy / "manage.py"), "makemessages", "-l", "en", "--no-location", "--no-obsolete"],
            cwd=app_dir,
            capture_output=True,
            text=True,
            timeout=300,
            env={"DJANGO_SETTINGS_MODULE": "deel.settings.test", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(copy)},
        )
        assert result.returncode == 0, result.stderr
        po = app_dir / "locale" / "en" / "LC_MESSAGES" / "django.po"
        if po.exists():
            missing = untranslated(po)
            if missing:
                problems[app] = missing[:15]
    assert problems == {}, f"untranslated strings (run make messages and translate): {problems}"
