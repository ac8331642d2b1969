"""One reader for the tables people bring: CSV text or the first sheet of a workbook.

Every importer in joinedup reads its file here, so each file is read by the same
rules:

* **CSV** is UTF-8, with or without a byte-order mark. The delimiter is a comma,
  unless the header line holds more semicolons than commas outside quoted headings
  (as a spreadsheet set to a European locale, or KoboToolbox, writes): then it is a
  semicolon. Only the
  header line is looked at, and a header always holds several column names, so a
  semicolon in a data cell (a ``;``-separated list) never changes the delimiter.
* **XLSX** (when the caller accepts workbooks) is the first sheet, values as
  shown. The stored ``<dimension>`` of a sheet is the writer's claim, not the
  data: it is reset, so a file that claims 16,384 columns costs what its cells
  cost.
* Every cell is stripped of surrounding white space, and empty cells at the end of
  a row are dropped (a spreadsheet pads rows to the widest one).
* Rows are numbered as a spreadsheet shows them: the header is row 1, and a quoted
  cell holding a line break does not add a row.
* A cell holding a NUL character (U+0000) is refused, naming its row and column:
  no text field can hold one (PostgreSQL cannot even be asked about it), and it
  usually means the file is not text at all.
* A file that cannot be opened, is not UTF-8, is not CSV, or is a damaged workbook
  is one :class:`~joinedup.analysis.problems.Problem` (``table.unreadable``).

Problems are raised as :class:`~joinedup.analysis.problems.ProblemError`, each
naming the file as ``label`` (by default the path) in the caller's ``style``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from joinedup.analysis.problems import Problem, ProblemError, Style

MAX_PROBLEMS = 50
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})


@dataclass(frozen=True)
class Table:
    """A table read whole: the header, and the data rows that hold anything, each
    with its spreadsheet row number (the first data row is row 2)."""

    file: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


@dataclass(frozen=True)
class _Source:
    path: Path
    label: str
    style: Style
    workbooks: bool

    def problem(
        self, code: str, message: str, row: int | None = None, column: str = "", hint: str = ""
    ) -> Problem:
        return Problem(code, message, self.label, "", row, column, hint, self.style)

    def refuse(self, code: str, message: str, hint: str = "") -> ProblemError:
        return ProblemError([self.problem(code, message, hint=hint)], file=self.label)


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _delimiter(path: Path) -> str:
    """``;`` when the header line holds more semicolons than commas outside quoted
    headings (a KoboToolbox export quotes every heading, and a question's label may
    hold a comma), else ``,``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        head = handle.readline(64 * 1024)
    outside = "".join(part for n, part in enumerate(head.split('"')) if n % 2 == 0)
    return ";" if outside.count(";") > outside.count(",") else ","


def csv_delimiter(path: Path) -> str:
    """The delimiter :func:`iter_rows` reads a CSV file with (``,`` or ``;``)."""
    return _delimiter(path)


#: The longest cell a CSV file may hold (the csv module's own default limit). Checked
#: here rather than left to ``csv.field_size_limit``, which is process-wide state that
#: other libraries raise (frictionless does, on import): a runaway quote must stay one
#: clear problem whatever else the process has loaded.
MAX_CSV_CELL = 131_072


def _csv_rows(path: Path) -> Iterator[list[str]]:
    delimiter = _delimiter(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter=delimiter):
            if max(map(len, row), default=0) > MAX_CSV_CELL:
                raise csv.Error(f"field larger than field limit ({MAX_CSV_CELL})")
            yield row


def _sheet_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the stored <dimension> is the writer's claim, not the data
        for values in sheet.iter_rows(values_only=True):
            yield ["" if v is None else str(v) for v in values]
    finally:
        book.close()


def _raw_rows(source: _Source) -> Iterator[list[str]]:
    suffix = source.path.suffix.lower()
    if source.workbooks and suffix in WORKBOOK_SUFFIXES:
        return _sheet_rows(source.path)
    if source.workbooks and suffix != ".csv":
        raise source.refuse(
            "table.unknown-kind", f"cannot read {source.path.name}", "give a .csv or .xlsx file"
        )
    return _csv_rows(source.path)


def _nul_problems(source: _Source, header: list[str], number: int, row: list[str]) -> list[Problem]:
    """A problem for every cell of row ``number`` that holds a NUL character."""

    def column(index: int) -> str:
        named = header[index] if index < len(header) and "\x00" not in header[index] else ""
        return named or column_letter(index)

    return [
        source.problem(
            "table.nul",
            "holds a NUL character, which no text can contain (is the file really text?)",
            row=number,
            column=column(c),
        )
        for c, cell in enumerate(row)
        if "\x00" in cell
    ]


def _trimmed(raw: list[str]) -> list[str]:
    row = [cell.strip() for cell in raw]
    while row and row[-1] == "":
        row.pop()
    return row


def _unreadable(source: _Source, exc: Exception) -> ProblemError:
    if isinstance(exc, OSError):
        return source.refuse("table.unreadable", f"cannot open the file ({exc.strerror or exc})")
    if isinstance(exc, UnicodeDecodeError):
        return source.refuse(
            "table.unreadable",
            f"the file is not UTF-8 text (byte {exc.start + 1})",
            "save it as CSV UTF-8",
        )
    if isinstance(exc, csv.Error):
        return source.refuse("table.unreadable", f"not a readable CSV file ({exc})")
    if isinstance(exc, ValueError | KeyError):
        return source.refuse("table.unreadable", f"cannot read the file: {exc}")
    return source.refuse("table.unreadable", f"not a readable workbook ({type(exc).__name__})")


def iter_rows(
    path: Path, *, label: str = "", style: Style = Style.CODED, workbooks: bool = False
) -> Iterator[list[str]]:
    """The rows of a table one at a time, the header first, every row given (an
    empty one as ``[]``), so the n-th row given is spreadsheet row n.

    The file is never held whole: a large file costs the memory of one row. An
    unreadable file raises where it is found; cells holding a NUL character are all
    named (up to ``MAX_PROBLEMS``) in one :class:`ProblemError` raised after the
    last row (at once for the header), and their rows are not given, so a reader
    that collects its own problems and raises them after the last row reports the
    NUL characters alone. ``workbooks`` lets ``.xlsx``/``.xlsm`` files be read as
    workbooks (and refuses any suffix but those and ``.csv``); without it every
    file is read as CSV text.
    """
    source = _Source(path, label or str(path), style, workbooks)
    header: list[str] = []
    nul: list[Problem] = []
    try:
        for number, raw in enumerate(_raw_rows(source), start=1):
            row = _trimmed(raw)
            if number == 1:
                header = row
            if any("\x00" in c for c in row):
                if len(nul) < MAX_PROBLEMS:
                    nul.extend(_nul_problems(source, header, number, row))
                if number == 1:
                    break  # without a header no row can be read
                continue
            yield row
    except ProblemError:
        raise
    except Exception as exc:  # openpyxl raises assorted errors for a damaged workbook
        raise _unreadable(source, exc) from None
    if nul:
        raise ProblemError(nul[:MAX_PROBLEMS], file=source.label)


def load_table(
    path: Path, *, label: str = "", style: Style = Style.CODED, workbooks: bool = False
) -> Table:
    """The whole table (see :func:`iter_rows`); rows with no text are left out."""
    rows = iter_rows(path, label=label, style=style, workbooks=workbooks)
    header = next(rows, [])
    data = [(number, row) for number, row in enumerate(rows, start=2) if any(row)]
    return Table(label or str(path), header, data)


def as_mapping(header: list[str], row: list[str]) -> dict[str, str]:
    """A row as column → cell, an absent cell as ``""``; cells beyond the header
    are left out (a caller that minds them compares ``len(row)`` with the header)."""
    return {name: row[i] if i < len(row) else "" for i, name in enumerate(header)}
