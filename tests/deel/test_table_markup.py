"""Every list table follows one pattern: on a phone it becomes cards (class="cards", each cell
named by data-label), and where it may scroll its container is a focusable, named region."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("deel", "members", "vehicles", "reservations", "ledger", "payments", "governance")
TEMPLATES = sorted(p for app in APPS for p in (ROOT / app).rglob("templates/**/*.html"))
WITH_TABLES = [p for p in TEMPLATES if "<table" in p.read_text() or "<td" in p.read_text()]


@pytest.mark.parametrize("path", WITH_TABLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_scroll_containers_are_focusable_named_regions(path):
    for wrap in re.findall(r'<div class="table-wrap[^"]*"[^>]*>', path.read_text()):
        assert 'tabindex="0"' in wrap and 'role="region"' in wrap and "aria-label=" in wrap, wrap


@pytest.mark.parametrize("path", WITH_TABLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cell_of_a_card_table_names_its_column(path):
    text = path.read_text()
    tables = re.findall(r'<table class="cards">.*?</table>', text, re.S)
    if path.name.startswith("_") and "<table" not in text:
        tables = [text]  # a row include (payments/_line_row.html): its cells sit in a card table
    for table in tables:
        body = table.split("</thead>", 1)[-1]
        for cell in re.findall(r"<td\b[^>]*>", body):
            assert "data-label=" in cell or "colspan=" in cell, f"{cell} in {path.name}"


def test_the_list_tables_are_card_tables():
    plain = [
        str(p.relative_to(ROOT))
        for p in WITH_TABLES
        if re.search(r"<table>(?:(?!</table>).)*<thead>", p.read_text(), re.S)
        and "my_data.html" not in p.name  # its columns are data, one table per kind of record
    ]
    assert plain == []
