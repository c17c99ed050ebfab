"""Template filters used across DEEL: `{% load deel %}`."""

from django import template
from django.utils import timezone

from deel.formats import format_date, format_datetime, format_hours, format_km, format_span, format_time
from deel.money import format_cents

register = template.Library()


@register.filter
def euro(cents):
    """Integer cents as '€ 1.234,56'."""
    return format_cents(cents)


@register.filter
def km(value):
    """12345 -> '12.345 km'."""
    return format_km(value)


@register.filter
def hours(value):
    """A float of hours as '3,5 u'."""
    return format_hours(value)


@register.filter
def local(value):
    """An aware datetime in Europe/Amsterdam."""
    return timezone.localtime(value) if value else value


# Dates, one way everywhere (deel/formats.py): "vr 4 dec 09:00", "4 dec 2025".
@register.filter
def when(value, arg=""):
    """A moment: 'vr 4 dec 09:00' (with the year when not this year; `|when:"year"` always)."""
    return format_datetime(value, year=True if arg == "year" else None)


@register.filter
def day(value, arg=""):
    """A day with its weekday: 'vr 4 dec' (`|day:"year"` always with the year)."""
    return format_date(value, weekday=True, year=True if arg == "year" else None)


@register.filter
def short_date(value, arg=""):
    """A day without weekday: '4 dec', '4 dec 2025' (`|short_date:"year"` always with the year)."""
    return format_date(value, year=True if arg == "year" else None)


@register.filter
def clock(value):
    """The local time of day: '09:00'."""
    return format_time(value)


@register.simple_tag
def span(starts_at, ends_at):
    """A period: 'vr 4 dec 09:00–12:00', or with both days when it crosses midnight."""
    return format_span(starts_at, ends_at)
