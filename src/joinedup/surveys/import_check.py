"""Checking a wide responses file before anything is written (see
:mod:`joinedup.surveys.importing` for the file's format).

The file is read one row at a time and never held whole. What the write needs is
kept compactly: per respondent its key, organisation and group; per item column,
one small integer per respondent (0 for an empty cell, otherwise the position of
the answer in the column's table of distinct answers). A column of a five-point
scale therefore costs one byte per respondent, where an ``Answer`` instance cost
about half a kilobyte: a 100,000-row file of 36 items is held in about 4 MB.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from joinedup.analysis.exports import (
    IDENTITY,
    ItemColumns,
    Layout,
    answer_reader,
    answer_text,
    choice_aliases,
)
from joinedup.analysis.instruments import Instrument, Item, ItemType, Problem
from joinedup.analysis.responses_file import DONT_KNOW_WORDS, layout_of, layout_problems
from joinedup.surveys.models import Round

MAX_PROBLEMS = 1000  # listed one by one; beyond them only counted

Cell = tuple[float | None, str, bool]  # (value, text, don't know) of one answer
Decoder = Callable[[str], Cell | str]  # an answer, or what is wrong with the text


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _scale(instrument: Instrument, item: Item) -> Decoder:
    scale = instrument.scale_of(item)
    assert scale is not None
    allowed = {float(c.value) for c in scale.choices}
    dk_words = DONT_KNOW_WORDS | {v.lower() for v in (scale.dont_know or {}).values()}
    shown = ", ".join(f"{float(c.value):g}" for c in scale.choices)
    shown += " or dk" if scale.dont_know else ""

    def decode(text: str) -> Cell | str:
        if scale.dont_know and text.lower() in dk_words:
            return None, text, True
        value = _number(text)
        if value is None or value not in allowed:
            return f"{text!r} is not on the scale ({shown})"
        return value, "", False

    return decode


def _choice(instrument: Instrument, item: Item) -> Decoder:
    values = {str(c.value) for c in instrument.choices[item.choices or ""]}
    listed = ", ".join(sorted(values))
    multiple = item.type == ItemType.MULTIPLE

    def decode(text: str) -> Cell | str:
        given = text.split() if multiple else [text]
        wrong = [g for g in given if g not in values]
        if wrong:
            return f"{' '.join(wrong)!r} is not a choice ({listed})"
        return None, " ".join(given), False

    return decode


def _numeric(item: Item) -> Decoder:
    whole = item.type == ItemType.INTEGER

    def decode(text: str) -> Cell | str:
        value = _number(text)
        if value is None or (whole and not value.is_integer()):
            return f"{text!r} is not a {'whole ' if whole else ''}number"
        return value, "", False

    return decode


def _plain(instrument: Instrument, item: Item) -> Decoder:
    if item.type == ItemType.SCALE:
        return _scale(instrument, item)
    if item.type in (ItemType.SINGLE, ItemType.MULTIPLE):
        return _choice(instrument, item)
    if item.type in (ItemType.INTEGER, ItemType.DECIMAL, ItemType.RANGE):
        return _numeric(item)
    return lambda text: (None, text, False)


def decoder(instrument: Instrument, item: Item) -> Decoder:
    """How the non-empty cells of ``item``'s column are read: choice labels and
    missing-value codes as :func:`joinedup.analysis.exports.answer_text` reads
    them, then by the item's type."""
    plain = _plain(instrument, item)
    labels = answer_reader(instrument, item)
    if not labels:
        return plain
    return lambda text: plain(answer_text(instrument, item, text, labels))


@dataclass
class Column:
    """One item column: its answers as codes into a table of distinct answers."""

    where: ItemColumns  # the column (or 0/1 columns per choice) in the file's rows
    name: str  # the header as written, for problems
    item: str
    decode: Decoder
    codes: array[int] = field(default_factory=lambda: array("B"))
    table: list[tuple[str, float | None, str, bool]] = field(default_factory=list)
    known: dict[str, int] = field(default_factory=dict)  # cell text -> code

    def code(self, text: str) -> int | str:
        """The code of a cell (0: empty), or what is wrong with it."""
        if not text:
            return 0
        found = self.known.get(text)
        if found is not None:
            return found
        answer = self.decode(text)
        if isinstance(answer, str):
            return answer
        self.table.append((self.item, *answer))
        code = self.known[text] = len(self.table)
        if code == 256 and self.codes.typecode == "B":
            self.codes = array("I", self.codes)  # more than 255 distinct answers
        return code


@dataclass
class Checked:
    """A checked file: the new respondents, in file order, and their answers."""

    keys: list[str] = field(default_factory=list)
    organisations: array[int] = field(default_factory=lambda: array("q"))
    groups: array[int] = field(default_factory=lambda: array("H"))  # into Round.groups
    columns: list[Column] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # rows of respondents already in
    layout: Layout | None = None  # what export the file is

    def __len__(self) -> int:
        return len(self.keys)

    def answer_rows(self, row: int) -> Iterator[tuple[str, float | None, str, bool]]:
        """(item, value, text, don't know) of each answer of respondent ``row``."""
        for column in self.columns:
            code = column.codes[row]
            if code:
                yield column.table[code - 1]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _with_aliases(lookup: dict[str, Any], aliases: dict[str, list[str]]) -> dict[str, Any]:
    """``lookup`` (folded text → thing) also under each alias whose texts name a thing."""
    for alias, texts in aliases.items():
        found = next((lookup[_fold(t)] for t in texts if _fold(t) in lookup), None)
        if found is not None:
            lookup.setdefault(alias, found)
    return lookup


@dataclass
class Checker:
    """Reads the rows of a file into :class:`Checked`, naming every problem."""

    round: Round
    instrument: Instrument
    source: str
    problems: list[Problem] = field(default_factory=list)
    more: int = 0  # problems found beyond MAX_PROBLEMS
    headings: dict[str, str] = field(default_factory=dict)  # identity column -> its heading

    def problem(self, code: str, message: str, row: int | None, column: str = "") -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(code, message, file=self.source, row=row, column=column))
        else:
            self.more += 1

    def all_problems(self) -> list[Problem]:
        if not self.more:
            return self.problems
        more = Problem(
            "responses.more-problems",
            f"{self.more} more problems like those above were found",
            file=self.source,
            hint="correct those listed and import the file again to see the rest",
        )
        return [*self.problems, more]

    def header(self, header: list[str], ignore: Iterable[str] = ()) -> tuple[Layout, list[Column]]:
        """The file's layout and its item columns; every unknown column, and every
        missing identity or required item column, is a problem."""
        layout = layout_of(Path(self.source), header, self.instrument, IDENTITY, ignore)
        self.headings = {name: header[index] for name, index in layout.identity.items()}
        for problem in layout_problems(layout, self.instrument, self.source):
            self.problems.append(problem)
        columns = [
            Column(
                where,
                where.header or item,
                item,
                decoder(self.instrument, self.instrument.item(item)),
            )
            for item, where in layout.items.items()
        ]
        for needed in IDENTITY:
            if needed not in layout.identity:
                self.problem(
                    "responses.missing-column",
                    f"the file needs a column named {needed!r}",
                    1,
                    needed,
                )
        return layout, columns

    def organisations(self) -> dict[str, int]:
        """Members when the round opens, by id and by name (case-insensitive)."""
        from joinedup.registry.models import Organisation

        day = timezone.localtime(self.round.opens).date()
        ids = self.round.partnership.members_on(day).values_list("organisation_id", flat=True)
        lookup: dict[str, int] = {}
        for pk, name in Organisation.objects.filter(pk__in=ids).values_list("pk", "name"):
            lookup[str(pk)] = pk
            lookup[name.casefold()] = pk
        return _with_aliases(lookup, choice_aliases(self.instrument, "organisation"))

    def groups(self) -> dict[str, str]:
        """The round's groups by their folded name, and by the value and labels of a
        form's ``group`` question's choices."""
        lookup = {_fold(g): g for g in self.round.groups}
        return _with_aliases(lookup, choice_aliases(self.instrument, "group"))

    def rows(self, rows: Iterator[list[str]], identity: dict[str, int], checked: Checked) -> None:
        """Check every data row, adding the new respondents to ``checked``."""
        orgs = self.organisations()
        groups = {g: n for n, g in enumerate(self.round.groups)}
        group_names = self.groups()
        done = set(
            self.round.responses.exclude(respondent_key="").values_list("respondent_key", flat=True)
        )
        seen: dict[str, int] = {}
        width = max(identity.values()) + 1
        for number, row in enumerate(rows, start=2):
            if not any(row):
                continue
            if len(row) < width:
                row = row + [""] * (width - len(row))
            key, org_name, group = (row[identity[n]] for n in IDENTITY)
            org = orgs.get(org_name.casefold()) or orgs.get(org_name)
            group = group_names.get(_fold(group), group)
            self.identity(number, key, org_name, org, group, seen)
            seen.setdefault(key, number)
            if key in done:
                checked.skipped.append(number)
                continue
            codes = self.cells(number, row, checked.columns)
            if org is not None and key and group in groups and codes is not None:
                checked.keys.append(key)
                checked.organisations.append(org)
                checked.groups.append(groups[group])
                for column, code in zip(checked.columns, codes, strict=True):
                    column.codes.append(code)

    def cells(self, number: int, row: list[str], columns: list[Column]) -> list[int] | None:
        """The codes of a row's answers, or None if any cell is wrong (each named)."""
        codes: list[int] = []
        for column in columns:
            split = column.where.split_problems(row)
            for heading, message in split:
                self.problem("responses.bad-value", message, number, heading)
            if split:
                continue
            code = column.code(column.where.cell(row))
            if isinstance(code, str):
                self.problem("responses.bad-value", code, number, column.name)
            else:
                codes.append(code)
        return codes if len(codes) == len(columns) else None

    def identity(
        self,
        number: int,
        key: str,
        org_name: str,
        org: int | None,
        group: str,
        seen: dict[str, int],
    ) -> None:
        if not key:
            self.problem(
                "responses.no-respondent",
                "the respondent key is empty",
                number,
                self.headings.get("respondent", "respondent"),
            )
        elif key in seen:
            self.problem(
                "responses.duplicate-respondent",
                f"respondent {key!r} also appears on row {seen[key]}",
                number,
                self.headings.get("respondent", "respondent"),
            )
        if org is None:
            self.problem(
                "responses.unknown-organisation",
                f"{org_name!r} is not a member organisation of {self.round.partnership}",
                number,
                self.headings.get("organisation", "organisation"),
            )
        if group not in self.round.groups:
            self.problem(
                "responses.unknown-group",
                f"{group!r} is not a group of this round ({', '.join(self.round.groups)})",
                number,
                self.headings.get("group", "group"),
            )


def check_file(
    round_: Round,
    instrument: Instrument,
    source: Path,
    rows: Iterator[list[str]],
    ignore: Iterable[str] = (),
) -> tuple[Checked, list[Problem]]:
    """Check the rows of ``source`` (header first) against the round: the new
    respondents and their answers, and every problem found (empty if none).
    ``ignore`` names columns to leave out that are not questions of the form."""
    checker = Checker(round_, instrument, str(source))
    header = next(rows, None)
    if header is None or not any(header):
        empty = Problem("responses.empty", "the file has no header row", file=str(source))
        return Checked(), [empty]
    layout, columns = checker.header(header, ignore)
    if checker.problems:
        return Checked(layout=layout), checker.all_problems()
    checked = Checked(columns=columns, layout=layout)
    checker.rows(rows, layout.identity, checked)
    return checked, checker.all_problems()
