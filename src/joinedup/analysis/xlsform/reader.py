"""XLSForm import: turn an ODK/KoboToolbox questionnaire into a joinedup Instrument.

The mapping (written out for users in ``docs/instruments.md``):

* ``begin group`` … ``end group`` becomes a dimension (group name and label);
  questions outside any group go into one dimension named after the form.
* ``select_one LIST`` whose choice names are all numbers becomes a SCALE item,
  the numbers being the scale values in ascending order. One extra choice that
  means "don't know" (see :func:`is_dont_know`) becomes the scale's explicit
  "don't know". Any other ``select_one`` is a SINGLE choice item;
  ``select_multiple`` is MULTIPLE; ``text``, ``integer``, ``decimal``, ``date``,
  ``time``, ``datetime``, ``range``, ``note`` and ``calculate`` keep their
  meaning (notes and calculations are items that take no answer). The metadata
  types (start, end, deviceid…), which the respondent never sees, are skipped.
* ``relevant``, ``constraint`` (with ``constraint_message``), ``required_message``,
  ``calculation``, ``choice_filter``, ``default``, ``read_only``, ``or_other``,
  groups inside groups (headings on their dimension's page) and
  ``select_*_from_file`` (the list file beside the form, or in ``files``) are
  kept; every expression is compiled now (:mod:`.logic`).
* Labels and hints in several languages (``label::Cymraeg (cy)``) become
  per-language labels.

What joinedup cannot honour (repeats, media and location questions, media
columns, a condition in ``required``) is refused: the file is rejected with one
:class:`~joinedup.analysis.instruments.Problem` per cell at fault, giving the
sheet, 1-based row and column. What only a phone app would honour (``buttonText``,
external-app appearances) is imported with a warning per cell
(:func:`read_xlsform`). When our own checks pass, pyxform converts the file too,
and its errors are reported the same way.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from joinedup.analysis.instruments import (
    NAME_PATTERN,
    Instrument,
    InstrumentError,
    Label,
    Problem,
)
from joinedup.analysis.xlsform.rows import FormBuilder
from joinedup.analysis.xlsform.sheets import (
    Column,
    Problems,
    Sheet,
    cell_text,
    language_code,
    make_sheet,
    read_workbook,
)

__all__ = ["XLSFormImport", "export_xlsform", "load_xlsform", "read_xlsform"]

#: Settings columns that only affect how ODK delivers a form, not what it asks.
DELIVERY_SETTINGS = {
    "public_key",
    "submission_url",
    "style",
    "omit_instanceid",
    "auto_send",
    "auto_delete",
    "instance_name",
    "clean_text_values",
    "allow_choice_duplicates",
}
USED_SETTINGS = {
    "form_id",
    "form_title",
    "version",
    "default_language",
    "joinedup::kind",
    "joinedup::title",
    "joinedup::description",
}


@dataclass(frozen=True)
class XLSFormImport:
    """An imported form and the warnings about cells only a phone app honours."""

    instrument: Instrument
    warnings: list[Problem]


def load_xlsform(path: str | Path, files: Mapping[str, Path] | None = None) -> Instrument:
    """Read an XLSForm (.xlsx) as an :class:`Instrument`, or raise :class:`InstrumentError`.

    Every problem found is reported at once, each with the file, sheet, row
    and column; nothing raised by openpyxl or pyxform escapes as a traceback.
    ``files`` maps the names of list files (``select_one_from_file NAME``) to
    where they are; a list file not given is looked for beside the form.
    """
    return read_xlsform(path, files).instrument


def read_xlsform(path: str | Path, files: Mapping[str, Path] | None = None) -> XLSFormImport:
    """:func:`load_xlsform`, with the warnings of the import."""
    source = Path(path)
    problems = Problems(source.name)
    raw = read_workbook(source, problems)
    if "survey" not in raw:
        problems.add(
            "xlsform.missing-sheet",
            "the workbook has no sheet called 'survey'",
            hint="an XLSForm needs a 'survey' sheet listing the questions",
        )
        problems.raise_if_any()
    default_language = _default_language(raw.get("settings", []))
    sheets = {
        name: make_sheet(name, rows, default_language, problems)
        for name, rows in raw.items()
        if name in {"survey", "choices", "settings"}
    }
    settings = _settings(sheets.get("settings"), source, default_language, problems)
    builder = FormBuilder(
        problems,
        sheets.get("choices"),
        settings["dimension"],
        path=source,
        files=files,
        allow_duplicates=settings["allow_duplicates"],
    )
    builder.read_survey(sheets["survey"])
    problems.raise_if_any()
    _check_with_pyxform(source, problems)
    try:
        instrument = Instrument(
            id=settings["id"],
            version=settings["version"],
            title=settings["title"],
            description=settings["description"],
            kind=settings["kind"],
            languages=builder.languages(default_language),
            scales=builder.scales,
            choices=builder.choice_lists,
            dimensions=builder.dimensions(),
        )
    except ValidationError as exc:
        for err in exc.errors():
            problems.add(
                "xlsform.invalid",
                str(err["msg"]).removeprefix("Value error, "),
                hint="correct the form so that it describes one consistent instrument",
            )
        raise InstrumentError(problems.found) from None
    return XLSFormImport(instrument, list(problems.warnings))


def export_xlsform(instrument: Instrument, path: str | Path) -> None:
    """Write ``instrument`` as an XLSForm; see :mod:`joinedup.analysis.xlsform.export`."""
    from joinedup.analysis.xlsform.export import write_xlsform

    write_xlsform(instrument, Path(path))


def _default_language(raw: list[tuple[Any, ...]]) -> str:
    if len(raw) < 2:
        return "en"
    for header, value in zip(raw[0], raw[1], strict=False):
        if cell_text(header).strip().lower() == "default_language" and cell_text(value):
            return language_code(cell_text(value))
    return "en"


def _settings(
    sheet: Sheet | None, source: Path, default_language: str, problems: Problems
) -> dict[str, Any]:
    """Id, version, title, description and kind from the settings sheet (row 2)."""
    row = sheet.rows[0] if sheet and sheet.rows else None
    found: dict[str, Any] = {
        "id": _slug(source.stem),
        "version": 1,
        "title": {default_language: source.stem},
        "description": None,
        "kind": "questionnaire",
        "allow_duplicates": False,
    }
    if sheet is None or row is None:
        found["dimension"] = (found["id"], dict(found["title"]))
        return found
    for column in sheet.columns:
        text = row.text(column)
        if not text:
            continue
        if column.base == "form_id":
            if re.match(NAME_PATTERN, text):
                found["id"] = text
            else:
                problems.add(
                    "xlsform.bad-form-id",
                    f"form_id {text!r} is not a usable id",
                    sheet=sheet.name,
                    row=row.number,
                    column=column,
                    hint="use letters, digits, '_', '-' or '.', starting with a letter",
                )
        elif column.base == "form_title":
            found["title"] = {default_language: text}
        elif column.base == "version" and re.fullmatch(r"\d+", text):
            found["version"] = int(text)
        elif column.base == "allow_choice_duplicates":
            found["allow_duplicates"] = text.strip().lower() in {"yes", "true", "true()"}
        elif column.base == "joinedup::kind":
            found["kind"] = _kind(text, sheet, row.number, column, problems)
        elif column.base not in USED_SETTINGS | DELIVERY_SETTINGS:
            problems.add(
                "xlsform.unsupported-setting",
                f"setting {column.header!r} is not supported",
                sheet=sheet.name,
                row=row.number,
                column=column,
                hint="clear this cell; joinedup cannot honour this setting",
            )
    found["title"] = _with_languages(found["title"], sheet, row, "joinedup::title")
    description = _with_languages({}, sheet, row, "joinedup::description")
    found["description"] = description or None
    found["dimension"] = (found["id"], dict(found["title"]))
    return found


def _with_languages(label: Label, sheet: Sheet, row: Any, base: str) -> Label:
    extra = {lang: row.text(col) for lang, col in sheet.languages(base).items() if lang}
    return {**label, **{lang: text for lang, text in extra.items() if text}}


def _kind(text: str, sheet: Sheet, row: int, column: Any, problems: Problems) -> str:
    if text in {"questionnaire", "network"}:
        return text
    problems.add(
        "xlsform.bad-kind",
        f"joinedup::kind must be 'questionnaire' or 'network', not {text!r}",
        sheet=sheet.name,
        row=row,
        column=column,
        hint="write network for a roster-based network survey; otherwise leave it empty",
    )
    return "questionnaire"


def _slug(stem: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "form"
    return slug if re.match(NAME_PATTERN, slug) else f"form-{slug}"


def _check_with_pyxform(source: Path, problems: Problems) -> None:
    """Let pyxform convert the file; its errors become problems (warnings are ignored)."""
    from pyxform.xls2xform import convert

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyxform's own deprecation notices
            convert(xlsform=str(source), warnings=[])
    except Exception as exc:  # pyxform raises many kinds; each becomes a Problem
        message = str(exc).strip() or type(exc).__name__
        row = re.search(r"\[row\s*:\s*(\d+)\]", message)
        sheet = re.search(r"[Oo]n the '(\w+)' sheet", message)
        column = re.search(r"the '(\w+)' value", message)
        problems.add(
            "xlsform.pyxform",
            f"pyxform rejects the form: {message}",
            sheet=sheet.group(1) if sheet else "",
            row=int(row.group(1)) if row else None,
            column=Column(-1, column.group(1), column.group(1), None) if column else None,
            hint="fix the form so that ODK's own converter accepts it",
        )
    problems.raise_if_any()
