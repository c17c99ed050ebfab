"""Dates one way everywhere: 'vr 4 dec 09:00', the year only when it is not this year."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from deel.formats import format_date, format_datetime, format_span, format_time

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _this_year(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 4))


def test_a_moment_this_year_has_weekday_day_month_and_24h_time():
    moment = dt.datetime(2026, 12, 4, 8, 0, tzinfo=dt.UTC)  # 09:00 in Amsterdam
    with translation.override("nl"):
        assert format_datetime(moment) == "vr 4 dec 09:00"
    with translation.override("en"):
        assert format_datetime(moment) == "Fri 4 Dec 09:00"


def test_another_year_writes_the_year_and_year_true_always():
    with translation.override("nl"):
        assert format_date(dt.date(2025, 12, 4)) == "4 dec 2025"
        assert format_date(dt.date(2026, 3, 4)) == "4 mrt"
        assert format_date(dt.date(2026, 3, 4), year=True) == "4 mrt 2026"
        assert format_date(dt.date(2026, 3, 4), weekday=True) == "wo 4 mrt"


def test_local_time_across_daylight_saving_and_spans():
    summer = dt.datetime(2026, 7, 1, 7, 30, tzinfo=dt.UTC)
    with translation.override("nl"):
        assert format_time(summer) == "09:30"
        same_day = format_span(summer, summer + dt.timedelta(hours=3))
        assert same_day == "wo 1 jul 09:30–12:30"
        assert format_span(summer, summer + dt.timedelta(days=1)) == "wo 1 jul 09:30 – do 2 jul 09:30"
    assert format_datetime(None) == "" and format_date(None) == ""


def test_template_filters_use_the_same_forms():
    moment = dt.datetime(2026, 12, 4, 9, 0, tzinfo=AMS)
    template = Template(
        '{% load deel %}{{ m|when }}|{{ m|day }}|{{ m|short_date }}|{{ m|clock }}|{{ d|short_date:"year" }}'
    )
    with translation.override("nl"):
        text = template.render(Context({"m": moment, "d": dt.date(2026, 1, 2)}))
    assert text == "vr 4 dec 09:00|vr 4 dec|4 dec|09:00|2 jan 2026"
