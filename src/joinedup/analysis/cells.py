"""Spreadsheet cells that cannot run as formulas (CSV and formula injection).

What
    A CSV or XLSX file the app writes is opened by coordinators in Excel,
    LibreOffice Calc or Google Sheets. Those programs read a cell whose text
    begins with ``=``, ``+``, ``-`` or ``@`` as a formula, and some also treat a
    leading tab or carriage return the same way once the cell is trimmed. A name
    typed by anyone (an organisation called ``=HYPERLINK("http://evil", "click")``,
    a person called ``@SUM(1+1)``) would then run in the reader's spreadsheet:
    it can leak other cells to a web address or, with DDE, start programs.

Rule
    :func:`safe_cell` leaves numbers (``int``, ``float``, ``Decimal``) alone and
    leaves text alone unless its first character is one of
    ``= + - @ \\t \\r``. Such text gets a single quote in front: spreadsheets
    show it as text, and a reader still sees the original after the quote. Text
    that is a plain decimal number (``-3``, ``+1.5``, ``-2e3``) is a number, not
    a formula, and stays as it is, so negative figures keep their value.

Reference
    OWASP, "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection);
    the rule above is OWASP's recommended one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

TRIGGERS = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula."""
    return bool(text) and text[0] in TRIGGERS and not _PLAIN_NUMBER.fullmatch(text)


def safe_cell(value: Any) -> Any:
    """``value`` as a cell that a spreadsheet shows and never evaluates."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if is_formula_like(text) else value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """:func:`safe_cell` applied to every value of a row."""
    return [safe_cell(v) for v in values]
