"""Bovaird's acid test: what partners actually share, and Hardy's barriers alongside.

Register reading (facts recorded by the coordinator)
    Kinds of sharing: pooled budget, staff time, information-sharing agreement,
    premises, risk. An entry counts on the day ``as_of`` when it has started and
    not ended. *Breadth* = kinds with at least one current entry / 5.
    *Spread* = member organisations in at least one current entry / members.
    Register index = ``(breadth + spread) / 2``. Per organisation: the kinds it
    takes part in / 5.

Survey reading (network survey)
    For each of ``net_share_money``, ``_staff``, ``_information``, ``_premises``,
    ``_risk`` (0/1 per rated pair), the share of pairs answered 1; the survey
    index is the mean over the items answered. Per organisation, from the
    ratings others gave about it, only when those come from at least ``k``
    respondents and the disclosure rule for overlapping sets lets it out: each
    organisation's share is a sum over its raters' answers published beside the
    items' shares over everyone's, so a withheld organisation's answers would
    follow by subtraction; further organisations are withheld, smallest first,
    until no set of fewer than ``k`` respondents' answers follows
    (:func:`joinedup.analysis.disclosure.protect_cells`, owner = the rater).
    An organisation's own ratings of others are never published.

Sharing index and the test
    The mean of the readings available. Below ``CONTRACTING_THRESHOLD`` = 0.25
    the partnership is flagged "contracting, not partnering": too little is
    shared for it to be a partnership in Bovaird's sense.

Barriers (Hardy et al 1992)
    When barrier answers are given (items tagged ``hardy:<barrier>``), each
    barrier's mean agreement on 0…1, withheld below ``k`` respondents.

Reference: T. Bovaird, lecture notes on partnership working ("the acid test");
B. Hardy, A. Turrell and G. Wistow (1992) *Innovations in community care
management*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from joinedup.analysis.data import AnswerRow, RelationRow
from joinedup.analysis.disclosure import protect_cells
from joinedup.analysis.frameworks._common import (
    Tags,
    by_respondent,
    suppression_reason,
    tagged,
    unit,
)

NAME = "sharing"
TITLE = "The sharing test"
KINDS = ("pooled_budget", "staff_time", "information", "premises", "risk")
KIND_LABELS = {
    "pooled_budget": "pooled budget",
    "staff_time": "staff time",
    "information": "information-sharing agreement",
    "premises": "premises",
    "risk": "shared risk",
}
SHARE_ITEMS = (
    "net_share_money",
    "net_share_staff",
    "net_share_information",
    "net_share_premises",
    "net_share_risk",
)
CONTRACTING_THRESHOLD = 0.25


@dataclass(frozen=True)
class Entry:
    kind: str
    organisations: tuple[str, ...]
    start: dt.date
    end: dt.date | None = None
    amount: float | None = None
    unit: str = ""

    def current(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class SharingResult:
    as_of: dt.date
    register_index: float | None
    breadth: float | None
    spread: float | None
    kinds_current: tuple[str, ...]
    amounts: dict[str, float]
    survey_index: float | None
    survey_items: dict[str, float]
    survey_note: str
    index: float | None
    contracting_not_partnering: bool | None
    organisations: dict[str, dict[str, float | None]]
    barriers: dict[str, float]
    barriers_note: str = ""
    withheld: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _register(entries: Sequence[Entry], members: Sequence[str], day: dt.date) -> tuple[Any, ...]:
    now = [e for e in entries if e.current(day)]
    if not entries:
        return None, None, None, (), {}
    kinds = tuple(k for k in KINDS if any(e.kind == k for e in now))
    involved = {o for e in now for o in e.organisations}
    breadth = len(kinds) / len(KINDS)
    spread = len(involved & set(members)) / len(members) if members else 0.0
    amounts: dict[str, float] = {}
    for e in now:
        if e.amount is not None:
            key = f"{e.kind} ({e.unit})" if e.unit else e.kind
            amounts[key] = amounts.get(key, 0.0) + e.amount
    return (breadth + spread) / 2, breadth, spread, kinds, amounts


def _survey(relations: Sequence[RelationRow], k: int) -> tuple[float | None, dict[str, float], str]:
    rows = [r for r in relations if r.item in SHARE_ITEMS and r.value is not None]
    respondents = len({r.respondent for r in rows})
    if not rows:
        return None, {}, "no network sharing answers"
    reason = suppression_reason(respondents, k)
    if reason:
        return None, {}, reason
    items = {}
    for item in SHARE_ITEMS:
        values = [float(r.value or 0) for r in rows if r.item == item]
        if values:
            items[item] = sum(1 for v in values if v >= 1) / len(values)
    return sum(items.values()) / len(items), items, f"{respondents} respondents"


def _per_organisation(
    entries: Sequence[Entry],
    relations: Sequence[RelationRow],
    members: Sequence[str],
    day: dt.date,
    k: int,
) -> dict[str, dict[str, float | None]]:
    now = [e for e in entries if e.current(day)]
    hidden = _protected(relations, members, k)
    table: dict[str, dict[str, float | None]] = {}
    for org in members:
        kinds = {e.kind for e in now if org in e.organisations}
        about = [
            r
            for r in relations
            if r.target == org and r.item in SHARE_ITEMS and r.value is not None
        ]
        shown = about and hidden.get(org) is None
        survey = sum(1 for r in about if (r.value or 0) >= 1) / len(about) if shown else None
        table[org] = {"register": len(kinds) / len(KINDS), "survey": survey}
    return table


def _protected(
    relations: Sequence[RelationRow], members: Sequence[str], k: int
) -> dict[str, str | None]:
    """Which organisations' received shares are withheld: the published sets are
    each item's (respondent, rated, item) answers (kept: the survey reading) and each
    organisation's received answers; the owner of an answer is its respondent."""
    rows = [
        (r.respondent, r.target, r.item)
        for r in relations
        if r.item in SHARE_ITEMS and r.value is not None and r.source != r.target
    ]
    cells: dict[str, frozenset[tuple[str, str, str]]] = {
        f"item:{item}": frozenset(e for e in rows if e[2] == item) for item in SHARE_ITEMS
    }
    cells.update(
        {f"organisation:{org}": frozenset(e for e in rows if e[1] == org) for org in members}
    )
    keep = [f"item:{item}" for item in SHARE_ITEMS]
    hidden = protect_cells(cells, k, keep=keep, owner=lambda e: e[0])
    return {org: hidden[f"organisation:{org}"] for org in members}


def _barriers(answers: Iterable[AnswerRow], tags: Tags, k: int) -> tuple[dict[str, float], str]:
    names = tagged(tags, "hardy:")
    table = by_respondent(a for a in answers if a.item in names)
    if not table:
        return {}, "no barriers answers"
    reason = suppression_reason(len(table), k)
    if reason:
        return {}, reason
    scores: dict[str, list[float]] = {}
    for answers_ in table.values():
        for item, value in answers_.items():
            scores.setdefault(names[item], []).append(unit(value))
    return {b: sum(v) / len(v) for b, v in sorted(scores.items())}, f"{len(table)} respondents"


def compute(
    entries: Sequence[Entry],
    members: Sequence[str],
    as_of: dt.date,
    k: int,
    relations: Sequence[RelationRow] = (),
    barrier_answers: Iterable[AnswerRow] = (),
    barrier_tags: Tags | None = None,
) -> SharingResult:
    """The sharing index of a partnership and its members on ``as_of``."""
    reg, breadth, spread, kinds, amounts = _register(entries, members, as_of)
    survey, items, note = _survey(relations, k)
    readings = [v for v in (reg, survey) if v is not None]
    index = sum(readings) / len(readings) if readings else None
    barriers, barriers_note = _barriers(barrier_answers, barrier_tags or {}, k)
    return SharingResult(
        as_of=as_of,
        register_index=reg,
        breadth=breadth,
        spread=spread,
        kinds_current=kinds,
        amounts=amounts,
        survey_index=survey,
        survey_items=items,
        survey_note=note,
        index=index,
        contracting_not_partnering=None if index is None else index < CONTRACTING_THRESHOLD,
        organisations=_per_organisation(entries, relations, members, as_of, k),
        barriers=barriers,
        barriers_note=barriers_note,
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def explain(result: SharingResult) -> str:
    """The index, where it came from and the acid test."""
    if result.index is None:
        return (
            "Nothing is recorded in the sharing register and no network sharing answers "
            "are available yet."
        )
    parts = []
    if result.register_index is not None:
        kinds = ", ".join(KIND_LABELS[k] for k in result.kinds_current) or "nothing"
        parts.append(
            f"the register shows {kinds} on {result.as_of:%d %B %Y} (breadth {result.breadth:.0%}, "
            f"members involved {result.spread:.0%}, register index {result.register_index:.2f})"
        )
    if result.survey_index is not None:
        parts.append(
            f"in the network survey {result.survey_index:.0%} of rated ties share each "
            "resource on average"
        )
    verdict = (
        f"below {CONTRACTING_THRESHOLD}: contracting, not partnering"
        if result.contracting_not_partnering
        else f"at or above {CONTRACTING_THRESHOLD}: partners do share"
    )
    text = _capital("; ".join(parts)) + f". Sharing index {result.index:.2f}, {verdict}."
    if result.barriers:
        top = max(result.barriers, key=lambda b: result.barriers[b])
        text += f" Strongest barrier reported: {top} ({result.barriers[top]:.0%} agreement)."
    return text
