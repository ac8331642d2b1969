"""The XLSForm ``choices`` sheet: choice lists, and which of them are scales.

A list is read as a **scale** when every choice name is a number (the numbers
are the scale values, put in ascending order), allowing one extra choice that
means "don't know" (:func:`is_dont_know`). That choice becomes the scale's
explicit "don't know", which scores as missing. Lists that do not fit this rule
are plain choice lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from joinedup.analysis.instruments import Choice, Label, Scale
from joinedup.analysis.xlsform.sheets import Problems, Row, Sheet, number_or_text

CHOICE_COLUMNS = {"list_name", "name", "label"}
#: Choice columns that carry media: refused (any other column is kept as a
#: property of the choice, which a ``choice_filter`` may read).
CHOICE_MEDIA = {"media", "image", "audio", "video", "big-image"}
_PROPERTY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")

#: Choice names read as "don't know", after lower-casing and turning spaces,
#: hyphens and apostrophes into underscores (so "Don't know" → "don_t_know").
DONT_KNOW_NAMES = {"dk", "dont_know", "don_t_know", "dontknow", "do_not_know", "not_known"}
_MISSING_CODE = re.compile(r"^-[89]+$")


def is_dont_know(name: str | int | float) -> bool:
    """True for a "don't know" choice name: ``dk``, ``dont_know`` and similar
    spellings, or a negative survey missing-value code made only of 8s and 9s
    (``-8``, ``-9``, ``-88``, ``-99``, ``-999``)."""
    if isinstance(name, int):
        return bool(_MISSING_CODE.match(str(name)))
    if isinstance(name, float):
        return False
    key = re.sub(r"[\s'’-]+", "_", name.strip().lower())
    return key in DONT_KNOW_NAMES


@dataclass
class ChoiceRow:
    value: str | int | float
    label: Label
    row: int
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class ChoiceLists:
    """Every list on the choices sheet, by list name, with the rows it came from."""

    lists: dict[str, list[ChoiceRow]] = field(default_factory=dict)
    mentioned: set[str] = field(default_factory=set)  # list names seen, even on faulty rows

    def choices(self, list_name: str) -> list[Choice]:
        return [
            Choice(value=c.value, label=c.label, properties=c.properties)
            for c in self.lists[list_name]
        ]

    def scale(self, list_name: str) -> Scale | None:
        """The list as a scale, or None when it is not one (see module docs)."""
        rows = self.lists[list_name]
        dont_know = [c for c in rows if is_dont_know(c.value)]
        numbers = [c for c in rows if c not in dont_know]
        if len(dont_know) > 1 or len(numbers) < 2:
            return None
        if not all(isinstance(c.value, int | float) for c in numbers):
            return None
        ordered = sorted(numbers, key=lambda c: float(c.value))
        return Scale(
            choices=[Choice(value=c.value, label=c.label) for c in ordered],
            dont_know=dont_know[0].label if dont_know else None,
        )


def read_choices(
    sheet: Sheet | None, problems: Problems, allow_duplicates: bool = False
) -> ChoiceLists:
    """Read and check the choices sheet: names present and unique (unless the
    settings allow duplicates, which a choice filter then tells apart), labels
    present; other columns become the choices' properties."""
    found = ChoiceLists()
    if sheet is None:
        return found
    list_col, name_col = sheet.column("list_name"), sheet.column("name")
    labels = sheet.languages("label")
    for row in sheet.rows:
        _refuse_other_columns(sheet, row, problems)
        list_name, value = row.text(list_col), number_or_text(row.value(name_col))
        if not list_name:
            problems.add(
                "xlsform.missing-list-name",
                "this choice belongs to no list",
                sheet=sheet.name,
                row=row.number,
                column=list_col,
                hint="put the list name in the list_name column",
            )
            continue
        found.mentioned.add(list_name)
        label = {str(lang): row.text(col) for lang, col in labels.items() if row.text(col)}
        if _choice_ok(sheet, row, list_name, value, label, found, problems, allow_duplicates):
            properties = {
                c.header: row.text(c)
                for c in sheet.columns
                if c.base not in CHOICE_COLUMNS | CHOICE_MEDIA
                and _PROPERTY.match(c.header)
                and row.text(c)
            }
            found.lists.setdefault(list_name, []).append(
                ChoiceRow(value, label, row.number, properties)
            )
    return found


def _choice_ok(
    sheet: Sheet,
    row: Row,
    list_name: str,
    value: str | int | float,
    label: Label,
    found: ChoiceLists,
    problems: Problems,
    allow_duplicates: bool = False,
) -> bool:
    if value == "":
        problems.add(
            "xlsform.missing-name",
            f"a choice in list {list_name!r} has no name",
            column=sheet.column("name"),
            hint="give every choice a short name (the value stored)",
            sheet=sheet.name,
            row=row.number,
        )
        return False
    if not allow_duplicates and any(c.value == value for c in found.lists.get(list_name, [])):
        problems.add(
            "xlsform.duplicate-choice",
            f"list {list_name!r} has the choice {value!r} twice",
            column=sheet.column("name"),
            hint="each choice name may appear once in its list",
            sheet=sheet.name,
            row=row.number,
        )
        return False
    if not label:
        problems.add(
            "xlsform.missing-label",
            f"choice {value!r} in list {list_name!r} has no label",
            column=next(iter(sheet.languages("label").values()), None),
            hint="write the text respondents see in a label column",
            sheet=sheet.name,
            row=row.number,
        )
        return False
    return True


def _refuse_other_columns(sheet: Sheet, row: Row, problems: Problems) -> None:
    for column in sheet.columns:
        if column.base in CHOICE_MEDIA and row.text(column):
            problems.add(
                "xlsform.media",
                f"column {column.header!r} (a picture, sound or film) is not supported",
                sheet=sheet.name,
                row=row.number,
                column=column,
                hint="joinedup's pages show text only: clear this cell",
            )
