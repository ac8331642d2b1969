"""The XLSForm ``survey`` sheet, row by row: groups, questions and refusals.

:class:`FormBuilder` walks the survey rows once. Groups open and close
dimensions; questions become items; notes and metadata are skipped; anything
joinedup cannot honour is recorded as a problem at its row and column, and the
walk carries on so that the user sees every problem in one go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from joinedup.analysis.instruments import (
    NAME_PATTERN,
    Choice,
    Dimension,
    Item,
    ItemType,
    Label,
    Scale,
)
from joinedup.analysis.xlsform.choices import ChoiceLists, read_choices
from joinedup.analysis.xlsform.sheets import Column, Problems, Row, Sheet
from joinedup.analysis.xlsform.vocab import (
    BEGIN,
    COLUMN_HINTS,
    END,
    FROM_FILE,
    GROUP_APPEARANCES,
    ITEM_APPEARANCES,
    META_TYPES,
    PLAIN_TYPES,
    SELECT,
    SURVEY_COLUMNS,
)


@dataclass
class _Dim:
    name: str
    label: Label
    row: int | None
    description: Label | None = None
    tags: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


class FormBuilder:
    """Collects dimensions, scales and choice lists from the survey sheet."""

    def __init__(self, problems: Problems, choices: Sheet | None, form: tuple[str, Label]):
        self.problems = problems
        self.lists: ChoiceLists = read_choices(choices, problems)
        self.choices_sheet = choices
        self.form = form
        self.default_language = next(iter(form[1]), "en")
        self.scales: dict[str, Scale] = {}
        self.choice_lists: dict[str, list[Choice]] = {}
        self._dims: list[_Dim] = []
        self._loose: _Dim | None = None
        self._stack: list[tuple[str, _Dim | None]] = []  # ("group" | "repeat", dimension)
        self._names: dict[str, dict[str, int]] = {"group": {}, "question": {}}
        self._languages: list[str] = []
        self.sheet: Sheet | None = None

    # -- walking the sheet -------------------------------------------------
    def read_survey(self, sheet: Sheet) -> None:
        self.sheet = sheet
        missing = [base for base in ("type", "name") if sheet.column(base) is None]
        for base in missing:
            self._problem(
                "xlsform.missing-column",
                f"the survey sheet has no {base!r} column",
                1,
                hint=f"add a column headed {base!r} in row 1",
            )
        if missing:
            return
        for base in ("label", "hint"):
            self._note_languages(sheet.languages(base))
        if self.choices_sheet:
            self._note_languages(self.choices_sheet.languages("label"))
        for row in sheet.rows:
            self._row(row)
        for kind, dim in self._stack:
            self._problem(
                "xlsform.unbalanced-group",
                f"this begin {kind} is never ended",
                dim.row if dim else None,
                column=sheet.column("type"),
                hint=f"add an 'end {kind}' row",
            )

    def _row(self, row: Row) -> None:
        kind = " ".join(self._text(row, "type").lower().split())
        self._refuse_other_columns(row)
        if not kind:
            self._problem(
                "xlsform.missing-type",
                "this row has content but no type",
                row.number,
                column=self._col("type"),
                hint="give the row a type, or delete it",
            )
        elif BEGIN.match(kind) or END.match(kind):
            self._structure(row, kind)
        elif kind in META_TYPES or kind == "note":
            return
        else:
            self._question(row, kind)

    def _structure(self, row: Row, kind: str) -> None:
        begin, end = BEGIN.match(kind), END.match(kind)
        what = (begin or end).group(1) if (begin or end) else ""  # type: ignore[union-attr]
        what = "repeat" if what == "loop" else what
        if end:
            if not self._stack or self._stack[-1][0] != what:
                self._problem(
                    "xlsform.unbalanced-group",
                    f"this end {what} has no matching begin {what}",
                    row.number,
                    column=self._col("type"),
                    hint="check that every begin row has exactly one end row",
                )
            else:
                self._stack.pop()
            return
        if what == "repeat":
            self._problem(
                "xlsform.repeat",
                "repeats and loops are not supported",
                row.number,
                column=self._col("type"),
                hint="ask the questions once; for questions about each partner use "
                "joinedup's network survey",
            )
            self._stack.append(("repeat", None))
            return
        self._begin_group(row)

    def _begin_group(self, row: Row) -> None:
        if self._stack:
            self._problem(
                "xlsform.nested-group",
                "a group inside another group or repeat is not supported",
                row.number,
                column=self._col("type"),
                hint="end the outer group before beginning this one; each group is one page",
            )
        self._appearance(row, GROUP_APPEARANCES)
        name = self._name(row, "group")
        label = self._label(row, "label") or {self.default_language: name}
        dim = _Dim(name, label, row.number, self._label(row, "hint"), self._tags(row))
        self._dims.append(dim)
        self._stack.append(("group", dim))

    def _question(self, row: Row, kind: str) -> None:
        data = self._item_type(row, kind)
        name = self._name(row, "question")
        label = self._label(row, "label")
        if data is not None and not label:
            self._problem(
                "xlsform.missing-label",
                f"question {name!r} has no label",
                row.number,
                column=self._col("label"),
                hint="write the question text in a label column",
            )
        if data is None or not label or not re.match(NAME_PATTERN, name):
            return
        self._appearance(row, ITEM_APPEARANCES)
        data.update(
            name=name,
            label=label,
            hint=self._label(row, "hint"),
            required=self._flag(row, "required"),
            reverse=self._flag(row, "joinedup::reverse"),
            only_if_works_with=self._flag(row, "joinedup::only_if_works_with"),
            tags=self._tags(row),
        )
        try:
            item = Item(**data)
        except ValidationError as exc:
            for err in exc.errors():
                self._problem(
                    "xlsform.invalid-question",
                    str(err["msg"]).removeprefix("Value error, "),
                    row.number,
                    hint="correct this question's cells",
                )
            return
        self._current_dim().items.append(item)

    # -- types ---------------------------------------------------------------
    def _item_type(self, row: Row, kind: str) -> dict[str, Any] | None:
        override = self._text(row, "joinedup::type").lower()
        if kind in PLAIN_TYPES and not override:
            return {"type": PLAIN_TYPES[kind]}
        select = SELECT.match(kind)
        if select is None or FROM_FILE.match(kind):
            self._unsupported_type(row, kind)
            return None
        if select.group(3):
            self._problem(
                "xlsform.or-other",
                "'or_other' (a free-text \"other\" answer) is not supported",
                row.number,
                column=self._col("type"),
                hint="add an 'other' choice and, if needed, a separate text question",
            )
            return None
        list_name = select.group(2)
        if list_name not in self.lists.lists:
            if list_name in self.lists.mentioned:
                return None  # its faulty choice rows are reported already
            self._problem(
                "xlsform.unknown-list",
                f"choice list {list_name!r} is not on the choices sheet",
                row.number,
                column=self._col("type"),
                hint="add the list to the choices sheet, or correct its name here",
            )
            return None
        multiple = select.group(1).startswith(("select_multiple", "select all"))
        return self._select(row, list_name, multiple, override)

    def _select(
        self, row: Row, list_name: str, multiple: bool, override: str
    ) -> dict[str, Any] | None:
        scale = None if multiple or override == "single" else self.lists.scale(list_name)
        if override not in {"", "single", "relation"} or (override == "relation" and scale is None):
            self._problem(
                "xlsform.bad-joinedup-type",
                f"joinedup::type {override!r} does not fit this {list_name!r} question",
                row.number,
                column=self._col("joinedup::type"),
                hint="use 'relation' on a numeric select_one, 'single', or leave it empty",
            )
            return None
        if scale is not None:
            self.scales[list_name] = scale
            kind = ItemType.RELATION if override == "relation" else ItemType.SCALE
            return {"type": kind, "scale": list_name}
        self.choice_lists[list_name] = self.lists.choices(list_name)
        return {"type": ItemType.MULTIPLE if multiple else ItemType.SINGLE, "choices": list_name}

    def _unsupported_type(self, row: Row, kind: str) -> None:
        self._problem(
            "xlsform.unsupported-type",
            f"question type {self._text(row, 'type')!r} is not supported",
            row.number,
            column=self._col("type"),
            hint="joinedup asks select_one, select_multiple, text, integer and decimal "
            "questions; use one of those or remove the row",
        )

    # -- cells ---------------------------------------------------------------
    def _refuse_other_columns(self, row: Row) -> None:
        assert self.sheet is not None
        for column in self.sheet.columns:
            if column.base not in SURVEY_COLUMNS and row.text(column):
                self._problem(
                    "xlsform.unsupported-column",
                    f"column {column.header!r} is not supported",
                    row.number,
                    column=column,
                    hint=COLUMN_HINTS.get(
                        column.base, "joinedup cannot honour it: clear this cell"
                    ),
                )

    def _name(self, row: Row, what: str) -> str:
        """The row's name, checked: usable, and unique among groups or among questions."""
        name = self._text(row, "name")
        seen = self._names[what]
        if not re.match(NAME_PATTERN, name):
            self._problem(
                "xlsform.bad-name",
                f"name {name!r} is missing or not usable" if name else "the name is missing",
                row.number,
                column=self._col("name"),
                hint="start with a letter; use letters, digits, '_', '-' or '.'",
            )
        elif name in seen:
            self._problem(
                "xlsform.duplicate-name",
                f"{what} name {name!r} is already used in row {seen[name]}",
                row.number,
                column=self._col("name"),
                hint=f"every {what} needs its own name",
            )
        else:
            seen[name] = row.number
        return name

    def _label(self, row: Row, base: str) -> Label | None:
        assert self.sheet is not None
        columns = self.sheet.languages(base)
        label = {str(lang): row.text(col) for lang, col in columns.items() if row.text(col)}
        return label or None

    def _tags(self, row: Row) -> list[str]:
        return self._text(row, "joinedup::tags").replace(",", " ").split()

    def _flag(self, row: Row, base: str) -> bool:
        text = self._text(row, base).lower()
        if text in {"", "no", "false", "false()"}:
            return False
        if text in {"yes", "true", "true()"}:
            return True
        self._problem(
            "xlsform.bad-flag",
            f"{base} must be yes or no, not {text!r}",
            row.number,
            column=self._col(base),
            hint="conditions are not supported here: write yes or no",
        )
        return False

    def _appearance(self, row: Row, allowed: set[str]) -> None:
        text = self._text(row, "appearance").lower()
        if text not in allowed:
            self._problem(
                "xlsform.unsupported-appearance",
                f"appearance {text!r} is not supported here",
                row.number,
                column=self._col("appearance"),
                hint="joinedup lays out its own pages; clear this cell or use one of "
                + ", ".join(sorted(a for a in allowed if a)),
            )

    def _current_dim(self) -> _Dim:
        for _kind, dim in self._stack:
            if dim is not None:
                return dim
        if self._loose is None:
            self._loose = _Dim(self.form[0], dict(self.form[1]), None)
            self._dims.append(self._loose)
        return self._loose

    def _col(self, base: str) -> Column | None:
        assert self.sheet is not None
        return self.sheet.column(base) or next(iter(self.sheet.languages(base).values()), None)

    def _text(self, row: Row, base: str) -> str:
        return row.text(self._col(base))

    def _problem(
        self,
        code: str,
        message: str,
        row: int | None,
        *,
        column: Column | None = None,
        hint: str = "",
    ) -> None:
        sheet = self.sheet.name if self.sheet else "survey"
        self.problems.add(code, message, sheet=sheet, row=row, column=column, hint=hint)

    def _note_languages(self, columns: dict[str | None, Column]) -> None:
        for lang in columns:
            if lang and lang not in self._languages:
                self._languages.append(lang)

    # -- results -------------------------------------------------------------
    def languages(self, default: str) -> list[str]:
        """Languages seen in label and hint columns, the default language first."""
        found = list(self._languages) or [default]
        if default in found:
            found.remove(default)
            found.insert(0, default)
        return found

    def dimensions(self) -> list[Dimension]:
        """Groups holding at least one question (groups of notes only carry no answers)."""
        names = {d.name for d in self._dims if d is not self._loose}
        if self._loose is not None and self._loose.name in names:
            self._problem(
                "xlsform.duplicate-name",
                f"questions outside groups go into a dimension named {self._loose.name!r}, "
                "but a group already has that name",
                None,
                hint="rename the group, or put the loose questions into a group",
            )
            self.problems.raise_if_any()
        return [
            Dimension(
                name=d.name, label=d.label, description=d.description, tags=d.tags, items=d.items
            )
            for d in self._dims
            if d.items
        ]
