"""Kestermouth's data tables, read from the YAML files in ``joinedup/demo/data``.

Each step module of the demo keeps its logic (and draws its randomness from
``ctx.rng``); the organisations, partnerships, plans, profiles and figures it works
from live in one data file per step, so that the town can be read and changed
without reading Python. This module turns those files into the typed values the
steps use: named tuples for table rows, dataclasses for the richer records,
``datetime.date`` for dates (YAML reads ``2025-07-17`` as a date), the model's
choice members for coded values (an unknown code fails here, with its value named,
rather than in the database), and :class:`~decimal.Decimal` for money.

A row that names a column the table does not have, or leaves out one it needs, fails
with ``TypeError`` when the row is built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple

import yaml

from joinedup.context.models import MeasureKind, Objective, Source, Steering
from joinedup.diagnoses.models import ShareKind
from joinedup.registry.models import Basis, PurposeKind, Role, Sector, Stage, Tier

DATA = files("joinedup.demo") / "data"
FILES = ("town", "surveys", "context", "participation", "sharing", "governance")
Table = dict[str, Any]


@cache
def read(name: str) -> Table:
    """The parsed data file ``data/<name>.yaml`` (one parse per process)."""
    text = (DATA / f"{name}.yaml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise ValueError(f"demo data file {name}.yaml does not hold a mapping of tables")
    return loaded


# --- town: organisations, partnerships, names --------------------------------------


class Organisation(NamedTuple):
    key: str
    name: str
    sector: Sector
    tier: Tier
    parent: str | None = None  # the key of the organisation this one is part of


class Member(NamedTuple):
    organisation: str
    role: Role
    joined: dt.date
    left: dt.date | None = None


@dataclass(frozen=True)
class PartnershipPlan:
    key: str
    name: str
    purpose: str
    purpose_kind: str
    basis: str
    lead: str
    area: str
    start: dt.date
    stage: str
    members: tuple[Member, ...]


def organisations() -> list[Organisation]:
    return [
        Organisation(**{**row, "sector": Sector(row["sector"]), "tier": Tier(row["tier"])})
        for row in read("town")["organisations"]
    ]


def partnerships() -> list[PartnershipPlan]:
    plans = []
    for row in read("town")["partnerships"]:
        members = tuple(Member(**{**m, "role": Role(m["role"])}) for m in row["members"])
        plans.append(
            PartnershipPlan(
                **{
                    **row,
                    "purpose_kind": PurposeKind(row["purpose_kind"]),
                    "basis": Basis(row["basis"]),
                    "stage": Stage(row["stage"]),
                    "members": members,
                }
            )
        )
    return plans


def names(which: str) -> list[str]:
    """``first`` or ``last`` names that the demo's people are drawn from."""
    return list(read("town")["names"][which])


# --- surveys: how each partnership answers -----------------------------------------


@dataclass(frozen=True)
class Profile:
    themes: dict[str, float]  # health-check dimension → mean agreement
    sector_shift: dict[tuple[str, str], float] = field(default_factory=dict)  # (theme, sector)
    newman: tuple[float, float] = (0.0, 0.0)  # (vertical: + self-steering, horizontal: + external)
    spread: float = 0.7  # respondent noise (sd)
    purpose_kind: tuple[tuple[str, float], ...] = (("outcome", 1.0),)
    depth: float = 3.0  # hc_overall_depth mean
    pratt: float = 2.5


def base_themes() -> dict[str, float]:
    return {theme: float(mean) for theme, mean in read("surveys")["base_themes"].items()}


def survey_profiles() -> dict[tuple[str, int], Profile]:
    """(partnership key, year) → profile; a profile's ``themes`` name only the
    dimensions where it differs from ``base_themes``."""
    base = base_themes()
    profiles = {}
    for key, years in read("surveys")["profiles"].items():
        for year, row in years.items():
            shift = row.get("sector_shift", {})
            profiles[key, year] = Profile(
                **{
                    **row,
                    "themes": {**base, **row["themes"]},
                    "sector_shift": {
                        (theme, sector): by
                        for theme, s in shift.items()
                        for sector, by in s.items()
                    },
                    "newman": _pair(row["newman"]),
                    "purpose_kind": tuple(row["purpose_kind"].items()),
                }
            )
    return profiles


def pulls() -> dict[str, tuple[float, float]]:
    """Where each of Newman's pulls sits on the plane: (vertical, horizontal)."""
    return {pull: _pair(at) for pull, at in read("surveys")["pulls"].items()}


def _pair(values: list[float]) -> tuple[float, float]:
    first, second = values
    return (first, second)


# --- context: purposes, funding, central targets, measures -------------------------


class Funding(NamedTuple):
    partnership: str
    name: str
    provider: str | None  # organisation key; None: no local provider (a central programme)
    source: Source
    amount: str  # pounds, as written
    earmarked: bool
    start: dt.date
    end: dt.date | None
    conditions: str


class Target(NamedTuple):
    partnership: str
    name: str
    set_by: str
    attached_on: dt.date


class Measure(NamedTuple):
    partnership: str
    name: str
    owner: str | None  # organisation key; None: the partnership's own measure
    kind: MeasureKind


def context_profiles() -> dict[str, dict[str, Any]]:
    """Partnership key → the keyword arguments of its ``PartnershipProfile``."""
    return {
        key: {
            **row,
            "objectives": [Objective(o) for o in row["objectives"]],
            "steering": [Steering(s) for s in row["steering"]],
        }
        for key, row in read("context")["profiles"].items()
    }


def funding() -> list[Funding]:
    return [
        Funding(
            **{
                "provider": None,
                "end": None,
                "conditions": "",
                **row,
                "source": Source(row["source"]),
                "amount": str(row["amount"]),
            }
        )
        for row in read("context")["funding"]
    ]


def targets() -> list[Target]:
    return [Target(**row) for row in read("context")["targets"]]


def measures() -> list[Measure]:
    return [
        Measure(**{"owner": None, **row, "kind": MeasureKind(row["kind"])})
        for row in read("context")["measures"]
    ]


# --- sharing register --------------------------------------------------------------


class Sharing(NamedTuple):
    partnership: str
    kind: ShareKind
    description: str
    organisations: tuple[str, ...]
    amount: Decimal | None
    unit: str
    start: dt.date
    end: dt.date | None


def sharing() -> list[Sharing]:
    rows = []
    for row in read("sharing")["entries"]:
        amount = row.get("amount")
        values = {"amount": None, "unit": "", "end": None, **row}
        values["kind"] = ShareKind(row["kind"])
        values["organisations"] = tuple(row["organisations"])
        values["amount"] = None if amount is None else Decimal(str(amount))
        rows.append(Sharing(**values))
    return rows


# --- participation -----------------------------------------------------------------


@dataclass
class Plan:
    key: str
    owner: str
    title: str
    role: str
    methods: list[str]
    depth: str
    area: str
    groups: list[str]
    topic: str
    start: dt.date
    end: dt.date
    participants: int
    due: dt.date | None = None
    # (theme or proposal, decision key or "", link kind)
    inputs: list[tuple[str, str, str]] = field(default_factory=list)
    # (you said, we did, published on or None)
    feedback: list[tuple[str, str, dt.date | None]] = field(default_factory=list)
    joint: list[str] = field(default_factory=list)
    profile: dict[str, dict[str, int]] = field(default_factory=dict)


class Decision(NamedTuple):
    key: str
    partnership: str
    taken_on: dt.date
    title: str
    taken_by: str
    delegated: bool


class PanelWave(NamedTuple):
    title: str
    start: dt.date
    end: dt.date
    members: int  # panel members asked
    you_said: str
    we_did: str


class Indicator(NamedTuple):
    partnership: str
    name: str
    kind: str
    defined_by: str
    unit: str
    target: int
    direction: str
    points: list[tuple[int, int]]  # (year, value at 31 March)


class Seat(NamedTuple):
    partnership: str
    organisation: str  # the seat goes to the first person of this organisation
    constituency: str
    appointed: str
    term_start: dt.date
    term_end: dt.date
    reports: list[dt.date]  # days the member reported back


def areas() -> tuple[str, ...]:
    return tuple(read("participation")["areas"])


def mandate() -> str:
    return str(read("participation")["mandate"])


def population() -> dict[str, dict[str, tuple[int, int, int, int]]]:
    """Category → group → residents in each of :func:`areas`, in that order."""
    table = {}
    for category, groups in read("participation")["population"].items():
        table[category] = {group: _four(counts) for group, counts in groups.items()}
    return table


def _four(counts: list[int]) -> tuple[int, int, int, int]:
    a, b, c, d = counts
    return (a, b, c, d)


def decisions() -> list[Decision]:
    return [Decision(**row) for row in read("participation")["decisions"]]


def plans() -> list[Plan]:
    return [
        Plan(
            **{
                **row,
                "inputs": [tuple(item) for item in row.get("inputs", [])],
                "feedback": [
                    (item["you_said"], item["we_did"], item.get("published_on"))
                    for item in row.get("feedback", [])
                ],
            }
        )
        for row in read("participation")["plans"]
    ]


def panel_waves() -> list[PanelWave]:
    return [PanelWave(**row) for row in read("participation")["panel_waves"]]


def indicators() -> list[Indicator]:
    return [
        Indicator(**{**row, "points": list(row["points"].items())})
        for row in read("participation")["indicators"]
    ]


def seats() -> list[Seat]:
    return [Seat(**row) for row in read("participation")["seats"]]
