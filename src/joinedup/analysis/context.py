"""Derived figures about the conditions a partnership works under.

Plain records in, plain results out: no Django, no settings. The context app turns
its rows into :class:`Stream`, :class:`Measure` and :class:`Mandate` records and
calls the functions here; the diagnoses read :class:`ContextSignals`.

Why these figures. Newman (2001, ch. 6; seed 001) argues that the conditions set
from outside pull a partnership across her two axes: money that is short-term,
earmarked or won by bidding pulls towards short-run pragmatism (after Glendinning
and Clarke 2000, uncertainty about earmarked resources shortens partnership goals);
statutory duties, specified structures and tight targets pull towards hierarchy and
accountability; and performance regimes that judge each body on its own core business
("mono-organisational" rather than system-wide measures) work against joint effort.
Powell and Exworthy (seed 000) read real partnerships as quasi-networks mixing market
elements (contracts, competitive bidding) and hierarchy (mandates, lead agencies);
Lowndes and Skelcher (1998, seed 000) separate the partnership as a structure from
the mode of governance it runs on, which is why these figures describe the pulls
rather than name the mode. Stoker's (2000) steering techniques, as listed by Newman,
give the steering vocabulary. Clarity of purpose is the first item of most success
checklists (Audit Commission 1998; Hardy, Hudson and Waddington 2000; seed 000);
members who disagree about the kind of partnership they are in are a warning sign.

Conventions: every date window is inclusive at both ends; an open end date
(``None``) means the money has no planned end. A share whose denominator is zero is
``None``, never 0.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from joinedup.analysis.data import AnswerRow

SOURCES = ("central_programme", "pooled_budget", "competitive_bid", "private", "charitable")
BID = "competitive_bid"
PURPOSE_KINDS = ("outcome", "process", "experimental")
PURPOSE_ITEM = "hc_purpose_kind"
CROSS_CUTTING = "cross_cutting"
CORE_BUSINESS = "core_business"
EXPIRY_MONTHS = 12
SHORT_TERM_YEARS = 3
DISAGREEMENT_THRESHOLD = Fraction(1, 3)
HIERARCHY_STEERING = ("monitoring", "structural_reform")


@dataclass(frozen=True, slots=True)
class Stream:
    """One funding stream, as plain data. ``amount`` is in pounds."""

    key: str
    partnership: str
    name: str
    source: str
    amount: float
    earmarked: bool
    start: dt.date
    end: dt.date | None = None
    provider: str = ""


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    owner: str  # an organisation's name, or "" when the partnership owns it
    kind: str  # CROSS_CUTTING or CORE_BUSINESS


@dataclass(frozen=True, slots=True)
class Mandate:
    basis: str  # the partnership's recorded basis: statutory / voluntary / contractual
    statutory_duty: bool = False
    mandated_membership: bool = False
    targets: tuple[tuple[str, dt.date], ...] = ()  # (target, date it was attached)
    inspection_regime: str = ""
    steering: tuple[str, ...] = ()


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamped to the month's last day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def _share(part: float, whole: float) -> float | None:
    return None if whole <= 0 else part / whole


def is_live(stream: Stream, as_of: dt.date) -> bool:
    """Still to be spent on ``as_of``: not yet ended (it may not have started)."""
    return stream.end is None or stream.end >= as_of


def ends_within(stream: Stream, as_of: dt.date, months: int = EXPIRY_MONTHS) -> bool:
    """The stream has a planned end in ``[as_of, as_of + months]`` (both inclusive), so
    money that ends exactly twelve calendar months after ``as_of`` counts as expiring."""
    return stream.end is not None and as_of <= stream.end <= add_months(as_of, months)


def is_short_term(stream: Stream, years: int = SHORT_TERM_YEARS) -> bool:
    """Planned to last no more than ``years``: the end falls on or before the start
    moved ``years`` calendar years on (a three-year programme from 1 April 2024 to
    31 March 2027 is short-term). Open-ended money is never short-term."""
    return stream.end is not None and stream.end <= add_months(stream.start, 12 * years)


@dataclass(frozen=True)
class FundingFigures:
    """Shares by amount of the money still live on ``as_of``; ``None`` when there is none."""

    as_of: dt.date
    live_total: float
    expiring_amount: float
    expiring_share: float | None
    short_term_share: float | None
    bid_share: float | None
    short_term_or_bid_share: float | None
    earmarked_share: float | None
    expiring_streams: tuple[str, ...] = ()


def funding_figures(streams: Iterable[Stream], as_of: dt.date) -> FundingFigures:
    """The funding shares of a partnership (or any set of streams) on ``as_of``.

    With L the live streams (``end`` missing or ≥ ``as_of``) and a(s) their amounts,
    each share is Σ a(s) over the streams with the property / Σ a(s) over L:
    expiring = planned end within 12 calendar months (inclusive); short-term = planned
    life ≤ 3 years; bid = won by competitive bidding; earmarked = ring-fenced for named
    uses. Streams that have already ended do not count: they no longer pull on anyone.
    """
    live = [s for s in streams if is_live(s, as_of)]
    total = sum(s.amount for s in live)
    expiring = [s for s in live if ends_within(s, as_of)]
    expiring_amount = sum(s.amount for s in expiring)

    def share_of(keep: Sequence[Stream]) -> float | None:
        return _share(sum(s.amount for s in keep), total)

    return FundingFigures(
        as_of=as_of,
        live_total=total,
        expiring_amount=expiring_amount,
        expiring_share=_share(expiring_amount, total),
        short_term_share=share_of([s for s in live if is_short_term(s)]),
        bid_share=share_of([s for s in live if s.source == BID]),
        short_term_or_bid_share=share_of([s for s in live if is_short_term(s) or s.source == BID]),
        earmarked_share=share_of([s for s in live if s.earmarked]),
        expiring_streams=tuple(s.name for s in expiring),
    )


@dataclass(frozen=True, slots=True)
class TimelineRow:
    stream: str
    partnership: str
    source: str
    start: dt.date
    end: dt.date | None
    amount: float
    expiring: bool
    ended: bool


def timeline(streams: Iterable[Stream], as_of: dt.date) -> list[TimelineRow]:
    """One row per stream, in order of start then end (open ends last), flagged as
    expiring within 12 months or already ended on ``as_of``. Pass one partnership's
    streams for its timeline, or the streams of every partnership an organisation
    belongs to for the organisation's view across its partnerships."""
    ordered = sorted(streams, key=lambda s: (s.start, s.end or dt.date.max, s.partnership, s.name))
    return [
        TimelineRow(
            stream=s.name,
            partnership=s.partnership,
            source=s.source,
            start=s.start,
            end=s.end,
            amount=s.amount,
            expiring=ends_within(s, as_of),
            ended=not is_live(s, as_of),
        )
        for s in ordered
    ]


@dataclass(frozen=True)
class MeasureBalance:
    """How many measures in use are the partnership's own cross-cutting measures and
    how many judge a single organisation on its core business (Newman 2001, after
    Glendinning and Clarke 2000). ``cross_cutting_share`` = cross / (cross + core)."""

    cross_cutting: int
    core_business: int
    cross_cutting_share: float | None
    mostly_core_business: bool


def measure_balance(measures: Iterable[Measure]) -> MeasureBalance:
    """Counts each kind; ``mostly_core_business`` when core-business measures outnumber
    cross-cutting ones (the performance regime then pulls partners back to their silos)."""
    counts = Counter(m.kind for m in measures)
    cross, core = counts[CROSS_CUTTING], counts[CORE_BUSINESS]
    return MeasureBalance(
        cross_cutting=cross,
        core_business=core,
        cross_cutting_share=_share(cross, cross + core),
        mostly_core_business=core > cross,
    )


@dataclass(frozen=True)
class PurposeDisagreement:
    """Members' view of the partnership's purpose kind against the recorded one.

    When suppressed, ``share``, ``disagree`` and ``counts`` are empty and ``reason``
    says why; ``answered`` is always given (it names no one).
    """

    recorded: str
    answered: int
    k: int
    suppressed: bool
    reason: str = ""
    disagree: int | None = None
    share: float | None = None
    counts: dict[str, int] = field(default_factory=dict)
    warning: bool = False


def purpose_kind_disagreement(
    answers: Iterable[AnswerRow],
    recorded: str,
    k: int,
    threshold: Fraction = DISAGREEMENT_THRESHOLD,
) -> PurposeDisagreement:
    """Share of members whose answer to ``hc_purpose_kind`` differs from ``recorded``.

    Only answers naming one of outcome / process / experimental count; blanks and
    "don't know" are left out of the denominator. A respondent answering more than
    once counts once (the last answer). share = disagreeing / answered; the warning is
    raised when share ≥ ``threshold`` (default one in three: a third of the members
    working to a different idea of the partnership is enough to pull it apart, in the
    spirit of the "clarity and realism of purpose" principle of Hardy et al. 2000).
    With fewer than ``k`` answers nothing but the count leaves this function.
    """
    last: dict[str, str] = {}
    for row in answers:
        value = row.text.strip().lower()
        if row.item == PURPOSE_ITEM and not row.dont_know and value in PURPOSE_KINDS:
            last[row.respondent] = value
    answered = len(last)
    if answered < k:
        return PurposeDisagreement(
            recorded=recorded,
            answered=answered,
            k=k,
            suppressed=True,
            reason=f"fewer than {k} members answered ({answered})",
        )
    counts = Counter(last.values())
    disagree = answered - counts[recorded]
    share = disagree / answered
    return PurposeDisagreement(
        recorded=recorded,
        answered=answered,
        k=k,
        suppressed=False,
        disagree=disagree,
        share=share,
        counts={kind: counts[kind] for kind in PURPOSE_KINDS},
        warning=Fraction(disagree, answered) >= threshold,
    )


@dataclass(frozen=True)
class MarketSignals:
    """Market elements of the quasi-network: money won by bidding, a contractual
    basis, short-term money (shares by amount of live funding; ``None`` = no money)."""

    bid_share: float | None
    contractual: bool
    short_term_share: float | None

    @property
    def score(self) -> float:
        """Mean of the three, each in [0, 1] (a missing share counts 0): a transparent
        indicator count, not a measured quantity."""
        parts = [self.bid_share or 0.0, float(self.contractual), self.short_term_share or 0.0]
        return sum(parts) / len(parts)


@dataclass(frozen=True)
class HierarchySignals:
    """Hierarchy elements: statutory duty, mandated membership, central targets, an
    inspection regime, and steering by monitoring or structural reform."""

    statutory_duty: bool
    mandated_membership: bool
    central_targets: int
    inspection_regime: bool
    monitoring_or_reform: bool

    @property
    def score(self) -> float:
        """Share of the five present (targets count when there is at least one)."""
        parts = [
            self.statutory_duty,
            self.mandated_membership,
            self.central_targets > 0,
            self.inspection_regime,
            self.monitoring_or_reform,
        ]
        return sum(parts) / len(parts)


@dataclass(frozen=True)
class ContextSignals:
    """The pressures the diagnoses read: the quasi-network mix (market and hierarchy
    elements) and the drift triggers of Newman's dynamics (money running out, new
    central targets)."""

    as_of: dt.date
    market: MarketSignals
    hierarchy: HierarchySignals
    expiring_share: float | None
    expiring_amount: float
    expiring_streams: tuple[str, ...]
    new_targets: tuple[str, ...]
    new_targets_since: dt.date | None
    earmarked_share: float | None
    measures: MeasureBalance


def context_signals(
    streams: Iterable[Stream],
    mandate: Mandate,
    measures: Iterable[Measure],
    as_of: dt.date,
    targets_since: dt.date | None = None,
) -> ContextSignals:
    """Gather the signals. ``new_targets`` are the targets attached on or after
    ``targets_since`` and no later than ``as_of`` (none when no date is given)."""
    money = funding_figures(streams, as_of)
    new: tuple[str, ...] = ()
    if targets_since is not None:
        new = tuple(name for name, day in mandate.targets if targets_since <= day <= as_of)
    return ContextSignals(
        as_of=as_of,
        market=MarketSignals(
            bid_share=money.bid_share,
            contractual=mandate.basis == "contractual",
            short_term_share=money.short_term_share,
        ),
        hierarchy=HierarchySignals(
            statutory_duty=mandate.statutory_duty,
            mandated_membership=mandate.mandated_membership,
            central_targets=sum(1 for _name, day in mandate.targets if day <= as_of),
            inspection_regime=bool(mandate.inspection_regime.strip()),
            monitoring_or_reform=any(s in HIERARCHY_STEERING for s in mandate.steering),
        ),
        expiring_share=money.expiring_share,
        expiring_amount=money.expiring_amount,
        expiring_streams=money.expiring_streams,
        new_targets=new,
        new_targets_since=targets_since,
        earmarked_share=money.earmarked_share,
        measures=measure_balance(measures),
    )
