"""The XLSForm ``survey`` sheet, row by row: groups, questions and refusals.

:class:`FormBuilder` walks the survey rows once. Top-level groups open and close
dimensions; a group inside one is a heading within its page, its ``relevant``
joined into its questions'; questions and notes become items; metadata rows are
skipped; anything joinedup cannot honour is recorded as a problem at its row and
column, and the walk carries on so that the user sees every problem in one go.
The logic cells are read by :mod:`.logic`, list files by :mod:`.external`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from joinedup.analysis.instruments import (
    NAME_PATTERN,
    UNANSWERED_TYPES,
    Choice,
    Dimension,
    Item,
    ItemType,
    Label,
    Scale,
)
from joinedup.analysis.xlsform.cells import SurveyCells
from joinedup.analysis.xlsform.choices import ChoiceLists, read_choices
from joinedup.analysis.xlsform.external import ListFileError, find_list_file, read_list_file
from joinedup.analysis.xlsform.logic import LogicCells
from joinedup.analysis.xlsform.sheets import Problems, Row, Sheet
from joinedup.analysis.xlsform.vocab import (
    BEGIN,
    END,
    FROM_FILE,
    GROUP_APPEARANCES,
    ITEM_APPEARANCES,
    META_TYPES,
    PHONE_NUMBER,
    PLAIN_TYPES,
    SELECT,
)

OTHER = "other"  # the choice an or_other list gains, as pyxform names it


@dataclass
class _Dim:
    name: str
    label: Label
    row: int | None
    description: Label | None = None
    tags: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass
class _Open:
    """A begin group/repeat not yet ended: its dimension (top-level groups only),
    its condition, and its heading (inner groups)."""

    kind: str  # "group" or "repeat"
    dim: _Dim | None
    relevant: str | None = None
    section: Label | None = None


class FormBuilder(SurveyCells):
    """Collects dimensions, scales and choice lists from the survey sheet."""

    def __init__(
        self,
        problems: Problems,
        choices: Sheet | None,
        form: tuple[str, Label],
        *,
        path: Path | None = None,
        files: Mapping[str, Path] | None = None,
        allow_duplicates: bool = False,
    ):
        self.problems = problems
        self.lists: ChoiceLists = read_choices(choices, problems, allow_duplicates)
        self.path, self.files = path, files
        self.choices_sheet = choices
        self.form = form
        self.default_language = next(iter(form[1]), "en")
        self.scales: dict[str, Scale] = {}
        self.choice_lists: dict[str, list[Choice]] = {}
        self._dims: list[_Dim] = []
        self._loose: _Dim | None = None
        self._stack: list[_Open] = []
        self._names: dict[str, dict[str, int]] = {"group": {}, "question": {}}
        self._languages: list[str] = []
        self.sheet: Sheet | None = None
        self.logic: LogicCells | None = None

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
        self.logic = LogicCells(self.problems, sheet, self.default_language)
        for base in ("label", "hint"):
            self._note_languages(sheet.languages(base))
        if self.choices_sheet:
            self._note_languages(self.choices_sheet.languages("label"))
        for row in sheet.rows:
            self._row(row)
        for still in self._stack:
            self._problem(
                "xlsform.unbalanced-group",
                f"this begin {still.kind} is never ended",
                still.dim.row if still.dim else None,
                column=sheet.column("type"),
                hint=f"add an 'end {still.kind}' row",
            )
        self.logic.check({item.name for dim in self._dims for item in dim.items})

    def _row(self, row: Row) -> None:
        kind = " ".join(self._text(row, "type").lower().split())
        self._refuse_other_columns(row)
        assert self.logic is not None
        self.logic.media_and_phone(row)
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
        elif kind in META_TYPES:
            return
        else:
            self._question(row, kind)

    def _structure(self, row: Row, kind: str) -> None:
        begin, end = BEGIN.match(kind), END.match(kind)
        what = (begin or end).group(1) if (begin or end) else ""  # type: ignore[union-attr]
        what = "repeat" if what == "loop" else what
        if end:
            if not self._stack or self._stack[-1].kind != what:
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
            self._stack.append(_Open("repeat", None))
            return
        self._begin_group(row)

    def _begin_group(self, row: Row) -> None:
        assert self.logic is not None
        if any(o.kind == "repeat" for o in self._stack):
            self._problem(
                "xlsform.nested-group",
                "a group inside a repeat is not supported",
                row.number,
                column=self._col("type"),
                hint="repeats are refused: end the repeat before beginning this group",
            )
        self._appearance(row, GROUP_APPEARANCES)
        name = self._name(row, "group")
        label = self._label(row, "label") or {self.default_language: name}
        relevant = self.logic.expression(row, "relevant")
        if self._stack:  # an inner group: a heading on its dimension's page
            self._stack.append(_Open("group", None, relevant, self._label(row, "label")))
            return
        dim = _Dim(name, label, row.number, self._label(row, "hint"), self._tags(row))
        self._dims.append(dim)
        self._stack.append(_Open("group", dim, relevant))

    def _question(self, row: Row, kind: str) -> None:
        assert self.logic is not None
        data = self._item_type(row, kind)
        name = self._name(row, "question")
        label = self._label(row, "label")
        if data is not None and data["type"] == ItemType.CALCULATE:
            label = label or {self.default_language: name}
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
        fields = self.logic.fields(row, [o.relevant for o in self._stack if o.relevant])
        checks = [c for c in (data.pop("constraint", None), fields.pop("constraint", None)) if c]
        if checks:
            fields["constraint"] = (
                " and ".join(f"({c})" for c in checks) if len(checks) > 1 else checks[0]
            )
        data.update(
            name=name,
            label=label,
            hint=self._label(row, "hint"),
            required=self._flag(row, "required"),
            read_only=self._flag(row, "read_only"),
            reverse=self._flag(row, "joinedup::reverse"),
            only_if_works_with=self._flag(row, "joinedup::only_if_works_with"),
            tags=self._tags(row),
            section=next((o.section for o in reversed(self._stack) if o.section), None),
            **fields,
        )
        if data["type"] == ItemType.RANGE:
            data["range"] = self.logic.range(row)
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
        if item.or_other:
            self._other(item, row)

    def _other(self, item: Item, row: Row) -> None:
        """pyxform's companion of an or_other question: ``<name>_other``, asked when
        "other" is chosen."""
        name = f"{item.name}_other"
        if name in self._names["question"]:
            self._problem(
                "xlsform.duplicate-name",
                f"or_other needs the name {name!r} for its text answer, but a question has it",
                row.number,
                column=self._col("name"),
                hint=f"rename the question called {name!r}",
            )
            return
        self._names["question"][name] = row.number
        condition = f"selected(${{{item.name}}}, '{OTHER}')"
        relevant = f"({item.relevant}) and {condition}" if item.relevant else condition
        label = dict.fromkeys(item.label, "Specify other.")
        other = Item(
            name=name,
            type=ItemType.TEXT,
            label=label,
            relevant=relevant,
            required=item.required,
            section=item.section,
        )
        self._current_dim().items.append(other)

    # -- types ---------------------------------------------------------------
    def _item_type(self, row: Row, kind: str) -> dict[str, Any] | None:
        override = self._text(row, "joinedup::type").lower()
        simple = {"note": ItemType.NOTE, "calculate": ItemType.CALCULATE, "range": ItemType.RANGE}
        if kind in PLAIN_TYPES and not override:
            return {"type": PLAIN_TYPES[kind]}
        if kind in simple and not override:
            return {"type": simple[kind]}
        if kind == PHONE_NUMBER[0] and not override:
            return {"type": ItemType.TEXT, "constraint": PHONE_NUMBER[1]}
        if FROM_FILE.match(kind):
            return self._from_file(row, kind)
        select = SELECT.match(kind)
        if select is None:
            self._unsupported_type(row, kind)
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
        if select.group(3):
            return self._or_other(list_name, multiple)
        return self._select(row, list_name, multiple, override)

    def _or_other(self, list_name: str, multiple: bool) -> dict[str, Any]:
        """The list with an "Other" choice added (under its own list name)."""
        own = f"{list_name}_or_other"
        choices = self.lists.choices(list_name)
        if not any(str(c.value) == OTHER for c in choices):
            label = dict.fromkeys(choices[0].label, "Other") if choices else {"en": "Other"}
            choices = [*choices, Choice(value=OTHER, label=label)]
        self.choice_lists[own] = choices
        kind = ItemType.MULTIPLE if multiple else ItemType.SINGLE
        return {"type": kind, "choices": own, "or_other": True}

    def _from_file(self, row: Row, kind: str) -> dict[str, Any] | None:
        """``select_one_from_file lists.csv``: the list read from its file."""
        words = self._text(row, "type").split()
        file_name = words[-1] if len(words) > 1 else ""
        list_name = re.sub(r"[^A-Za-z0-9_]", "_", file_name) or "list"
        try:
            if self.path is None or not file_name:
                raise ListFileError("the type names no list file")
            found = find_list_file(file_name, self.path, self.files)
            self.choice_lists[list_name] = read_list_file(found, self.default_language)
        except ListFileError as exc:
            self._problem(
                "xlsform.list-file",
                str(exc),
                row.number,
                column=self._col("type"),
                hint="give the list file with the form (in the same folder, or as one of "
                "its files), as a CSV with name and label columns or an ODK XML list",
            )
            return None
        multiple = "multiple" in kind
        return {"type": ItemType.MULTIPLE if multiple else ItemType.SINGLE, "choices": list_name}

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
            hint="joinedup asks select_one, select_multiple, text, integer, decimal, date, "
            "time, datetime, range, note and calculate rows; use one of those or remove it",
        )

    def _current_dim(self) -> _Dim:
        for still in self._stack:
            if still.dim is not None:
                return still.dim
        if self._loose is None:
            self._loose = _Dim(self.form[0], dict(self.form[1]), None)
            self._dims.append(self._loose)
        return self._loose

    # -- results -------------------------------------------------------------
    def languages(self, default: str) -> list[str]:
        """Languages seen in label and hint columns, the default language first."""
        found = list(self._languages) or [default]
        if default in found:
            found.remove(default)
            found.insert(0, default)
        return found

    def dimensions(self) -> list[Dimension]:
        """Groups holding at least one question (a group of notes only asks nothing)."""
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
            if any(i.type not in UNANSWERED_TYPES for i in d.items)
        ]
