"""Cells for spreadsheets (CSV exports): no cell a spreadsheet program would run as a formula.

A text cell that starts with =, +, -, @, a tab or a carriage return is read by Excel and
LibreOffice as a formula (`=HYPERLINK(...)` in a member's name, a claim's description), so
it gets a leading apostrophe: shown as text, never evaluated (OWASP "CSV injection").
A plain number stays as it is, so a negative amount ("-12,34", as reports.csv writes
cents) is still a number to the spreadsheet: numbers (int, Decimal) and strings that are
only a number (an optional minus, digits, an optional decimal comma or point) cannot be a
formula, and everything else that starts with one of those characters is text.
"""

from __future__ import annotations

import re
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def spreadsheet_cell(value: object) -> object:
    """`value` as it may go into a CSV cell: numbers untouched, formula-like text neutralised."""
    if value is None or isinstance(value, bool):
        return "" if value is None else value
    if isinstance(value, int | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
