"""Response files as other tools export them: which export a header is, and where
each question's answers are in it.

A responses file is one row per respondent. Besides joinedup's own layout (one
column per item name, plus ``respondent``, ``organisation`` and ``group``) this
reads, unchanged, the exports of the two tools partnership surveys are most often
run in:

* **KoboToolbox** CSV (``;`` or ``,`` between cells) and XLSX: metadata columns
  such as ``_id``, ``_uuid``, ``_submission_time``, ``_index``,
  ``_validation_status``, ``__version__``, ``start``, ``end`` or
  ``meta/instanceID``; headers with group paths (``purpose/hc_shared_aims``) or
  without; questions' names or their labels as headers; a select-multiple question
  as one column of space-separated choices, as one 0/1 column per choice
  (``q/option`` or ``q_option``), or both.
* **ODK Central** CSV: its own metadata columns (``SubmissionDate``, ``KEY``,
  ``meta-instanceID``, ``SubmitterID``, ``ReviewState``, ``FormVersion`` …) and
  group paths joined with ``-`` (``purpose-hc_shared_aims``).

:func:`read_layout` looks at the header once and returns a :class:`Layout`: the
kind of export (so the caller can say what it read), the column(s) of every item
and of the identity columns, the metadata columns it ignores, and every column it
does not know, each with the closest question name. An unknown column is never
dropped silently: the caller refuses the file unless the user named the column to
be ignored (a misspelt heading would otherwise lose a question's answers).

:func:`answer_text` then turns a cell into the text joinedup's own cell rules read:
a label of the form's choices (in any of its languages, ``Agree``) becomes the
choice's value (``4``), the scale's "don't know" label or a missing-value code
(``-99``) becomes ``dk``, and split 0/1 columns are joined into one
space-separated answer. Missing-value codes follow the XLSForm reader's rule
(:func:`joinedup.analysis.xlsform.choices.is_dont_know`): a negative number made of
8s and 9s (``-8``, ``-88``, ``-99``, ``-999``) is the form's "don't know" choice,
so it is read as don't know on a scale that has one, and refused (as not on the
scale) on one that has none. On a choice list that declares such a code the code is
simply one of the choices.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from joinedup.analysis.instruments import Instrument, Item, ItemType

IDENTITY = ("respondent", "organisation", "group")
MISSING_CODE = re.compile(r"^-[89]+(\.0+)?$")

#: Kobo's metadata columns (besides any heading starting with ``_``) and the
#: XLSForm metadata questions every tool exports, compared case-insensitively on
#: the heading's last path segment.
KOBO_META = frozenset(
    {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber"}
    | {"username", "email", "audit", "instanceid", "instancename", "rootuuid", "deprecatedid"}
    | {"uuid", "version", "formhub", "starttime", "endtime"}
)
#: ODK Central's own columns in its CSV export.
CENTRAL_META = frozenset(
    {"submissiondate", "key", "submitterid", "submittername", "attachmentspresent"}
    | {"attachmentsexpected", "status", "reviewstate", "deviceid", "edits", "formversion"}
)
_KOBO_MARKS = frozenset({"_uuid", "_submission_time", "_index", "_validation_status", "_id"})
_KEY_COLUMNS = {  # the respondent key when there is no ``respondent`` column
    "kobo": ("_uuid", "meta/instanceid", "_id"),
    "odk": ("key", "meta-instanceid"),
}
_SELECTED = frozenset({"1", "1.0", "true", "yes"})
_NOT_SELECTED = frozenset({"", "0", "0.0", "false", "no"})


class Kind(StrEnum):
    JOINEDUP = "joinedup"
    KOBO_CSV = "kobo-csv"
    KOBO_XLSX = "kobo-xlsx"
    ODK_CENTRAL = "odk-central-csv"


KIND_NAMES = {
    Kind.JOINEDUP: "a joinedup responses file",
    Kind.KOBO_CSV: "a KoboToolbox CSV export",
    Kind.KOBO_XLSX: "a KoboToolbox XLSX export",
    Kind.ODK_CENTRAL: "an ODK Central CSV export",
}


@dataclass
class ItemColumns:
    """Where an item's answers are: one column, or one 0/1 column per choice."""

    item: str
    header: str = ""  # the heading of the one column, for problems
    index: int | None = None
    options: dict[str, tuple[int, str]] = field(default_factory=dict)  # value -> (index, heading)

    def cell(self, row: list[str]) -> str:
        """The item's raw answer in ``row`` (split columns joined; see
        :func:`split_answer` for their problems)."""
        if self.index is not None:
            return row[self.index] if self.index < len(row) else ""
        return " ".join(
            v for v, (i, _) in self.options.items() if i < len(row) and _flag(row[i]) is True
        )

    def split_problems(self, row: list[str]) -> list[tuple[str, str]]:
        """(heading, message) for every split cell that is neither 0 nor 1."""
        if self.index is not None:
            return []
        return [
            (heading, f"{row[i]!r} is neither 1 (chosen) nor 0 (not chosen)")
            for _, (i, heading) in self.options.items()
            if i < len(row) and _flag(row[i]) is None
        ]


@dataclass(frozen=True)
class Unknown:
    index: int
    header: str
    suggestion: str  # the closest question name, or ""


@dataclass
class Layout:
    """What a header is: the kind of export and where everything is in it."""

    kind: Kind
    delimiter: str = ""  # for CSV files
    labels: bool = False  # questions' labels (not names) as headings
    items: dict[str, ItemColumns] = field(default_factory=dict)
    identity: dict[str, int] = field(default_factory=dict)
    key_column: str = ""  # the tool's column used as the respondent key
    relation: list[tuple[int, str]] = field(default_factory=list)  # network items' columns
    ignored: list[str] = field(default_factory=list)  # metadata, and columns the user named
    unknown: list[Unknown] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # optional items with no column
    required: list[str] = field(default_factory=list)  # required items with no column
    split: int = 0  # select-multiple choices given as 0/1 columns

    def describe(self) -> str:
        """One plain sentence saying what was read."""
        how = [KIND_NAMES[self.kind]]
        if self.delimiter:
            how.append(f"cells separated by {self.delimiter!r}")
        how.append("questions' labels as headings" if self.labels else "question names")
        count = len(self.items)
        text = f"Read as {', '.join(how)}: {count} question column{'' if count == 1 else 's'}"
        if self.split:
            text += f" ({self.split} choice columns of select-multiple questions)"
        if self.key_column:
            text += f"; respondent key from {self.key_column}"
        if self.ignored:
            shown = ", ".join(self.ignored[:12]) + (" …" if len(self.ignored) > 12 else "")
            text += f"; ignored {len(self.ignored)} columns ({shown})"
        if self.missing:
            text += f"; no column (unanswered) for {', '.join(self.missing)}"
        return text + "."


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _flag(text: str) -> bool | None:
    low = text.strip().casefold()
    return True if low in _SELECTED else False if low in _NOT_SELECTED else None


def _suffixes(header: str) -> Iterable[str]:
    """The heading, then what follows each ``/`` or ``-`` in it (longest first):
    ``a/b-c`` gives ``a/b-c``, ``b-c``, ``c``."""
    yield header
    for n, char in enumerate(header):
        if char in "/-" and n + 1 < len(header):
            yield header[n + 1 :]


def _segment(header: str) -> str:
    return re.split(r"[/-]", header)[-1].casefold()


def _targets(
    instrument: Instrument,
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Heading → (item, choice value or ``""``), by names and by labels."""
    by_name: dict[str, tuple[str, str]] = {}
    by_label: dict[str, tuple[str, str]] = {}
    for item in instrument.items():
        by_name[_fold(item.name)] = (item.name, "")
        labels = [_fold(t) for t in item.label.values() if t.strip()]
        for text in labels:
            by_label.setdefault(text, (item.name, ""))
        if item.type != ItemType.MULTIPLE:
            continue
        for choice in instrument.choices[item.choices or ""]:
            value = str(choice.value)
            for sep in ("/", "_", "."):
                by_name.setdefault(_fold(f"{item.name}{sep}{value}"), (item.name, value))
            for text in labels:
                for option in choice.label.values():
                    by_label.setdefault(_fold(f"{text}/{option}"), (item.name, value))
    return by_name, by_label


def _kind(header: list[str], workbook: bool) -> Kind:
    folded = {h.casefold() for h in header}
    if len(folded & CENTRAL_META) >= 2 and ("submissiondate" in folded or "key" in folded):
        return Kind.ODK_CENTRAL
    if folded & _KOBO_MARKS or "__version__" in folded:
        return Kind.KOBO_XLSX if workbook else Kind.KOBO_CSV
    return Kind.JOINEDUP


def _is_meta(kind: Kind, header: str) -> bool:
    if header.startswith("_"):
        return True
    if kind == Kind.ODK_CENTRAL and header.casefold() in CENTRAL_META:
        return True
    return _segment(header) in KOBO_META or header.casefold() in {
        "meta/instanceid",
        "meta-instanceid",
    }


def _match(header: str, names: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    for suffix in _suffixes(header):
        found = names.get(_fold(suffix))
        if found is not None:
            return found
    return None


def read_layout(
    header: list[str],
    instrument: Instrument,
    *,
    workbook: bool = False,
    delimiter: str = "",
    identity: Iterable[str] = IDENTITY,
    ignore: Iterable[str] = (),
) -> Layout:
    """Read a responses file's header against ``instrument`` (see the module notes).

    ``identity`` names the non-question columns the caller uses (a stakeholder
    group column, say); ``ignore`` names columns the user asked to leave out.
    """
    kind = _kind(header, workbook)
    layout = Layout(kind, delimiter="" if workbook else delimiter)
    by_name, by_label = _targets(instrument)
    wanted, skip = set(identity), {_fold(n) for n in ignore}
    for name in wanted:
        by_name.setdefault(_fold(name), (name, ""))
    named = labelled = 0
    for index, raw in enumerate(header):
        if not raw:
            continue
        hit = _match(raw, by_name)
        if hit is None and _is_meta(kind, raw):
            layout.ignored.append(raw)
            continue
        if hit is None and (hit := _match(raw, by_label)) is not None:
            labelled += hit[0] not in wanted
        elif hit is not None:
            named += hit[0] not in wanted
        if hit is None:
            _other(layout, index, raw, skip, instrument)
        else:
            _place(layout, instrument, index, raw, hit, wanted)
    layout.labels = labelled > named
    _key(layout, header)
    absent = [
        i
        for i in instrument.items()
        if i.name not in layout.items and i.name not in wanted and i.type != ItemType.RELATION
    ]
    layout.missing = [i.name for i in absent if not i.required]
    layout.required = [i.name for i in absent if i.required]
    return layout


def _other(layout: Layout, index: int, raw: str, skip: set[str], instrument: Instrument) -> None:
    if _fold(raw) in skip:
        layout.ignored.append(raw)
        return
    names = [i.name for i in instrument.items()]
    last = re.split(r"[/-]", raw)[-1]
    close = difflib.get_close_matches(last, names, n=1, cutoff=0.75)
    layout.unknown.append(Unknown(index, raw, close[0] if close else ""))


def _place(
    layout: Layout,
    instrument: Instrument,
    index: int,
    raw: str,
    hit: tuple[str, str],
    wanted: set[str],
) -> None:
    name, option = hit
    if name in wanted and not option:
        layout.identity[name] = index
        return
    item = instrument.item(name)
    if item.type == ItemType.RELATION:
        layout.relation.append((index, raw))
        return
    columns = layout.items.setdefault(name, ItemColumns(name))
    if option:
        columns.options[option] = (index, raw)
        layout.split += 1
    else:
        columns.index, columns.header = index, raw
    if columns.index is not None and columns.options:  # both given: the one column is read
        layout.split -= len(columns.options)
        layout.ignored.extend(h for _, h in columns.options.values())
        columns.options = {}


def _key(layout: Layout, header: list[str]) -> None:
    """Use the tool's submission id as the respondent key when there is no
    ``respondent`` column."""
    if "respondent" in layout.identity or layout.kind == Kind.JOINEDUP:
        return
    folded = [h.casefold() for h in header]
    tool = "odk" if layout.kind == Kind.ODK_CENTRAL else "kobo"
    for name in _KEY_COLUMNS[tool]:
        if name in folded:
            layout.identity["respondent"] = folded.index(name)
            layout.key_column = header[folded.index(name)]
            layout.ignored.remove(layout.key_column)
            return


def _label_values(instrument: Instrument, item: Item) -> dict[str, str]:
    """Folded label (every language) → choice value, for the item's choices."""
    scale = instrument.scale_of(item)
    choices = scale.choices if scale else instrument.choices.get(item.choices or "", [])
    found: dict[str, str] = {}
    for choice in choices:
        value = f"{float(choice.value):g}" if scale else str(choice.value)
        for text in choice.label.values():
            found.setdefault(_fold(text), value)
    if scale and scale.dont_know:
        for text in scale.dont_know.values():
            found.setdefault(_fold(text), "dk")
    return found


def answer_reader(instrument: Instrument, item: Item) -> dict[str, str]:
    """The item's choice labels as their values (see :func:`answer_text`)."""
    return _label_values(instrument, item) if item.scale or item.choices else {}


def answer_text(instrument: Instrument, item: Item, text: str, labels: dict[str, str]) -> str:
    """A cell as joinedup's own cell rules read it: labels to values, the scale's
    missing-value code to ``dk`` (``labels`` from :func:`answer_reader`)."""
    if not text or not labels:
        return text
    scale = instrument.scale_of(item)
    if scale is not None and scale.dont_know and MISSING_CODE.match(text):
        return "dk"
    if item.type != ItemType.MULTIPLE:
        return labels.get(_fold(text), text)
    values = {str(c.value) for c in instrument.choices[item.choices or ""]}
    if all(part in values for part in text.split()):
        return text
    whole = labels.get(_fold(text))
    if whole is not None:
        return whole
    parts = [labels.get(_fold(p), p.strip()) for p in re.split(r"[;,]", text) if p.strip()]
    return " ".join(parts)


def choice_aliases(instrument: Instrument, name: str) -> dict[str, list[str]]:
    """For a question ``name`` answered from a choice list (a form that asks the
    organisation or stakeholder group as a select-one), each folded choice value →
    the texts it stands for: its labels and the value with ``_`` read as a space
    (``board_member`` → ``board member``). Empty when there is no such question."""
    try:
        item = instrument.item(name)
    except KeyError:
        return {}
    found: dict[str, list[str]] = {}
    for choice in instrument.choices.get(item.choices or "", []):
        value = str(choice.value)
        texts = [value.replace("_", " "), *choice.label.values()]
        found[_fold(value)] = texts
        for text in choice.label.values():
            found.setdefault(_fold(text), texts)
    return found
