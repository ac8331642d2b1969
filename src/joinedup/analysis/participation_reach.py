"""Reach of participation: representativeness, clashes between partnerships, fatigue.

Pure functions over plain records (see :mod:`joinedup.analysis.participation`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from joinedup.analysis.participation import ActivityRecord
from joinedup.analysis.suppression import guard_groups

DEFAULT_WINDOW_DAYS = 30
FATIGUE_DAYS = 365
FATIGUE_THRESHOLD = 3

# --- representativeness --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupShare:
    group: str
    population: int
    participants: int | None  # None when withheld (guard_groups)
    population_share: float
    participant_share: float | None
    rate: float | None  # participants per member of the population


@dataclass(frozen=True, slots=True)
class Representativeness:
    category: str
    participants: int
    similarity: float | None  # proportional similarity PS, 0 … 1
    rate_ratio: float | None  # lowest / highest participation rate, 0 … 1
    groups: tuple[GroupShare, ...]
    suppressed: str = ""  # the reason when the whole category is withheld


def proportional_similarity(population: Mapping[str, float], sample: Mapping[str, float]) -> float:
    """Proportional similarity of two distributions over the same groups.

    PS = Σ_c min(p_c, q_c), with p_c = population_c / Σ population and
    q_c = sample_c / Σ sample. PS = 1 when the participants mirror the
    population, and falls towards 0 as they come from other groups; 1 − PS is
    the share of participants who would have to come from other groups to
    match the population. This is Czekanowski's index of proportional
    similarity (J. Czekanowski, 1909; in this form Feinsinger, Spears & Poole,
    *Ecology* 62, 1981, 27–32; see also Vegelius, Janson & Johansson,
    *Quality and Quantity* 20, 1986, on its use as a similarity of
    distributions). Groups missing from one side count as 0 there.
    """
    p_total = sum(population.values())
    q_total = sum(sample.values())
    if p_total <= 0 or q_total <= 0:
        raise ValueError("both distributions need a positive total")
    groups = set(population) | set(sample)
    return sum(
        min(population.get(g, 0) / p_total, sample.get(g, 0) / q_total) for g in sorted(groups)
    )


def rate_ratio(population: Mapping[str, float], sample: Mapping[str, float]) -> float | None:
    """Ratio of the lowest to the highest participation rate across groups.

    rate_c = sample_c / population_c for every group with population_c > 0;
    the ratio is min_c rate_c / max_c rate_c (1 = every group took part at the
    same rate; 0 = some group did not take part at all). None when nobody took
    part. A group of participants with no population in the reference is left
    out of the rates (it has no rate), but counts in the similarity.
    """
    rates = [sample.get(g, 0) / n for g, n in population.items() if n > 0]
    if not rates or max(rates) == 0:
        return None
    return min(rates) / max(rates)


ALL_HIDDEN = "withheld: no group could be shown without revealing a group of fewer than {k}"


def _coarsened(counts: Mapping[str, int], hidden: Mapping[str, str | None]) -> dict[str, int]:
    """``counts`` with the hidden groups merged into one cell (keyed by a name no
    group has), so a measure over it uses only what the shown rows already give."""
    merged = {g: c for g, c in counts.items() if not hidden.get(g)}
    rest = sum(c for g, c in counts.items() if hidden.get(g))
    if rest:
        merged["\x00hidden"] = rest
    return merged


def representativeness(
    category: str,
    population: Mapping[str, int],
    participants: Mapping[str, int],
    k: int,
) -> Representativeness:
    """Representativeness of one activity's participants in one category
    (age band, sex, ethnicity, disability, area) against the population.

    The whole category is withheld when fewer than ``k`` participants were
    profiled in it. Groups follow :func:`joinedup.analysis.suppression.guard_groups`:
    a group with 0 < count < k is withheld, and further groups (smallest first)
    until the withheld participants number zero or at least ``k``, so the total
    minus the shown counts never gives a group under ``k``. PS and the rate ratio
    are computed with the withheld groups merged into one cell (their population
    summed too), so they reveal nothing the shown rows do not; when every group
    with participants is withheld, the whole category is.
    """
    n = sum(participants.values())
    if n < k:
        reason = f"fewer than {k} participants profiled"
        return Representativeness(category, n, None, None, (), suppressed=reason)
    pop_total = sum(population.values())
    if pop_total <= 0:
        return Representativeness(category, n, None, None, (), suppressed="no population figures")
    everyone = sorted(set(population) | set(participants))
    hidden = guard_groups({g: participants.get(g, 0) for g in everyone}, k)
    if all(hidden[g] for g in everyone if participants.get(g, 0)):
        return Representativeness(category, n, None, None, (), suppressed=ALL_HIDDEN.format(k=k))
    rows = []
    for group in everyone:
        count = participants.get(group, 0)
        pop = population.get(group, 0)
        withheld = hidden[group] is not None
        rows.append(
            GroupShare(
                group=group,
                population=pop,
                participants=None if withheld else count,
                population_share=pop / pop_total,
                participant_share=None if withheld else count / n,
                rate=None if withheld or pop == 0 else count / pop,
            )
        )
    seen, base = _coarsened(participants, hidden), _coarsened(population, hidden)
    return Representativeness(
        category=category,
        participants=n,
        similarity=proportional_similarity(base, seen),
        rate_ratio=rate_ratio(base, seen),
        groups=tuple(rows),
    )


# --- calendar and clashes ------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def gap_days(a: ActivityRecord, b: ActivityRecord) -> int:
    """Days between two activities: 0 if their date ranges share a day,
    otherwise the later start minus the earlier end."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    return max(0, (second.start - first.end).days)


@dataclass(frozen=True, slots=True)
class Clash:
    first: str  # activity ids, ordered by start date then id
    second: str
    gap: int
    shared_groups: tuple[str, ...]
    same_topic: bool


def clash(
    a: ActivityRecord, b: ActivityRecord, window_days: int = DEFAULT_WINDOW_DAYS
) -> Clash | None:
    """Do two activities ask the same people about the same thing at the same time?

    They clash when all of these hold:

    1. they belong to different partnerships (no partnership in common — a
       partnership's own programme is its own business);
    2. they are in the same area (compared case- and space-insensitively;
       an empty area matches nothing);
    3. they share at least one target group, or have the same non-empty topic
       (both compared case-insensitively);
    4. ``gap_days(a, b) ≤ window_days``: they overlap in time, or the second
       starts at most ``window_days`` days after the first ends (with the
       default 30, an activity starting on day 30 after the other's end
       clashes; one starting on day 31 does not).
    """
    if a.partnerships & b.partnerships:
        return None
    if not _norm(a.area) or _norm(a.area) != _norm(b.area):
        return None
    groups_a = {_norm(g): g for g in a.target_groups}
    shared = tuple(
        sorted(groups_a[g] for g in groups_a.keys() & {_norm(g) for g in b.target_groups})
    )
    same_topic = bool(_norm(a.topic)) and _norm(a.topic) == _norm(b.topic)
    if not shared and not same_topic:
        return None
    gap = gap_days(a, b)
    if gap > window_days:
        return None
    first, second = sorted((a, b), key=lambda x: (x.start, x.id))
    return Clash(first.id, second.id, gap, shared, same_topic)


def clashes(
    activities: Sequence[ActivityRecord], window_days: int = DEFAULT_WINDOW_DAYS
) -> list[Clash]:
    """Every clashing pair (see :func:`clash`) among ``activities``.

    Activities are grouped by area (only the same area can clash) and sorted
    by start; for each one, later activities of its area are examined only
    while they start within the window after its end (starts only grow, so
    none further on can clash with it). The cost is near linear for a
    calendar spread over areas and time, against all pairs for a plain loop
    (see ``bench/participation_clashes.py``).
    """
    by_area: dict[str, list[ActivityRecord]] = {}
    for activity in activities:
        if _norm(activity.area):
            by_area.setdefault(_norm(activity.area), []).append(activity)
    found = []
    for group in by_area.values():
        ordered = sorted(group, key=lambda x: (x.start, x.id))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if (b.start - a.end).days > window_days:
                    break
                hit = clash(a, b, window_days)
                if hit is not None:
                    found.append(hit)
    return sorted(found, key=lambda c: (c.first, c.second))


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    activity: ActivityRecord
    clashes_with: tuple[str, ...]


def calendar(
    activities: Sequence[ActivityRecord], window_days: int = DEFAULT_WINDOW_DAYS
) -> list[CalendarEntry]:
    """Every activity by start date, with the ids of the activities it clashes with."""
    partners: dict[str, list[str]] = {a.id: [] for a in activities}
    for c in clashes(activities, window_days):
        partners[c.first].append(c.second)
        partners[c.second].append(c.first)
    ordered = sorted(activities, key=lambda x: (x.start, x.id))
    return [CalendarEntry(a, tuple(partners[a.id])) for a in ordered]


# --- fatigue of a citizens' panel ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class PanelAsk:
    """One pseudonymous panel member asked in one activity on one day."""

    member: str
    activity: str
    day: dt.date


@dataclass(frozen=True, slots=True)
class Fatigue:
    start: dt.date  # first day counted (as_of − 364 days)
    end: dt.date  # as_of
    members: int  # members asked at least once in the window
    distribution: dict[int, int]  # times asked → members
    share_often: float | None  # share asked ≥ threshold times
    mean_times: float | None
    threshold: int
    suppressed: str = ""


def panel_fatigue(
    asks: Iterable[PanelAsk],
    as_of: dt.date,
    k: int,
    days: int = FATIGUE_DAYS,
    threshold: int = FATIGUE_THRESHOLD,
) -> Fatigue:
    """How often the same panel members were asked in the twelve months to ``as_of``.

    The window is the ``days`` days ending on ``as_of`` inclusive
    (as_of − days + 1 … as_of; 365 days by default). A member asked twice in
    one activity counts once for it. Reported: the distribution of the number
    of activities per member asked at least once, the mean, and the share
    asked ``threshold`` (3) or more times. Withheld when fewer than ``k``
    members were asked.
    """
    start = as_of - dt.timedelta(days=days - 1)
    pairs = {(a.member, a.activity) for a in asks if start <= a.day <= as_of}
    per_member = Counter(member for member, _ in pairs)
    n = len(per_member)
    if n < k:
        reason = f"fewer than {k} panel members asked"
        return Fatigue(start, as_of, n, {}, None, None, threshold, suppressed=reason)
    distribution = dict(sorted(Counter(per_member.values()).items()))
    often = sum(1 for times in per_member.values() if times >= threshold)
    return Fatigue(
        start=start,
        end=as_of,
        members=n,
        distribution=distribution,
        share_often=often / n,
        mean_times=sum(per_member.values()) / n,
        threshold=threshold,
    )
