"""Building partnership networks from survey relations.

A network survey asks each respondent, for every other member organisation,
a set of relation items (``net_depth``, ``net_trust_reliable`` …; see
:mod:`joinedup.analysis.data`). This module turns those
:class:`~joinedup.analysis.data.RelationRow` records into a directed
python-igraph graph for one relation at a time.

Rules (documented in ``docs/methods-networks.md``):

* **Organisation level.** Several respondents of one organisation rating the
  same partner are averaged: the organisation's rating of the partner is the
  mean of its respondents' non-missing ratings.
* **Tie.** Organisation *i* sends a tie to *j* when its rating of *j* is at
  least ``threshold`` (for the ladder ``net_depth`` the default 2 means "at
  least encounter", i.e. "we work with them at all").
* **A pair where only one side reported** is treated in one of three ways
  (the *missing-answer treatment*, a method choice):

  - ``observed``: only what was reported; a non-respondent sends no ties;
  - ``fill``: a non-respondent's tie to *j* is filled from *j*'s report of the
    tie to it (reconstruction: ties are assumed symmetric where one side is
    silent);
  - ``mutual``: a tie counts only where both sides report it (confirmed ties);
    every tie of a non-respondent is dropped.

* **Pair value.** The combined value of a pair is the mean of the two
  organisations' ratings of each other where both rated, otherwise the one
  rating there is; the pair is *confirmed* when both rated it at or above the
  threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import igraph as ig

from joinedup.analysis.data import RelationRow

Treatment = Literal["observed", "fill", "mutual"]
TREATMENTS: tuple[Treatment, ...] = ("observed", "fill", "mutual")


@dataclass(frozen=True, slots=True)
class Node:
    """One organisation: a stable id (kept across rounds), a name and a sector."""

    id: str
    name: str = ""
    sector: str = ""

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass
class Network:
    """A directed (or undirected) graph whose vertices keep organisation ids.

    ``graph`` vertex *v* carries attributes ``id``, ``name`` and ``sector``;
    edges carry ``weight`` (the rating or the file's weight, 1.0 if none).
    ``respondents`` are the organisations that answered (all of them for an
    edge-list file).
    """

    graph: ig.Graph
    nodes: list[Node]
    relation: str = ""
    treatment: Treatment = "observed"
    respondents: frozenset[str] = field(default_factory=frozenset)

    @property
    def ids(self) -> list[str]:
        return [n.id for n in self.nodes]

    def index(self) -> dict[str, int]:
        return {n.id: i for i, n in enumerate(self.nodes)}

    def sector_of(self) -> dict[str, str]:
        return {n.id: n.sector for n in self.nodes}

    def ties(self) -> set[tuple[str, str]]:
        """Directed ties as ``(source id, target id)`` pairs; in an undirected
        network each tie once, as ``(smaller id, larger id)``."""
        ids = self.ids
        if not self.graph.is_directed():
            return {
                (min(ids[s], ids[t]), max(ids[s], ids[t])) for s, t in self.graph.get_edgelist()
            }
        return {(ids[s], ids[t]) for s, t in self.graph.get_edgelist()}

    def weights(self) -> dict[tuple[str, str], float]:
        ids = self.ids
        values = self.graph.es["weight"] if self.graph.ecount() else []
        return {
            (ids[s], ids[t]): float(w)
            for (s, t), w in zip(self.graph.get_edgelist(), values, strict=True)
        }


def make_network(
    nodes: Sequence[Node],
    ties: Mapping[tuple[str, str], float],
    *,
    directed: bool = True,
    relation: str = "",
    treatment: Treatment = "observed",
    respondents: Iterable[str] | None = None,
) -> Network:
    """Assemble a :class:`Network` from nodes and weighted ties (ids must be known)."""
    index = {n.id: i for i, n in enumerate(nodes)}
    pairs = sorted(ties)
    graph = ig.Graph(
        n=len(nodes), edges=[(index[s], index[t]) for s, t in pairs], directed=directed
    )
    graph.vs["id"] = [n.id for n in nodes]
    graph.vs["name"] = [n.label for n in nodes]
    graph.vs["sector"] = [n.sector for n in nodes]
    graph.es["weight"] = [float(ties[p]) for p in pairs]
    answered = frozenset(respondents) if respondents is not None else frozenset(index)
    return Network(graph, list(nodes), relation, treatment, answered)


def either_side(network: Network) -> Network:
    """The undirected network of who works with whom: a tie between two
    organisations when either named the other (or both did), weight 1.

    This is what readers other than administrators see: nothing in it tells which
    side named a tie, so no one-way tie's direction can be read from it, nor from
    any measure computed on it (degree, betweenness, closeness, coreness, brokerage
    on ties taken both ways)."""
    ids = network.ids
    pairs = {(min(ids[s], ids[t]), max(ids[s], ids[t])) for s, t in network.graph.get_edgelist()}
    return make_network(
        network.nodes,
        dict.fromkeys(pairs, 1.0),
        directed=False,
        relation=network.relation,
        treatment=network.treatment,
        respondents=network.respondents,
    )


def organisation_ratings(rows: Iterable[RelationRow], item: str) -> dict[tuple[str, str], float]:
    """Each organisation's rating of each partner on ``item``: the mean of its
    respondents' non-missing ratings. Self-ratings are ignored."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(list)
    for row in rows:
        if row.item == item and row.value is not None and row.source != row.target:
            sums[(row.source, row.target)].append(float(row.value))
    return {pair: sum(vals) / len(vals) for pair, vals in sums.items()}


def responding_organisations(rows: Iterable[RelationRow]) -> frozenset[str]:
    """Organisations with at least one respondent who returned any relation answer."""
    return frozenset(row.source for row in rows)


def apply_treatment(
    ratings: Mapping[tuple[str, str], float],
    respondents: frozenset[str],
    treatment: Treatment,
    threshold: float,
) -> dict[tuple[str, str], float]:
    """Directed ties under one missing-answer treatment (see the module text)."""
    reported = {pair: v for pair, v in ratings.items() if v >= threshold}
    if treatment == "observed":
        return dict(reported)
    if treatment == "mutual":
        return {(s, t): v for (s, t), v in reported.items() if (t, s) in reported}
    if treatment == "fill":
        ties = dict(reported)
        for (s, t), v in reported.items():
            if t not in respondents and (t, s) not in ties:
                ties[(t, s)] = v
        return ties
    raise ValueError(f"unknown missing-answer treatment {treatment!r}")


def build_network(
    rows: Sequence[RelationRow],
    nodes: Sequence[Node],
    *,
    item: str = "net_depth",
    treatment: Treatment = "observed",
    threshold: float = 2.0,
) -> Network:
    """The directed network of one relation ``item`` among ``nodes``.

    Ratings of or by organisations not in ``nodes`` (for example members who
    left before the round) are ignored, so ids stay stable across rounds.
    """
    known = {n.id for n in nodes}
    kept = [r for r in rows if r.source in known and r.target in known]
    respondents = responding_organisations(kept)
    ratings = organisation_ratings(kept, item)
    ties = apply_treatment(ratings, respondents, treatment, threshold)
    return make_network(nodes, ties, relation=item, treatment=treatment, respondents=respondents)


@dataclass(frozen=True, slots=True)
class PairValue:
    """The two sides of one pair on one relation (``a`` < ``b`` by id)."""

    a: str
    b: str
    a_rates_b: float | None
    b_rates_a: float | None

    @property
    def combined(self) -> float:
        """Mean of both ratings where both exist, else the one rating."""
        values = [v for v in (self.a_rates_b, self.b_rates_a) if v is not None]
        return sum(values) / len(values)

    @property
    def both_rated(self) -> bool:
        return self.a_rates_b is not None and self.b_rates_a is not None

    def confirmed(self, threshold: float) -> bool:
        return (
            self.a_rates_b is not None
            and self.b_rates_a is not None
            and min(self.a_rates_b, self.b_rates_a) >= threshold
        )

    @property
    def gap(self) -> float:
        """Absolute difference of the two ratings (0 when one side is missing)."""
        if self.a_rates_b is None or self.b_rates_a is None:
            return 0.0
        return abs(self.a_rates_b - self.b_rates_a)


def pair_values(rows: Iterable[RelationRow], item: str) -> list[PairValue]:
    """Every rated pair with both sides' organisation-level ratings of ``item``."""
    ratings = organisation_ratings(rows, item)
    pairs = {tuple(sorted(p)) for p in ratings}
    return [PairValue(a, b, ratings.get((a, b)), ratings.get((b, a))) for a, b in sorted(pairs)]


def non_respondents(nodes: Sequence[Node], rows: Iterable[RelationRow]) -> list[Node]:
    """Member organisations from which nobody returned a relation answer."""
    answered = responding_organisations(rows)
    return [n for n in nodes if n.id not in answered]


@dataclass(frozen=True, slots=True)
class SectorResponse:
    sector: str
    members: int
    responded: int

    @property
    def rate(self) -> float:
        return self.responded / self.members if self.members else 0.0


def response_by_sector(nodes: Sequence[Node], respondents: Iterable[str]) -> list[SectorResponse]:
    """Response rate (organisations that answered / member organisations) by sector."""
    answered = set(respondents)
    members: dict[str, int] = defaultdict(int)
    responded: dict[str, int] = defaultdict(int)
    for node in nodes:
        members[node.sector] += 1
        responded[node.sector] += node.id in answered
    return [SectorResponse(s, members[s], responded[s]) for s in sorted(members)]
