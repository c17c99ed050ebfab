"""What DEEL keeps about a person, in one shape every app fills (AVG articles 13, 15 and 20).

Each app's `privacy.py` declares its `CATEGORIES` (what it stores, why, how long, who sees
it: the privacy page reads them) and `personal_data(member)`, the rows it holds about that
member as `Section`s: the member's own page shows them and the JSON download carries them
with their raw values. Built from the models' own field names, so a new column shows up
as soon as an app lists it.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise

from deel.formats import format_date, format_datetime

from .money import format_cents


@dataclass(frozen=True)
class Category:
    """One kind of personal data: the privacy page's row."""

    key: str
    model: type[models.Model]
    title: str | Promise
    purpose: str | Promise
    retention: str | Promise
    seen_by: str | Promise


@dataclass
class Section:
    """The rows of one category about one member: `columns` are the readable headings,
    `rows` the displayed values, `records` the same rows with machine values (JSON)."""

    category: Category
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def only_row(self) -> list[tuple[str, str]]:
        """(heading, value) of a section with one row (the account, the membership): read
        as a list on a phone rather than a wide table."""
        return list(zip(self.columns, self.rows[0], strict=True)) if len(self.rows) == 1 else []

    def as_json(self) -> dict[str, Any]:
        return {"key": self.category.key, "title": str(self.category.title), "records": self.records}


def _machine(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    return value


def _display(obj: models.Model, f: models.Field[Any, Any], value: Any) -> str:
    if value is None or value == "":
        return ""
    if f.choices:
        return str(getattr(obj, f"get_{f.name}_display")())
    if f.name.endswith("_cents") and isinstance(value, int):
        return format_cents(value)
    if isinstance(value, bool):
        return "✓" if value else "–"
    if isinstance(value, dt.datetime):
        return format_datetime(value, year=True)
    if isinstance(value, dt.date):
        return format_date(value, year=True)
    if isinstance(value, models.fields.files.FieldFile):
        return (value.name or "").rsplit("/", 1)[-1]
    return str(value)


def section(
    category: Category,
    objects: Iterable[models.Model],
    fields: Sequence[str],
    *,
    labels: Mapping[str, str | Promise] | None = None,
) -> Section:
    """A section of `objects` (one model), one column per model field named in `fields`
    (a foreign key shows its string), headed by the field's verbose name or `labels`."""
    result = Section(category=category)
    objects = list(objects)
    if not objects:
        return result
    meta = objects[0]._meta
    model_fields = [meta.get_field(name) for name in fields]
    labels = labels or {}
    result.columns = [str(labels.get(f.name) or getattr(f, "verbose_name", f.name)) for f in model_fields]
    for obj in objects:
        row, record = [], {}
        for f in model_fields:
            value = getattr(obj, f.name)
            if isinstance(value, models.fields.files.FieldFile):
                record[f.name] = value.name or ""
            else:
                record[f.name] = _machine(value)
            row.append(_display(obj, f, value))  # type: ignore[arg-type]
        result.rows.append(row)
        result.records.append(record)
    return result
