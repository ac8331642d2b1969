"""Reading an XLSForm workbook into plain tables, with every cell located.

This is the lowest layer of the XLSForm importer: it opens the workbook with
openpyxl, turns each sheet into a :class:`Sheet` of :class:`Column` and
:class:`Row` records that remember their spreadsheet row number and column
letter, and parses column headers such as ``label::Cymraeg (cy)`` or
``joinedup::tags``. It knows nothing about instruments; :mod:`.xlsform` builds
those. Problems found here (an unreadable file, a missing sheet, a header used
twice) are gathered by a :class:`Problems` collector so that a user sees every
one of them at once.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from joinedup.analysis.instruments import InstrumentError, Problem

#: Our own columns; pyxform ignores columns it does not know.
CUSTOM_PREFIX = "joinedup::"

#: Language names we map to a code when the header gives no code in brackets.
KNOWN_LANGUAGES = {"english": "en", "welsh": "cy", "cymraeg": "cy"}

#: How :func:`language_header` names a language in an exported header.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}

_CODE_IN_BRACKETS = re.compile(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\s*\)\s*$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass
class Problems:
    """Collects problems for one file; :meth:`raise_if_any` ends the import."""

    file: str
    found: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # imported, but worth knowing

    def add(
        self,
        code: str,
        message: str,
        *,
        sheet: str = "",
        row: int | None = None,
        column: Column | None = None,
        hint: str = "",
    ) -> None:
        where = ""
        if column is not None:
            where = f"{column.header} [{column.letter}]" if column.index >= 0 else column.header
        self.found.append(Problem(code, message, self.file, sheet, row, where, hint))

    def warn(
        self, code: str, message: str, *, sheet: str, row: int, column: Column, hint: str = ""
    ) -> None:
        """Record something imported that only a phone app would honour."""
        where = f"{column.header} [{column.letter}]"
        self.warnings.append(Problem(code, message, self.file, sheet, row, where, hint))

    def raise_if_any(self) -> None:
        if self.found:
            raise InstrumentError(list(self.found))


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the sheet
    header: str  # as written, stripped
    base: str  # lower-cased column name without language, e.g. "label", "joinedup::tags"
    language: str | None  # language code, or None when the header names none

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Row:
    number: int  # 1-based spreadsheet row
    cells: dict[int, Any]

    def value(self, column: Column | None) -> Any:
        return self.cells.get(column.index) if column else None

    def text(self, column: Column | None) -> str:
        return cell_text(self.value(column))


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    rows: list[Row]

    def column(self, base: str) -> Column | None:
        """The first column with this base name and no language."""
        return next((c for c in self.columns if c.base == base and c.language is None), None)

    def languages(self, base: str) -> dict[str | None, Column]:
        """Columns of one base name (label, hint...) by language (None = unnamed)."""
        return {c.language: c for c in self.columns if c.base == base}


def cell_text(value: Any) -> str:
    """A cell as text: integral numbers without ``.0``, ``False`` and blanks as ""."""
    if value is None or value is False:
        return ""
    if value is True:
        return "yes"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def number_or_text(value: Any) -> str | int | float:
    """A choice name as a number when it is one (``3``, ``"3"``, ``2.5``), else as text."""
    text = cell_text(value)
    if (isinstance(value, int | float) and not isinstance(value, bool)) or _NUMBER.match(text):
        number = float(text)
        return int(number) if number.is_integer() else number
    return text


def language_code(name: str) -> str:
    """``"English (en)"`` → ``"en"``; ``"Cymraeg"`` → ``"cy"``; ``"Swahili"`` → ``"swahili"``."""
    match = _CODE_IN_BRACKETS.search(name)
    if match:
        return match.group(1).lower()
    plain = name.strip().lower()
    return KNOWN_LANGUAGES.get(plain, plain)


def language_header(code: str) -> str:
    """The header form of a language code: ``"en"`` → ``"English (en)"``."""
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)*", code):
        return code  # a language known only by name, as imported ("chinese")
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


def parse_header(index: int, header: str, default_language: str) -> Column:
    """Split ``label::English (en)``, ``label:english`` or ``joinedup::tags``."""
    parts = header.split("::") if "::" in header else header.split(":", 1)
    if len(parts) > 1 and parts[0].strip().lower() == "joinedup":
        base = CUSTOM_PREFIX + parts[1].strip().lower()
        rest = parts[2:]
    else:
        base = re.sub(r"\s+", "_", parts[0].strip().lower())
        rest = parts[1:]
    language = language_code("::".join(rest)) if rest else None
    if language is None and base in {"label", "hint", "constraint_message", "required_message"} | {
        CUSTOM_PREFIX + "title",
        CUSTOM_PREFIX + "description",
    }:
        language = default_language
    return Column(index, header, base, language)


def read_workbook(path: Path, problems: Problems) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's raw rows, keyed by lower-cased sheet name; problems if unreadable."""
    if path.suffix.lower() == ".xls":
        problems.add(
            "xlsform.old-excel-format",
            "this is an old-style .xls workbook, which joinedup does not read",
            hint="open it in a spreadsheet program and save it as .xlsx",
        )
        problems.raise_if_any()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                return {ws.title.strip().lower(): _rows(ws) for ws in book.worksheets}
            finally:
                book.close()
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        problems.add(
            "xlsform.unreadable",
            f"cannot read the workbook: {exc}",
            hint="check the file is an Excel .xlsx XLSForm and not damaged",
        )
    problems.raise_if_any()
    return {}


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    """The rows a sheet really holds, numbered from 1 with gaps kept as blank rows.

    Many exported workbooks claim a million rows; resetting the read-only
    sheet's dimensions makes openpyxl yield only the rows stored in the file.
    """
    sheet.reset_dimensions()
    rows: list[tuple[Any, ...]] = []
    for cells in sheet.iter_rows():
        if not cells:
            continue
        number = next((c.row for c in cells if getattr(c, "row", None)), None)
        if number is None:
            continue
        values = [getattr(c, "value", None) for c in cells]
        while values and values[-1] is None:
            values.pop()
        rows.extend(() for _ in range(number - 1 - len(rows)))
        rows.append(tuple(values))
    return rows


def make_sheet(
    name: str, raw: list[tuple[Any, ...]], default_language: str, problems: Problems
) -> Sheet:
    """Headers from the first row; later non-blank rows become :class:`Row` records."""
    columns: list[Column] = []
    seen: dict[tuple[str, str | None], Column] = {}
    header_row = raw[0] if raw else ()
    for index, header in enumerate(header_row):
        text = cell_text(header)
        if not text:
            continue
        column = parse_header(index, text, default_language)
        key = (column.base, column.language)
        if key in seen:
            problems.add(
                "xlsform.duplicate-column",
                f"column {text!r} repeats column {seen[key].letter} ({seen[key].header!r})",
                sheet=name,
                row=1,
                column=column,
                hint="keep one column for each name and language, and delete or rename the other",
            )
            continue
        seen[key] = column
        columns.append(column)
    wanted = {c.index for c in columns}
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        cells = {i: v for i, v in enumerate(values) if i in wanted and cell_text(v)}
        if cells:
            rows.append(Row(number, cells))
    return Sheet(name, columns, rows)
