"""Trust and value scores, the two sides of a pair, the ladder, and power.

Confidentiality: a score about one organisation rests on the ratings of
other respondents; it leaves this module only when at least ``k`` distinct
respondents gave it, otherwise it is suppressed with the reason. Who rated
whom (pair discrepancies) is returned marked ``confidential=True``: the
callers show it to administrators only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from joinedup.analysis.data import RelationRow
from joinedup.analysis.disclosure import protect_cells
from joinedup.analysis.network.build import Node, PairValue, pair_values
from joinedup.analysis.suppression import reason_for

TRUST_ITEMS = ("net_trust_reliable", "net_trust_purpose", "net_trust_open")
VALUE_ITEMS = ("net_value_influence", "net_value_involvement", "net_value_resources")
LADDER = ("isolation", "encounter", "communication", "collaboration", "integration")


@dataclass(frozen=True, slots=True)
class Score:
    """A mean rating with the number of raters, or the reason it is withheld."""

    value: float | None
    raters: int
    suppressed: str = ""


def _rater_means(rows: Iterable[RelationRow], items: Sequence[str]) -> dict[str, dict[str, float]]:
    """target → respondent → that respondent's mean over ``items`` for the target."""
    per: dict[tuple[str, str], list[float]] = defaultdict(list)
    for row in rows:
        if row.item in items and row.value is not None and row.source != row.target:
            per[(row.target, row.respondent)].append(float(row.value))
    result: dict[str, dict[str, float]] = defaultdict(dict)
    for (target, respondent), values in per.items():
        result[target][respondent] = sum(values) / len(values)
    return result


def _score(values: Sequence[float], k: int) -> Score:
    if len(values) < k:
        return Score(None, len(values), f"fewer than {k} raters ({len(values)})")
    return Score(sum(values) / len(values), len(values))


def organisation_scores(
    rows: Iterable[RelationRow], targets: Iterable[str], items: Sequence[str], k: int
) -> dict[str, Score]:
    """Per organisation: the mean over its raters of each rater's mean rating on
    ``items`` (for example :data:`TRUST_ITEMS`), kept only from ≥ ``k`` raters."""
    means = _rater_means(rows, items)
    return {t: _score(list(means.get(t, {}).values()), k) for t in targets}


#: The key of the whole-network figure in a family of received ratings.
OVERALL = ("overall",)


def received_cells(
    rows: Iterable[RelationRow], targets: Iterable[str], items: Sequence[str]
) -> dict[tuple[str, ...], frozenset[tuple[str, str]]]:
    """The published sets behind received ratings: for each organisation the
    (rater, rated) pairs of the respondents who rated it on ``items``, and under
    :data:`OVERALL` every such pair (the whole-network score of :func:`network_score`)."""
    pairs = {
        (row.respondent, row.target)
        for row in rows
        if row.item in items and row.value is not None and row.source != row.target
    }
    cells: dict[tuple[str, ...], frozenset[tuple[str, str]]] = {
        ("organisation", t): frozenset(p for p in pairs if p[1] == t) for t in targets
    }
    cells[OVERALL] = frozenset(pairs)
    return cells


def protected_scores(
    rows: Sequence[RelationRow], targets: Sequence[str], items: Sequence[str], k: int
) -> dict[str, Score]:
    """:func:`organisation_scores` under the disclosure rule for overlapping sets.

    Each organisation's received mean is a sum over its raters, published beside
    the whole-network mean over every rater: hidden received means could be
    recovered by subtraction when the raters behind them number 1 … k − 1.
    :func:`joinedup.analysis.disclosure.protect_cells` (elements are (rater, rated)
    pairs owned by the rater, the whole-network figure kept) hides an
    organisation's score below ``k`` raters, and further ones, smallest first,
    until nothing under ``k`` raters follows. A hidden score carries the reason and
    never its number of raters."""
    scores = organisation_scores(rows, targets, items, k)
    hidden = protect_cells(
        received_cells(rows, targets, items), k, keep=[OVERALL], owner=lambda pair: pair[0]
    )
    out: dict[str, Score] = {}
    for target, score in scores.items():
        why = hidden[("organisation", target)]
        if score.value is None and not why:
            why = reason_for(k, "raters")
        out[target] = Score(None, 0, why) if why else score
    return out


def network_score(rows: Iterable[RelationRow], items: Sequence[str], k: int) -> Score:
    """Whole-network score: the mean of every respondent's mean rating on
    ``items`` over all partners they rated, from ≥ ``k`` respondents."""
    per: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if row.item in items and row.value is not None and row.source != row.target:
            per[row.respondent].append(float(row.value))
    return _score([sum(v) / len(v) for v in per.values()], k)


@dataclass(frozen=True)
class Discrepancies:
    """The largest differences between two sides' ratings. Confidential."""

    item: str
    pairs: list[PairValue]
    confidential: bool = True


def discrepancies(
    rows: Iterable[RelationRow], item: str = "net_depth", limit: int = 10
) -> Discrepancies:
    """Pairs rated by both sides, largest absolute difference first (ties of
    the difference broken by ids); pairs that agree are left out."""
    both = [p for p in pair_values(rows, item) if p.both_rated and p.gap > 0]
    both.sort(key=lambda p: (-p.gap, p.a, p.b))
    return Discrepancies(item, both[:limit])


@dataclass(frozen=True)
class Ladder:
    """Pairs per rung of the ladder (1 isolation … 5 integration)."""

    counts: dict[int, int]
    pairs: int
    respondents: int
    suppressed: str = ""

    def share(self, rung: int) -> float:
        return self.counts[rung] / self.pairs if self.pairs else 0.0

    @property
    def shares(self) -> dict[int, float]:
        return {r: self.share(r) for r in self.counts}


def ladder(rows: Sequence[RelationRow], k: int, item: str = "net_depth") -> Ladder:
    """Distribution of pairwise depth: each pair's combined rating (the mean
    of both sides where both rated) rounded half up to a rung. Withheld when
    fewer than ``k`` respondents answered ``item``."""
    respondents = len({r.respondent for r in rows if r.item == item and r.value is not None})
    counts = dict.fromkeys(range(1, len(LADDER) + 1), 0)
    if respondents < k:
        return Ladder(counts, 0, respondents, f"fewer than {k} respondents ({respondents})")
    pairs = pair_values(rows, item)
    for pair in pairs:
        rung = min(max(int(pair.combined + 0.5), 1), len(LADDER))
        counts[rung] += 1
    return Ladder(counts, len(pairs), respondents)


def ladder_change(now: Ladder, before: Ladder) -> dict[int, float] | None:
    """Change in the share of pairs on each rung (percentage points / 100);
    ``None`` when either round is withheld or empty."""
    if now.suppressed or before.suppressed or not now.pairs or not before.pairs:
        return None
    return {r: now.share(r) - before.share(r) for r in now.counts}


@dataclass(frozen=True)
class PowerReading:
    """Signals of power concentrated on the lead organisation, and the verdict."""

    centralization: float
    lead_tie_share: float | None
    lead_resource_share: float | None
    signals: dict[str, bool] = field(default_factory=dict)
    hierarchy: bool | None = None
    reason: str = ""


#: Thresholds of the power-concentration rule (see :func:`power_concentration`).
CENTRALIZATION_SIGNAL = 0.5
SHARE_RATIO_SIGNAL = 2.0


def _lead_tie_share(ties: Iterable[tuple[str, str]], lead: str) -> float | None:
    pairs = {(min(s, t), max(s, t)) for s, t in ties}
    if not pairs:
        return None
    return sum(lead in p for p in pairs) / len(pairs)


def _lead_resource_share(
    rows: Iterable[RelationRow], lead: str, k: int, every: bool = False
) -> tuple[float | None, str]:
    means = _rater_means(rows, ("net_value_resources",))
    lead_raters = means.get(lead, {})
    if len(lead_raters) < k:
        return None, f"resources brought by the lead rest on fewer than {k} raters"
    if every and any(len(raters) < k for raters in means.values()):
        return None, f"resources brought by some partner rest on fewer than {k} raters"
    received = {t: sum(r.values()) / len(r) for t, r in means.items()}
    total = sum(received.values())
    return (received[lead] / total if total else None), ""


def power_concentration(
    centralization: float,
    ties: Iterable[tuple[str, str]],
    rows: Iterable[RelationRow],
    nodes: Sequence[Node],
    lead: str | None,
    k: int,
    every: bool = False,
) -> PowerReading:
    """Is the network closer to a hierarchy around its lead organisation?

    Three signals: (1) Freeman degree centralisation ≥ 0.5; (2) the lead's
    share of ties (pairs with a tie either way that involve the lead) is at
    least twice an equal share, ``2/n``; (3) the lead's share of resources
    brought — its mean received ``net_value_resources`` rating over the sum of
    every organisation's — is at least twice an equal share, ``1/n`` (only
    from ≥ k raters of the lead; with ``every``, from ≥ k raters of every
    organisation in the sum, since each one's received mean enters the share).
    The verdict "closer to a hierarchy" needs at least two signals; with fewer
    than two signals available there is no verdict.
    """
    n = len(nodes)
    if lead is None or n < 3:
        return PowerReading(centralization, None, None, reason="no lead organisation")
    tie_share = _lead_tie_share(ties, lead)
    resource_share, why = _lead_resource_share(rows, lead, k, every)
    signals = {"centralization": centralization >= CENTRALIZATION_SIGNAL}
    if tie_share is not None:
        signals["ties"] = tie_share >= SHARE_RATIO_SIGNAL * 2 / n
    if resource_share is not None:
        signals["resources"] = resource_share >= SHARE_RATIO_SIGNAL / n
    if len(signals) < 2:
        return PowerReading(centralization, tie_share, resource_share, signals, None, why)
    verdict = sum(signals.values()) >= 2
    return PowerReading(centralization, tie_share, resource_share, signals, verdict, why)
