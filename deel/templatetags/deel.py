"""Template filters used across DEEL: `{% load deel %}`."""

from django import template
from django.utils import timezone

from deel.formats import format_hours, format_km
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
