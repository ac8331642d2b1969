"""Keeping the registry in step with an outside directory, one table at a time.

A council's list of organisations, its contacts, its partnerships and who belongs
to which come as four tables (CSV or XLSX, or rows of JSON through the API), one
:data:`KINDS` each. Each row is matched with a stored row by its key, and

- a matched row whose cells differ is **updated**, one whose cells agree is left
  **unchanged** (so importing the same file twice changes nothing the second time);
- a row with no match is **created**;
- with ``sync`` (asked for explicitly), stored rows the file leaves out are dealt
  with: open **memberships** of the partnerships the file names are **ended** (their
  ``left`` date set to ``end_date``, by default today; the row stays as history), and
  organisations, people and partnerships that carry an external id are **reported as
  absent**, never deleted.

Keys: the ``external_id`` column when filled in, else the name (organisations,
partnerships), the organisation and e-mail address, or organisation and name
(people). A membership is the partnership and organisation, each named by external
id or name: the open membership, or the one that began on ``joined``.

A column missing from the header leaves that field of stored rows alone (and new
rows get the default); a column present sets it, an empty cell meaning the default.

One import is one transaction. Every row is checked and written inside it; if any
row is wrong, the transaction is rolled back, nothing stays written, and every
problem is raised in one :class:`~joinedup.analysis.problems.ProblemError` naming
the file, the row (the header is row 1) and the column. A **dry run** does the same
work and then rolls back, so its counts of created, updated, unchanged and ended
rows are exactly what the real run will do. Each write is audited (through
:mod:`joinedup.registry.writes`).

Who may write what (:class:`Writer`): the operator at the shell and administrators
everything; a coordinator may update the organisations and people of the
partnerships they run, those partnerships, and their memberships (naming only
organisations they may see), but may not add organisations or partnerships.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Model, Q

from joinedup.analysis.problems import Problem, ProblemError, Style
from joinedup.analysis.tables import as_mapping, load_table
from joinedup.registry import permissions, writes
from joinedup.registry.imports import ROLES, SECTORS, TIERS, _choices, _Rows
from joinedup.registry.models import (
    Basis,
    Membership,
    Organisation,
    Partnership,
    Person,
    PurposeKind,
    Stage,
)
from joinedup.registry.viewer import Viewer

KINDS = ("organisations", "people", "partnerships", "memberships")
COLUMNS = {
    "organisations": ("external_id", "name", "sector", "tier", "parent"),
    "people": ("external_id", "name", "email", "organisation", "constituency"),
    "partnerships": (
        "external_id",
        "name",
        "purpose",
        "purpose_kind",
        "basis",
        "area",
        "start_date",
        "end_date",
        "stage",
        "time_zone",
        "lead",
    ),
    "memberships": ("partnership", "organisation", "role", "joined", "left"),
}
REQUIRED = {
    "organisations": ("name", "sector"),
    "people": ("name", "organisation"),
    "partnerships": ("name",),
    "memberships": ("partnership", "organisation"),
}
PURPOSE_KINDS = _choices(PurposeKind.choices)
BASES = _choices(Basis.choices)
STAGES = _choices(Stage.choices)
#: Model field → the column that sets it, where the names differ.
COLUMN_OF = {"display_name": "name", "parent": "parent", "lead": "lead", "__all__": ""}


@dataclass
class Result:
    """What an import did (or, in a dry run, would do)."""

    kind: str
    dry_run: bool = False
    sync: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ended: int = 0
    absent: list[str] = field(default_factory=list)

    def count(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

    def summary(self) -> str:
        text = (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.ended} ended, {len(self.absent)} absent from the file"
        )
        return ("dry run, nothing written: " if self.dry_run else "") + text


@dataclass(frozen=True)
class Writer:
    """Who is importing, and so which stored rows their file may touch."""

    admin: bool
    partnerships: frozenset[int]  # partnerships they manage
    organisations: frozenset[int]  # organisations they may change (and their people)
    visible: frozenset[int]  # organisations they may name in a membership

    @classmethod
    def of(cls, viewer: Viewer) -> Writer:
        if viewer.is_administrator:
            return cls(True, frozenset(), frozenset(), frozenset())
        user = viewer.user
        return cls(
            False,
            frozenset(permissions.managed_partnerships(user).values_list("pk", flat=True)),
            frozenset(permissions.managed_organisations(user).values_list("pk", flat=True)),
            frozenset(permissions.visible_organisations(user).values_list("pk", flat=True)),
        )

    @property
    def may_write(self) -> bool:
        return self.admin or bool(self.partnerships)

    def edits(self, obj: Model) -> bool:
        if self.admin:
            return True
        if isinstance(obj, Partnership):
            return obj.pk in self.partnerships
        if isinstance(obj, Person):
            return obj.organisation_id in self.organisations
        return obj.pk in self.organisations


@dataclass
class _Import:
    kind: str
    writer: Writer
    rows: _Rows
    header: list[str]
    result: Result
    status: dict[int, str] = field(default_factory=dict)

    def has(self, column: str) -> bool:
        return column in self.header

    def record(self, n: int, status: str) -> None:
        """A row's outcome is its strongest write: created, else updated, else unchanged."""
        rank = [writes.UNCHANGED, writes.UPDATED, writes.CREATED]
        earlier = self.status.get(n, writes.UNCHANGED)
        self.status[n] = max(earlier, status, key=rank.index)

    def write(self, n: int, obj: Model, values: dict[str, Any], key_column: str) -> bool:
        """Save one row's values; a refusal becomes a problem on the right column.
        A row with a problem already is not written (the import fails anyway)."""
        if self.rows.problems and self.rows.problems[-1].row == n:
            return False
        try:
            self.record(n, writes.save(obj, values))
        except writes.Refused as exc:
            for name, messages in exc.errors.items():
                column = COLUMN_OF.get(name, name)
                text = " ".join(messages)
                if column not in self.header:
                    text = f"{column or name}: {text}" if name != "__all__" else text
                    column = key_column
                self.rows.bad(n, column, text, "registry.refused")
            return False
        return True

    def date(self, n: int, r: dict[str, str], column: str) -> dt.date | None:
        value = r.get(column, "")
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            message = f"{value!r} is not a date written as YYYY-MM-DD"
            self.rows.bad(n, column, message, "registry.bad-date")
            return None

    def set_text(self, values: dict[str, Any], r: dict[str, str], n: int, pairs: Any) -> None:
        model = {"people": Person, "partnerships": Partnership}.get(self.kind, Organisation)
        for column, name in pairs:
            if self.has(column):
                values[name] = self.rows.text(n, r, column, model, name)

    def set_choice(self, values: dict[str, Any], r: dict[str, str], n: int, pairs: Any) -> None:
        for column, name, table, default in pairs:
            if self.has(column):
                values[name] = self.rows.choice(n, column, r.get(column, ""), table, default)


def _find(model: type[Model], key: str) -> Any:
    """The stored row whose external id, or else name, is ``key``."""
    if not key:
        return None
    rows = model._default_manager.all()
    name = "display_name" if model is Person else "name"
    return rows.filter(external_id=key).first() or rows.filter(**{f"{name}__iexact": key}).first()


def _match(model: type[Any], external_id: str, name: str) -> Any:
    """The stored row a keyed row is about: by external id; else by name, unless the
    row of that name is another directory entry (a different external id)."""
    if external_id:
        found = model._default_manager.filter(external_id=external_id).first()
        if found is not None:
            return found
    by_name = model._default_manager.filter(name__iexact=name).first() if name else None
    if by_name is not None and external_id and by_name.external_id not in ("", external_id):
        return None  # the create will be refused: the name is taken
    return by_name


def _duplicate(imp: _Import, seen: dict[Any, int], key: Any, n: int, column: str) -> None:
    if key in seen:
        message = f"the same row is already on row {seen[key]}"
        imp.rows.bad(n, column, message, "registry.duplicate")
    seen.setdefault(key, n)


def _keyed_rows(
    imp: _Import, data: list[tuple[int, dict[str, str]]], model: type[Any], what: str
) -> Iterator[tuple[int, dict[str, str], Any]]:
    """The rows of a table keyed by external id or name that may be written: each
    with its row number and the stored row it matches (None: a new one). A row
    without a name, a repeated key or a stored row the importer may not change is
    reported and left out."""
    seen: dict[str, int] = {}
    for n, r in data:
        ext, name = r.get("external_id", ""), r.get("name", "")
        if not name:
            imp.rows.bad(n, "name", "is empty", "registry.empty")
            continue
        column = "external_id" if ext else "name"
        _duplicate(imp, seen, ext or name.casefold(), n, column)
        obj = _match(model, ext, name)
        if _allowed(imp, n, obj, column, what):
            yield n, r, obj


def _organisations(imp: _Import, data: list[tuple[int, dict[str, str]]]) -> list[Any]:
    saved: list[tuple[int, Organisation, dict[str, str]]] = []
    for n, r, obj in _keyed_rows(imp, data, Organisation, "organisations"):
        values: dict[str, Any] = {"name": imp.rows.text(n, r, "name", Organisation, "name")}
        imp.set_text(values, r, n, [("external_id", "external_id")])
        sector = [("sector", "sector", SECTORS, "")]
        imp.set_choice(values, r, n, [*sector, ("tier", "tier", TIERS, "local")])
        org = obj or Organisation()
        if imp.write(n, org, values, "name"):
            saved.append((n, org, r))
    if imp.has("parent"):
        for n, org, r in saved:
            parent = _find(Organisation, r.get("parent", ""))
            if r.get("parent") and parent is None:
                message = f"no organisation is called {r['parent']!r}"
                imp.rows.bad(n, "parent", message, "registry.unknown-name")
            elif parent is not None and parent.pk == org.pk:
                message = "an organisation cannot be its own parent"
                imp.rows.bad(n, "parent", message, "registry.loop")
            else:
                imp.write(n, org, {"parent_id": parent.pk if parent else None}, "parent")
    return [org.pk for _n, org, _r in saved]


def _allowed(imp: _Import, n: int, obj: Any, column: str, what: str) -> bool:
    if obj is not None and not imp.writer.edits(obj):
        message = f"this names {obj} (stored), which you may not change"
        imp.rows.bad(n, column, message, "registry.not-yours")
        return False
    if obj is None and not imp.writer.admin and what != "people":
        message = f"only an administrator may add {what}; this row matches none stored"
        imp.rows.bad(n, column, message, "registry.not-yours")
        return False
    return True


def _people(imp: _Import, data: list[tuple[int, dict[str, str]]]) -> list[Any]:
    seen: dict[Any, int] = {}
    done = []
    for n, r in data:
        ext, name, email = r.get("external_id", ""), r.get("name", ""), r.get("email", "")
        org = _find(Organisation, r.get("organisation", ""))
        if org is None or not imp.writer.edits(org):
            message = f"no organisation you may change is called {r.get('organisation')!r}"
            imp.rows.bad(n, "organisation", message, "registry.unknown-name")
            continue
        if not name:
            imp.rows.bad(n, "name", "is empty", "registry.empty")
            continue
        _duplicate(imp, seen, ext or (org.pk, (email or name).casefold()), n, "name")
        people = Person.objects.filter(organisation=org)
        obj = Person.objects.filter(external_id=ext).first() if ext else None
        if obj is None and email:
            obj = people.filter(email__iexact=email).first()
        elif obj is None:
            obj = people.filter(display_name__iexact=name, email="").first()
        if not _allowed(imp, n, obj, "external_id" if ext else "name", "people"):
            continue
        values: dict[str, Any] = {"organisation_id": org.pk}
        fields = [("name", "display_name"), ("email", "email"), ("constituency", "constituency")]
        imp.set_text(values, r, n, [*fields, ("external_id", "external_id")])
        person = obj or Person()
        if imp.write(n, person, values, "name"):
            done.append(person.pk)
    return done


def _partnerships(imp: _Import, data: list[tuple[int, dict[str, str]]]) -> list[Any]:
    done = []
    for n, r, obj in _keyed_rows(imp, data, Partnership, "partnerships"):
        values: dict[str, Any] = {}
        texts = ("external_id", "name", "purpose", "area", "time_zone")
        imp.set_text(values, r, n, [(c, c) for c in texts])
        imp.set_choice(
            values,
            r,
            n,
            [
                ("purpose_kind", "purpose_kind", PURPOSE_KINDS, PurposeKind.OUTCOME),
                ("basis", "basis", BASES, ""),
                ("stage", "stage", STAGES, Stage.FORMING),
            ],
        )
        for column in ("start_date", "end_date"):
            if imp.has(column):
                values[column] = imp.date(n, r, column)
        if imp.has("lead"):
            lead = _find(Organisation, r.get("lead", ""))
            if r.get("lead") and lead is None:
                message = f"no organisation is called {r['lead']!r}"
                imp.rows.bad(n, "lead", message, "registry.unknown-name")
            values["lead_id"] = lead.pk if lead else None
        partnership = obj or Partnership()
        if imp.write(n, partnership, values, "name"):
            done.append(partnership.pk)
    return done


def _memberships(imp: _Import, data: list[tuple[int, dict[str, str]]]) -> list[Any]:
    seen: dict[Any, int] = {}
    named: set[int] = set()
    kept: set[tuple[int, int]] = set()
    for n, r in data:
        p = _find(Partnership, r.get("partnership", ""))
        if p is None or not imp.writer.edits(p):
            message = f"no partnership you manage is called {r.get('partnership')!r}"
            imp.rows.bad(n, "partnership", message, "registry.unknown-name")
            continue
        org = _find(Organisation, r.get("organisation", ""))
        if org is None or not (imp.writer.admin or org.pk in imp.writer.visible):
            message = f"no organisation you may name is called {r.get('organisation')!r}"
            imp.rows.bad(n, "organisation", message, "registry.unknown-name")
            continue
        named.add(p.pk)
        kept.add((p.pk, org.pk))
        joined = imp.date(n, r, "joined")
        _duplicate(imp, seen, (p.pk, org.pk, joined), n, "organisation")
        rows = Membership.objects.filter(partnership=p, organisation=org)
        obj = rows.filter(joined=joined).first() if joined else None
        obj = obj or rows.filter(left__isnull=True).first()
        left = imp.date(n, r, "left") if r.get("left") else None
        if obj is None and left is not None:  # a row that ended it on an earlier run
            obj = rows.filter(left=left).order_by("-joined").first()
        values: dict[str, Any] = {"partnership_id": p.pk, "organisation_id": org.pk}
        imp.set_choice(values, r, n, [("role", "role", ROLES, "member")])
        if joined is not None or obj is None:
            values["joined"] = joined or dt.date.today()
        if imp.has("left"):
            values["left"] = left
        imp.write(n, obj or Membership(), values, "organisation")
    return [named, kept]


def _absent(imp: _Import, model: type[Any], keep: Iterable[Any]) -> None:
    rows = model._default_manager.exclude(external_id="").exclude(pk__in=list(keep))
    if not imp.writer.admin:
        scope = {
            Partnership: Q(pk__in=imp.writer.partnerships),
            Person: Q(organisation__in=imp.writer.organisations),
        }.get(model, Q(pk__in=imp.writer.organisations))
        rows = rows.filter(scope)
    imp.result.absent = [f"{row} ({row.external_id})" for row in rows.order_by("pk")]


def _end_memberships(
    imp: _Import, named: set[int], kept: set[tuple[int, int]], day: dt.date
) -> None:
    rows = Membership.objects.filter(partnership__in=named, left__isnull=True)
    for m in rows.select_related("partnership", "organisation").order_by("pk"):
        if (m.partnership_id, m.organisation_id) in kept:
            continue
        try:
            imp.result.count(writes.end_membership(m, day))
        except writes.Refused as exc:
            text = " ".join(" ".join(v) for v in exc.errors.values())
            message = f"cannot end a membership the file leaves out: {text}"
            imp.rows.problems.append(Problem("registry.refused", message, style=Style.TABLE))


HANDLERS: dict[str, Callable[[_Import, list[tuple[int, dict[str, str]]]], list[Any]]] = {
    "organisations": _organisations,
    "people": _people,
    "partnerships": _partnerships,
    "memberships": _memberships,
}
MODELS = {"organisations": Organisation, "people": Person, "partnerships": Partnership}


def check_header(kind: str, header: list[str], label: str) -> _Rows:
    """Problems with the header (required columns missing, unknown columns)."""
    rows = _Rows(label)
    for column in REQUIRED[kind]:
        if column not in header:
            rows.bad(1, column, "this column is missing from the header", "registry.missing-column")
    for column in header:
        if column and column not in COLUMNS[kind]:
            expected = ", ".join(COLUMNS[kind])
            rows.bad(1, column, f"unknown column; expected {expected}", "registry.unknown-column")
    return rows


def run_rows(
    kind: str,
    header: list[str],
    data: list[tuple[int, dict[str, str]]],
    *,
    viewer: Viewer,
    label: str,
    dry_run: bool = False,
    sync: bool = False,
    end_date: dt.date | None = None,
) -> Result:
    """Import ``data`` (row number, column → cell) of ``kind``; see the module's text.
    Raises ``ProblemError`` (nothing written) when any row is wrong."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    header = [h.strip().lower() for h in header]
    rows = check_header(kind, header, label)
    rows.fail()
    writer = Writer.of(viewer)
    result = Result(kind, dry_run=dry_run, sync=sync)
    imp = _Import(kind, writer, rows, header, result)
    cleaned = [(n, {k.strip().lower(): (v or "").strip() for k, v in r.items()}) for n, r in data]
    with transaction.atomic():
        touched = HANDLERS[kind](imp, cleaned)
        for status in imp.status.values():
            result.count(status)
        if sync and kind == "memberships":
            _end_memberships(imp, touched[0], touched[1], end_date or dt.date.today())
        elif sync:
            _absent(imp, MODELS[kind], touched)
        rows.fail()  # raises: the transaction is rolled back
        if dry_run:
            transaction.set_rollback(True)
        else:
            writes.announce("registry.import", None, f"{kind} from {label}: {result.summary()}")
    return result


def run_file(kind: str, path: Path, *, viewer: Viewer, label: str = "", **options: Any) -> Result:
    """Import a CSV or XLSX file of ``kind`` (see :func:`run_rows` for ``options``)."""
    label = label or str(path)
    table = load_table(path, label=label, style=Style.TABLE, workbooks=True)
    header = [h.strip().lower() for h in table.header]
    data = [(n, as_mapping(header, cells)) for n, cells in table.rows]
    return run_rows(kind, header, data, viewer=viewer, label=label, **options)


__all__ = ["KINDS", "ProblemError", "Result", "Writer", "run_file", "run_rows"]
