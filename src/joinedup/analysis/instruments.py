"""Instruments as data: the schema every questionnaire in joinedup follows.

An instrument has scales (ordered numeric answers with labels, and an optional
explicit "don't know"), choice lists (for single and multiple choice), and
dimensions, each holding items. Every label is a mapping from a language code to
text. Tags on items and dimensions say which framework dimension an item serves,
as ``framework:dimension`` (for example ``nuffield:trust`` or ``newman:vertical``).

The native file format is YAML with exactly this shape; XLSForm files are turned
into the same objects by :mod:`joinedup.analysis.xlsform`, and
:func:`joinedup.analysis.forms.load_form` reads either. This module imports neither.

Loading never raises a bare exception: problems become :class:`InstrumentError`
(the one :class:`~joinedup.analysis.problems.ProblemError` every importer raises)
with a list of :class:`~joinedup.analysis.problems.Problem` entries, each with a
stable code from :data:`~joinedup.analysis.problems.CODES`, where it is (file, sheet
or path, row, column) and how to fix it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from joinedup.analysis.problems import InstrumentError, Problem, ProblemError

__all__ = [
    "UNANSWERED_TYPES",
    "Choice",
    "Dimension",
    "Instrument",
    "InstrumentError",
    "Item",
    "ItemType",
    "Label",
    "Problem",
    "ProblemError",
    "Range",
    "Scale",
    "dump_instrument_yaml",
    "load_instrument_yaml",
    "parse_instrument",
]

Label = dict[str, str]
NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_.-]*$"


class ItemType(StrEnum):
    SCALE = "scale"  # ordered numeric answer on a named scale
    SINGLE = "single"  # one of a choice list
    MULTIPLE = "multiple"  # any of a choice list
    TEXT = "text"  # free text
    INTEGER = "integer"  # a whole number
    DECIMAL = "decimal"  # a number
    RELATION = "relation"  # asked about every other member organisation (network survey)
    DATE = "date"  # a calendar day, stored as YYYY-MM-DD
    TIME = "time"  # a time of day, stored as HH:MM
    DATETIME = "datetime"  # a day and time, stored as YYYY-MM-DDTHH:MM
    RANGE = "range"  # a number between ``range.start`` and ``range.end`` by ``range.step``
    NOTE = "note"  # text shown to the respondent, never answered
    CALCULATE = "calculate"  # a value computed from other answers, never shown nor scored


#: Types that take no answer from the respondent.
UNANSWERED_TYPES = frozenset({ItemType.NOTE, ItemType.CALCULATE})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    value: str | int | float
    label: Label
    #: Other columns of the choice row (XLSForm), read by an item's ``choice_filter``.
    properties: dict[str, str] = Field(default_factory=dict)

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, v: Any) -> Any:
        return {"en": v} if isinstance(v, str) else v


class Scale(_Strict):
    """An ordered response scale. ``choices`` are numeric and ordered low to high;
    ``dont_know`` (a label) adds an explicit "don't know" that scores as missing."""

    choices: list[Choice]
    dont_know: Label | None = None

    @field_validator("dont_know", mode="before")
    @classmethod
    def _dk(cls, v: Any) -> Any:
        return {"en": v} if isinstance(v, str) else v

    @model_validator(mode="after")
    def _numeric_and_ordered(self) -> Scale:
        values = [c.value for c in self.choices]
        if len(values) < 2:
            raise ValueError("a scale needs at least two choices")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            raise ValueError("scale choices must have numeric values")
        if sorted(values) != values or len(set(values)) != len(values):
            raise ValueError("scale values must be distinct and run from low to high")
        return self

    @property
    def low(self) -> float:
        return float(self.choices[0].value)

    @property
    def high(self) -> float:
        return float(self.choices[-1].value)

    @property
    def points(self) -> int:
        return len(self.choices)


class Range(_Strict):
    """The bounds and step of a RANGE item (XLSForm ``parameters``: start, end, step)."""

    start: float = 0
    end: float = 10
    step: float = 1

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.step <= 0 or self.end == self.start:
            raise ValueError("a range needs a positive step and an end unlike its start")
        return self


class Item(_Strict):
    """One question. The optional fields after ``only_if_works_with`` carry the
    XLSForm logic: each expression is an ODK XPath expression, checked when the
    instrument is imported and evaluated by :mod:`joinedup.analysis.formlogic`."""

    name: str = Field(pattern=NAME_PATTERN)
    type: ItemType = ItemType.SCALE
    label: Label
    hint: Label | None = None
    scale: str | None = None  # for SCALE and RELATION items
    choices: str | None = None  # for SINGLE and MULTIPLE items
    required: bool = False
    reverse: bool = False  # scored high-to-low
    tags: list[str] = Field(default_factory=list)
    only_if_works_with: bool = False  # RELATION items: asked only about partners worked with
    relevant: str | None = None  # asked only when true (skip logic; includes its groups')
    constraint: str | None = None  # an answer is accepted only when true ("." is the answer)
    constraint_message: Label | None = None
    required_message: Label | None = None
    calculation: str | None = None  # CALCULATE items: the value
    choice_filter: str | None = None  # offers only the choices for which this is true
    or_other: bool = False  # SINGLE/MULTIPLE: an "other" choice with a text answer beside it
    default: str | None = None  # the answer offered before the respondent changes it
    read_only: bool = False  # shown, not changeable
    range: Range | None = None  # RANGE items
    section: Label | None = None  # the heading of the inner group the item sits in

    @field_validator(
        "label", "hint", "constraint_message", "required_message", "section", mode="before"
    )
    @classmethod
    def _label(cls, v: Any) -> Any:
        return {"en": v} if isinstance(v, str) else v

    @model_validator(mode="after")
    def _needs(self) -> Item:
        if self.type in (ItemType.SCALE, ItemType.RELATION) and not self.scale:
            raise ValueError(f"item {self.name!r} of type {self.type.value} needs a scale")
        if self.type in (ItemType.SINGLE, ItemType.MULTIPLE) and not self.choices:
            raise ValueError(f"item {self.name!r} of type {self.type.value} needs a choice list")
        if self.type == ItemType.CALCULATE and not self.calculation:
            raise ValueError(f"item {self.name!r} of type calculate needs a calculation")
        if self.type == ItemType.RANGE and self.range is None:
            raise ValueError(f"item {self.name!r} of type range needs its start, end and step")
        return self


class Dimension(_Strict):
    name: str = Field(pattern=NAME_PATTERN)
    label: Label
    description: Label | None = None
    tags: list[str] = Field(default_factory=list)
    items: list[Item]

    @field_validator("label", "description", mode="before")
    @classmethod
    def _label(cls, v: Any) -> Any:
        return {"en": v} if isinstance(v, str) else v


class Instrument(_Strict):
    """A questionnaire: its identity and version, scales, choice lists and dimensions."""

    id: str = Field(pattern=NAME_PATTERN)
    version: int = 1
    title: Label
    description: Label | None = None
    kind: str = "questionnaire"  # or "network" for roster-based network surveys
    languages: list[str] = Field(default_factory=lambda: ["en"])
    scales: dict[str, Scale] = Field(default_factory=dict)
    choices: dict[str, list[Choice]] = Field(default_factory=dict)
    dimensions: list[Dimension]

    @field_validator("title", "description", mode="before")
    @classmethod
    def _label(cls, v: Any) -> Any:
        return {"en": v} if isinstance(v, str) else v

    @model_validator(mode="after")
    def _references(self) -> Instrument:
        seen: set[str] = set()
        for dim in self.dimensions:
            for item in dim.items:
                if item.name in seen:
                    raise ValueError(f"item name {item.name!r} is used twice")
                seen.add(item.name)
                if item.scale and item.scale not in self.scales:
                    raise ValueError(f"item {item.name!r} refers to unknown scale {item.scale!r}")
                if item.choices and item.choices not in self.choices:
                    raise ValueError(
                        f"item {item.name!r} refers to unknown choice list {item.choices!r}"
                    )
        if len({d.name for d in self.dimensions}) != len(self.dimensions):
            raise ValueError("two dimensions share a name")
        return self

    # Convenience views used by scoring and rendering.
    def items(self) -> list[Item]:
        return [item for dim in self.dimensions for item in dim.items]

    def item(self, name: str) -> Item:
        for item in self.items():
            if item.name == name:
                return item
        raise KeyError(name)

    def dimension_of(self, item_name: str) -> Dimension:
        for dim in self.dimensions:
            if any(i.name == item_name for i in dim.items):
                return dim
        raise KeyError(item_name)

    def scale_of(self, item: Item) -> Scale | None:
        return self.scales.get(item.scale) if item.scale else None

    def answerable_items(self) -> list[Item]:
        """Items the respondent answers (not notes, not calculations)."""
        return [i for i in self.items() if i.type not in UNANSWERED_TYPES]

    def scored_items(self) -> list[Item]:
        """Items that carry a numeric score (SCALE items)."""
        return [i for i in self.items() if i.type == ItemType.SCALE]

    def text(self, label: Label | None, language: str = "en") -> str:
        """The label in ``language``, falling back to English, then to any language."""
        if not label:
            return ""
        return label.get(language) or label.get("en") or next(iter(label.values()))


def parse_instrument(data: Any, source: str = "") -> Instrument:
    """Validate plain data (from YAML or JSON) as an instrument."""
    if not isinstance(data, dict):
        raise InstrumentError(
            [
                Problem(
                    "instrument.not-a-mapping", "the file does not hold an instrument", file=source
                )
            ]
        )
    try:
        return Instrument.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            path = ".".join(str(p) for p in err["loc"])
            problems.append(
                Problem(
                    code=f"instrument.{err['type']}",
                    message=str(err["msg"]).removeprefix("Value error, "),
                    file=source,
                    column=path,
                )
            )
        raise InstrumentError(problems) from None


def load_instrument_yaml(path: str | Path) -> Instrument:
    """Read a native instrument file (YAML)."""
    source = Path(path)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InstrumentError([Problem("file.unreadable", str(exc), file=str(source))]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InstrumentError(
            [
                Problem(
                    "yaml.syntax",
                    str(getattr(exc, "problem", exc)),
                    file=str(source),
                    row=(mark.line + 1) if mark else None,
                    column=str(mark.column + 1) if mark else "",
                )
            ]
        ) from None
    return parse_instrument(data, str(source))


def dump_instrument_yaml(instrument: Instrument) -> str:
    """The instrument as native YAML; ``load`` of the result gives the same instrument."""
    data = instrument.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
