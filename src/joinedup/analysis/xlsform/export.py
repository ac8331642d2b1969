"""XLSForm export: write an Instrument as a workbook that ODK tools and joinedup read.

The workbook has the three standard sheets. Each dimension becomes a group
(its description the group's hint); each language a ``label::Name (code)``
column. A scale becomes a choice list whose names are the scale values, plus a
choice named ``dk`` for an explicit "don't know". What XLSForm has no column
for is kept in columns headed ``joinedup::…``, which pyxform ignores:
``joinedup::tags``, ``joinedup::reverse``, ``joinedup::type`` (``relation`` for a
network item, ``single`` for a single-choice list that would otherwise read as
a scale), ``joinedup::only_if_works_with``, and on the settings sheet
``joinedup::kind``, ``joinedup::title::…`` and ``joinedup::description::…``.

An instrument with XLSForm logic (see :mod:`joinedup.analysis.formlogic`) gets
the standard columns for it (``relevant``, ``constraint``, ``constraint_message``,
``required_message``, ``calculation``, ``choice_filter``, ``default``,
``read_only``, ``parameters``), its choices' own columns on the choices sheet,
and its inner-group headings back as inner groups. An ``or_other`` question is
written as pyxform expands it: the list with its ``other`` choice, and the
``NAME_other`` text question asked when it is chosen.

A network instrument exports with its relation items as ordinary questions
marked ``joinedup::type = relation``. joinedup reads them back as relation items
asked about every other member; ODK Collect, which knows no roster, would ask
them once. Importing the file back gives an instrument equal to the original.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import IllegalCharacterError

from joinedup.analysis.instruments import (
    Choice,
    Dimension,
    Instrument,
    InstrumentError,
    Item,
    ItemType,
    Label,
    Problem,
)
from joinedup.analysis.xlsform.choices import is_dont_know
from joinedup.analysis.xlsform.sheets import language_header

DONT_KNOW_NAME = "dk"
_EXTRA = [
    "required",
    "joinedup::tags",
    "joinedup::reverse",
    "joinedup::type",
    "joinedup::only_if_works_with",
]


def write_xlsform(instrument: Instrument, path: Path) -> None:
    """Write ``instrument`` to ``path`` (.xlsx); refuse what would not read back the same."""
    _check_exportable(instrument, path)
    languages = _languages(instrument)
    book = openpyxl.Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    _fill(survey, _survey_rows(instrument, languages), path)
    _fill(book.create_sheet("choices"), _choice_rows(instrument, languages), path)
    _fill(book.create_sheet("settings"), _settings_rows(instrument, languages), path)
    book.save(path)


def _check_exportable(instrument: Instrument, path: Path) -> None:
    problems = [
        Problem(
            "xlsform.export-list-clash",
            f"scale and choice list share the name {name!r}",
            file=path.name,
            hint="XLSForm has one namespace for lists: rename one of them",
        )
        for name in sorted(set(instrument.scales) & set(instrument.choices))
    ]
    problems += [
        Problem(
            "xlsform.export-missing-code",
            f"scale {name!r} has the value {choice.value}, which XLSForm import reads as "
            '"don\'t know"',
            file=path.name,
            hint="renumber the scale, or make that choice the scale's dont_know",
        )
        for name, scale in instrument.scales.items()
        for choice in scale.choices
        if is_dont_know(choice.value)
    ]
    if problems:
        raise InstrumentError(problems)


def _used_lists(instrument: Instrument) -> tuple[set[str], set[str]]:
    """Names of the scales and choice lists that some item uses."""
    items = instrument.items()
    return {i.scale for i in items if i.scale}, {i.choices for i in items if i.choices}


def _fill(sheet: Any, rows: list[list[Any]], path: Path) -> None:
    """Append rows as plain values: text beginning with "=" stays text, not a formula."""
    for number, row in enumerate(rows, start=1):
        try:
            sheet.append(row)
        except IllegalCharacterError:
            raise InstrumentError(
                [
                    Problem(
                        "xlsform.export-bad-text",
                        "a text holds control characters a spreadsheet cannot store",
                        file=path.name,
                        sheet=sheet.title,
                        row=number,
                        hint="remove the control characters from the instrument's texts",
                    )
                ]
            ) from None
        for cell in sheet[number]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def _languages(instrument: Instrument) -> list[str]:
    found = list(instrument.languages)
    labels: list[Label | None] = [instrument.title, instrument.description]
    for dim in instrument.dimensions:
        labels += [dim.label, dim.description]
        labels += [text for item in dim.items for text in (item.label, item.hint)]
    labels += [c.label for scale in instrument.scales.values() for c in scale.choices]
    labels += [scale.dont_know for scale in instrument.scales.values()]
    labels += [c.label for choices in instrument.choices.values() for c in choices]
    for label in labels:
        for lang in label or {}:
            if lang not in found:
                found.append(lang)
    return found


def _texts(label: Label | None, languages: list[str]) -> list[str | None]:
    return [(label or {}).get(lang) for lang in languages]


def _has_logic(instrument: Instrument) -> bool:
    return any(
        i.relevant
        or i.constraint
        or i.calculation
        or i.choice_filter
        or i.default
        or i.read_only
        or i.range
        or i.section
        or i.required_message
        or i.type in (ItemType.NOTE, ItemType.CALCULATE)
        for i in instrument.items()
    )


def _logic_header(languages: list[str]) -> list[str]:
    return [
        "relevant",
        "constraint",
        *[f"constraint_message::{language_header(lang)}" for lang in languages],
        *[f"required_message::{language_header(lang)}" for lang in languages],
        "calculation",
        "choice_filter",
        "default",
        "read_only",
        "parameters",
    ]


def _logic_cells(item: Item, languages: list[str]) -> list[Any]:
    bounds = item.range
    parameters = (
        f"start={_num(bounds.start)} end={_num(bounds.end)} step={_num(bounds.step)}"
        if bounds
        else None
    )
    return [
        item.relevant,
        item.constraint,
        *_texts(item.constraint_message, languages),
        *_texts(item.required_message, languages),
        item.calculation,
        item.choice_filter,
        item.default,
        "yes" if item.read_only else None,
        parameters,
    ]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _survey_rows(instrument: Instrument, languages: list[str]) -> list[list[Any]]:
    header = ["type", "name"]
    header += [f"label::{language_header(lang)}" for lang in languages]
    header += [f"hint::{language_header(lang)}" for lang in languages]
    logic = _has_logic(instrument)
    rows: list[list[Any]] = [header + _EXTRA + (_logic_header(languages) if logic else [])]
    for dim in instrument.dimensions:
        rows.append(_group_row(dim, languages))
        section: Label | None = None
        part = 0
        for item in dim.items:
            if item.section != section:
                if section:
                    rows.append(["end group"])
                if item.section:
                    part += 1
                    rows.append(
                        ["begin group", f"{dim.name}_part{part}", *_texts(item.section, languages)]
                    )
                section = item.section
            row = _item_row(instrument, item, languages)
            rows.append(row + (_logic_cells(item, languages) if logic else []))
        if section:
            rows.append(["end group"])
        rows.append(["end group"])
    return rows


def _group_row(dim: Dimension, languages: list[str]) -> list[Any]:
    texts = _texts(dim.label, languages) + _texts(dim.description, languages)
    return ["begin group", dim.name, *texts, None, " ".join(dim.tags) or None]


def _item_row(instrument: Instrument, item: Item, languages: list[str]) -> list[Any]:
    kind, marker = _xlsform_type(instrument, item)
    return [
        kind,
        item.name,
        *_texts(item.label, languages),
        *_texts(item.hint, languages),
        "yes" if item.required else None,
        " ".join(item.tags) or None,
        "yes" if item.reverse else None,
        marker,
        "yes" if item.only_if_works_with else None,
    ]


def _xlsform_type(instrument: Instrument, item: Item) -> tuple[str, str | None]:
    """The XLSForm type of an item, and the ``joinedup::type`` marker it needs."""
    plain = {
        ItemType.TEXT: "text",
        ItemType.INTEGER: "integer",
        ItemType.DECIMAL: "decimal",
        ItemType.DATE: "date",
        ItemType.TIME: "time",
        ItemType.DATETIME: "datetime",
        ItemType.RANGE: "range",
        ItemType.NOTE: "note",
        ItemType.CALCULATE: "calculate",
    }
    if item.type in plain:
        return plain[item.type], None
    if item.type == ItemType.MULTIPLE:
        return f"select_multiple {item.choices}", None
    if item.type == ItemType.SINGLE:
        looks_like_scale = _reads_as_scale(instrument.choices[item.choices or ""])
        return f"select_one {item.choices}", "single" if looks_like_scale else None
    marker = "relation" if item.type == ItemType.RELATION else None
    return f"select_one {item.scale}", marker


def _reads_as_scale(choices: list[Choice]) -> bool:
    dont_know = [c for c in choices if is_dont_know(c.value)]
    numbers = [c for c in choices if c not in dont_know]
    return (
        len(dont_know) <= 1
        and len(numbers) >= 2
        and all(isinstance(c.value, int | float) for c in numbers)
    )


def _choice_rows(instrument: Instrument, languages: list[str]) -> list[list[Any]]:
    used_scales, used_lists = _used_lists(instrument)
    extra = sorted(
        {
            key
            for name, choices in instrument.choices.items()
            if name in used_lists
            for c in choices
            for key in c.properties
        }
    )
    rows: list[list[Any]] = [
        ["list_name", "name", *[f"label::{language_header(lang)}" for lang in languages], *extra]
    ]
    for name, scale in instrument.scales.items():
        if name not in used_scales:
            continue
        rows += [[name, c.value, *_texts(c.label, languages)] for c in scale.choices]
        if scale.dont_know:
            rows.append([name, DONT_KNOW_NAME, *_texts(scale.dont_know, languages)])
    for name, choices in instrument.choices.items():
        if name in used_lists:
            rows += [
                [
                    name,
                    c.value,
                    *_texts(c.label, languages),
                    *[c.properties.get(key) for key in extra],
                ]
                for c in choices
            ]
    return rows


def _settings_rows(instrument: Instrument, languages: list[str]) -> list[list[Any]]:
    default = languages[0]
    header: list[Any] = ["form_id", "form_title", "version", "default_language"]
    values: list[Any] = [
        instrument.id,
        instrument.title.get(default) or instrument.text(instrument.title, default),
        str(instrument.version),
        language_header(default),
    ]
    if instrument.kind != "questionnaire":
        header.append("joinedup::kind")
        values.append(instrument.kind)
    for lang in languages[1:]:
        if lang in instrument.title:
            header.append(f"joinedup::title::{language_header(lang)}")
            values.append(instrument.title[lang])
    for lang, text in (instrument.description or {}).items():
        header.append(f"joinedup::description::{language_header(lang)}")
        values.append(text)
    return [header, values]
