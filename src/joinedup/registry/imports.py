"""CSV or XLSX import of organisations and of contacts (people).

The ``joinedup registry import-organisations`` and ``import-contacts`` commands and
the set-up pages' upload forms call these two functions, so a file is read and
checked the same way wherever it comes from. One file is one transaction: every row
is checked first, and if any row is wrong nothing is written and every problem is
reported as a :class:`~joinedup.analysis.problems.Problem` (``registry.*`` codes)
naming the file, the row (the header is row 1) and the column. The file is read by
:mod:`joinedup.analysis.tables` (UTF-8 CSV, or the first sheet of a workbook).

Organisations: ``name`` and ``sector`` are required; ``tier`` (default local) and
``parent`` (the name of another organisation, in the file or already stored) are
optional. An organisation whose name is already stored (in any case) is updated.
When a partnership is given, each organisation becomes a member of it from
``joined`` (YYYY-MM-DD, default today) with ``role`` (default member), unless it is
a member already.

Contacts: ``name`` and ``organisation`` are required, ``email``, ``sector``,
``tier`` and ``constituency`` optional. An organisation not yet stored is added
when its row gives its sector (and, importing into a partnership, joins it today).
A contact is matched by organisation and e-mail address (or, without an address,
by organisation and name) and updated when found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet

from joinedup.analysis.problems import Problem, ProblemError, Style
from joinedup.analysis.tables import as_mapping, load_table
from joinedup.registry.models import (
    Membership,
    Organisation,
    Partnership,
    Person,
    Role,
    Sector,
    Tier,
)

ORGANISATION_COLUMNS = ("name", "sector", "tier", "parent", "role", "joined")
ORGANISATION_REQUIRED = ("name", "sector")
CONTACT_COLUMNS = ("name", "email", "organisation", "sector", "tier", "constituency")
CONTACT_REQUIRED = ("name", "organisation")

#: The exception a refused file raises; ``file`` names it, each problem a row and column.
ImportFailed = ProblemError


def _choices(values: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Code and label, both case-insensitive, → code."""
    table: dict[str, str] = {}
    for code, label in values:
        table[code.casefold()] = code
        table[str(label).casefold()] = code
    return table


SECTORS = _choices(Sector.choices)
TIERS = _choices(Tier.choices)
ROLES = _choices(Role.choices)


@dataclass
class _Rows:
    """The file's rows and the problems found in them."""

    label: str
    problems: list[Problem] = field(default_factory=list)

    def bad(self, row: int, column: str, message: str, code: str) -> None:
        self.problems.append(Problem(code, message, row=row, column=column, style=Style.TABLE))

    def text(self, n: int, values: dict[str, str], column: str, model: Any, name: str) -> str:
        value = values.get(column, "")
        limit = model._meta.get_field(name).max_length
        if limit and len(value) > limit:
            self.bad(n, column, f"is longer than {limit} characters", "registry.too-long")
        return value

    def choice(self, n: int, column: str, value: str, table: dict[str, str], default: str) -> str:
        if not value:
            return default
        if value.casefold() not in table:
            allowed = ", ".join(sorted(set(table.values())))
            self.bad(n, column, f"{value!r} is not one of: {allowed}", "registry.not-allowed")
            return default
        return table[value.casefold()]

    def fail(self) -> None:
        if self.problems:
            raise ImportFailed(self.problems, self.label)


def _read(
    path: Path, label: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> tuple[_Rows, list[tuple[int, dict[str, str]]]]:
    label = label or str(path)
    table = load_table(path, label=label, style=Style.TABLE, workbooks=True)
    header = [h.strip().lower() for h in table.header]
    rows = _Rows(label)
    for column in required:
        if column not in header:
            rows.bad(1, column, "this column is missing from the header", "registry.missing-column")
    for column in header:
        if column and column not in columns:
            expected = ", ".join(columns)
            message = f"unknown column; expected {expected}"
            rows.bad(1, column, message, "registry.unknown-column")
    rows.fail()
    data = [(n, as_mapping(header, cells)) for n, cells in table.rows]
    return rows, data


def _date(rows: _Rows, n: int, column: str, value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        message = f"{value!r} is not a date written as YYYY-MM-DD"
        rows.bad(n, column, message, "registry.bad-date")
        return None


@dataclass
class _OrgRow:
    row: int
    name: str
    sector: str
    tier: str
    parent: str
    role: str
    joined: dt.date | None


def _check_organisation(
    rows: _Rows, n: int, r: dict[str, str], partnership: Partnership | None
) -> _OrgRow:
    name = rows.text(n, r, "name", Organisation, "name")
    if not name:
        rows.bad(n, "name", "is empty", "registry.empty")
    if not r.get("sector"):
        rows.bad(n, "sector", "is empty", "registry.empty")
    sector = rows.choice(n, "sector", r.get("sector", ""), SECTORS, "")
    tier = rows.choice(n, "tier", r.get("tier", ""), TIERS, Tier.LOCAL)
    role = rows.choice(n, "role", r.get("role", ""), ROLES, Role.MEMBER)
    joined = _date(rows, n, "joined", r.get("joined", ""))
    if partnership is None:
        for column in ("role", "joined"):
            if r.get(column):
                message = "only used when importing into a partnership"
                rows.bad(n, column, message, "registry.no-partnership")
    return _OrgRow(n, name, sector, tier, r.get("parent", ""), role, joined)


def import_organisations(
    path: Path,
    *,
    partnership: Partnership | None = None,
    editable: QuerySet[Organisation] | None = None,
    label: str = "",
) -> int:
    """Import organisations; returns how many rows were written.

    ``editable`` limits which stored organisations a row may update (a coordinator
    may update only the organisations of the partnerships they run); ``None`` means
    any. ``label`` names the file in problems (an uploaded file's own name)."""
    rows, data = _read(path, label, ORGANISATION_COLUMNS, ORGANISATION_REQUIRED)
    stored = {o.name.casefold(): o for o in Organisation.objects.all()}
    allowed = None if editable is None else set(editable.values_list("pk", flat=True))
    in_file: dict[str, int] = {}
    checked = []
    for n, r in data:
        org = _check_organisation(rows, n, r, partnership)
        key = org.name.casefold()
        if key in in_file:
            message = f"the same organisation is already on row {in_file[key]}"
            rows.bad(n, "name", message, "registry.duplicate")
        in_file.setdefault(key, n)
        existing = stored.get(key)
        if existing is not None and allowed is not None and existing.pk not in allowed:
            message = "an organisation of this name exists that you may not change"
            rows.bad(n, "name", message, "registry.not-yours")
        checked.append(org)
    for org in checked:
        parent = org.parent.casefold()
        if parent and parent not in in_file and parent not in stored:
            message = f"no organisation is called {org.parent!r}"
            rows.bad(org.row, "parent", message, "registry.unknown-name")
        elif parent and parent == org.name.casefold():
            rows.bad(org.row, "parent", "an organisation cannot be its own parent", "registry.loop")
    rows.fail()
    with transaction.atomic():
        saved = _save_organisations(checked, stored, partnership)
    return saved


def _save_organisations(
    checked: list[_OrgRow], stored: dict[str, Organisation], partnership: Partnership | None
) -> int:
    made: dict[str, Organisation] = dict(stored)
    for org in checked:
        made[org.name.casefold()], _ = Organisation.objects.update_or_create(
            name__iexact=org.name,
            defaults={"sector": org.sector, "tier": org.tier},
            create_defaults={"name": org.name, "sector": org.sector, "tier": org.tier},
        )
    for org in checked:
        if org.parent:
            saved = made[org.name.casefold()]
            saved.parent = made[org.parent.casefold()]
            saved.full_clean()
            saved.save(update_fields=["parent"])
    if partnership is not None:
        today = dt.date.today()
        for org in checked:
            saved = made[org.name.casefold()]
            if not partnership.memberships.filter(organisation=saved, left__isnull=True).exists():
                Membership.objects.create(
                    organisation=saved,
                    partnership=partnership,
                    role=org.role,
                    joined=org.joined or today,
                )
    return len(checked)


def _contact_organisation(
    rows: _Rows,
    n: int,
    r: dict[str, str],
    known: dict[str, Organisation],
    new: dict[str, tuple[str, str]],
) -> Organisation | str | None:
    """The row's organisation: a stored one, or the name of one the file adds
    (with its sector and tier), or None after a problem."""
    name, key = r.get("organisation", ""), r.get("organisation", "").casefold()
    sector = rows.choice(n, "sector", r.get("sector", ""), SECTORS, "")
    tier = rows.choice(n, "tier", r.get("tier", ""), TIERS, Tier.LOCAL)
    if not name:
        rows.bad(n, "organisation", "is empty", "registry.empty")
        return None
    if key in known:
        organisation = known[key]
        if sector and sector != organisation.sector:
            message = f"{organisation.name} is stored as {organisation.sector}, not {sector}"
            rows.bad(n, "sector", message, "registry.not-allowed")
        return organisation
    if Organisation.objects.filter(name__iexact=name).exists():
        message = f"{name!r} is an organisation you may not add people to"
        rows.bad(n, "organisation", message, "registry.not-yours")
        return None
    if key in new:
        if r.get("sector") and new[key] != (sector, tier):
            message = f"{name} has another sector or tier on an earlier row"
            rows.bad(n, "sector", message, "registry.duplicate")
        return name
    if not r.get("sector"):
        message = f"no organisation is called {name!r}; fill in its sector to add it"
        rows.bad(n, "organisation", message, "registry.unknown-name")
        return None
    if not sector:
        return None  # the sector's problem is reported already
    new[key] = (sector, tier)
    return name


def import_contacts(
    path: Path,
    *,
    organisations: QuerySet[Organisation] | None = None,
    partnership: Partnership | None = None,
    label: str = "",
) -> int:
    """Import contacts; returns how many rows were written.

    ``organisations`` limits which stored organisations the rows may name
    (``None``: any). A row naming an organisation that is not stored, with its
    ``sector`` (and ``tier``) filled in, adds that organisation; with a
    ``partnership`` it joins it today."""
    rows, data = _read(path, label, CONTACT_COLUMNS, CONTACT_REQUIRED)
    scope = Organisation.objects.all() if organisations is None else organisations
    known = {o.name.casefold(): o for o in scope}
    new: dict[str, tuple[str, str]] = {}
    seen: dict[tuple[str, str], int] = {}
    good: list[tuple[Organisation | str, dict[str, str]]] = []
    for n, r in data:
        before = len(rows.problems)
        name = rows.text(n, r, "name", Person, "display_name")
        if not name:
            rows.bad(n, "name", "is empty", "registry.empty")
        email = r.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                rows.bad(n, "email", f"{email!r} is not an e-mail address", "registry.bad-email")
        constituency = rows.text(n, r, "constituency", Person, "constituency")
        organisation = _contact_organisation(rows, n, r, known, new)
        if organisation is not None:
            key = (r["organisation"].casefold(), (email or name).casefold())
            if key in seen:
                message = f"the same person is already on row {seen[key]}"
                rows.bad(n, "email" if email else "name", message, "registry.duplicate")
            seen.setdefault(key, n)
        if organisation is not None and len(rows.problems) == before:
            fields = {"display_name": name, "email": email, "constituency": constituency}
            good.append((organisation, fields))
    rows.fail()
    with transaction.atomic():
        _save_contacts(good, new, partnership)
    return len(good)


def _save_contacts(
    good: list[tuple[Organisation | str, dict[str, str]]],
    new: dict[str, tuple[str, str]],
    partnership: Partnership | None,
) -> None:
    added: dict[str, Organisation] = {}
    for organisation, fields in good:
        if isinstance(organisation, str):
            key = organisation.casefold()
            if key not in added:
                sector, tier = new[key]
                added[key] = Organisation.objects.create(
                    name=organisation, sector=sector, tier=tier
                )
                if partnership is not None:
                    Membership.objects.create(
                        organisation=added[key], partnership=partnership, joined=dt.date.today()
                    )
            organisation = added[key]
        match = {"email__iexact": fields["email"]} if fields["email"] else {}
        if not match:
            match = {"display_name__iexact": fields["display_name"], "email": ""}
        Person.objects.update_or_create(
            organisation=organisation,
            **match,
            defaults=fields,
            create_defaults={"organisation": organisation, **fields},
        )
