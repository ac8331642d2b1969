"""Sectors in the network: mixing, the E-I index, brokerage roles, the periphery.

All functions take a graph whose vertices carry a ``sector`` attribute.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import igraph as ig

from joinedup.analysis.network.measures import coreness

ROLES: tuple[str, ...] = ("coordinator", "gatekeeper", "representative", "itinerant", "liaison")


def _undirected_pairs(graph: ig.Graph) -> set[tuple[int, int]]:
    return {(min(s, t), max(s, t)) for s, t in graph.get_edgelist()}


def mixing_matrix(graph: ig.Graph) -> dict[str, dict[str, int]]:
    """Counts of ties from each sender sector (rows) to each receiver sector
    (columns). In an undirected graph each tie is counted in both directions."""
    sectors = graph.vs["sector"] if graph.vcount() else []
    names = sorted(set(sectors))
    matrix = {a: dict.fromkeys(names, 0) for a in names}
    for s, t in graph.get_edgelist():
        matrix[sectors[s]][sectors[t]] += 1
        if not graph.is_directed():
            matrix[sectors[t]][sectors[s]] += 1
    return matrix


@dataclass(frozen=True, slots=True)
class EIIndex:
    """E-I index overall and per sector, with the tie counts behind it."""

    overall: float | None
    external: int
    internal: int
    by_sector: dict[str, float | None]


def ei_index(graph: ig.Graph) -> EIIndex:
    """Krackhardt & Stern's E-I index by sector.

    Over the ties between pairs of organisations (a tie in either direction
    counted once), E is the number joining different sectors and I the number
    within one sector; ``EI = (E − I) / (E + I)``, from −1 (all ties within
    sectors) to +1 (all across). Per sector the same ratio over the ties of
    that sector's members. ``None`` when there are no ties. Krackhardt, D. &
    Stern, R. N. (1988) "Informal networks and organizational crises: an
    experimental simulation", *Social Psychology Quarterly* 51, 123–140.
    """
    sectors = graph.vs["sector"] if graph.vcount() else []
    ext = internal = 0
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s, t in _undirected_pairs(graph):
        inside = sectors[s] == sectors[t]
        internal += inside
        ext += not inside
        for end in {sectors[s], sectors[t]}:
            per[end][1 if inside else 0] += 1
    overall = (ext - internal) / (ext + internal) if ext + internal else None
    by_sector: dict[str, float | None] = {}
    for sector in sorted(set(sectors)):
        e, i = per[sector]
        by_sector[sector] = (e - i) / (e + i) if e + i else None
    return EIIndex(overall, ext, internal, by_sector)


def _role(group_a: str, group_b: str, group_c: str) -> str:
    if group_a == group_b == group_c:
        return "coordinator"
    if group_a == group_c:
        return "itinerant"
    if group_b == group_c:
        return "gatekeeper"
    if group_a == group_b:
        return "representative"
    return "liaison"


def brokerage(graph: ig.Graph) -> list[dict[str, int]]:
    """Gould–Fernandez brokerage role counts for every vertex.

    Vertex *b* brokers for the pair (a, c) when a → b and b → c are ties,
    a ≠ c, and there is no direct tie a → c. The role follows the sectors of
    the three: **coordinator** (all one sector), **itinerant** (a and c share
    a sector, b is from another — a consultant), **gatekeeper** (b shares c's
    sector and lets a in), **representative** (b shares a's sector and speaks
    for it to c), **liaison** (three different sectors). Undirected ties are
    taken as ties both ways. Gould, R. V. & Fernandez, R. M. (1989)
    "Structures of mediation: a formal approach to brokerage in transaction
    networks", *Sociological Methodology* 19, 89–126.
    """
    sectors = graph.vs["sector"] if graph.vcount() else []
    mode_in, mode_out = ("in", "out") if graph.is_directed() else ("all", "all")
    counts: list[dict[str, int]] = []
    for b in range(graph.vcount()):
        tally = dict.fromkeys(ROLES, 0)
        senders = set(graph.neighbors(b, mode=mode_in))
        receivers = set(graph.neighbors(b, mode=mode_out))
        for a in senders:
            direct = set(graph.neighbors(a, mode=mode_out))
            for c in receivers:
                if c != a and c not in direct:
                    tally[_role(sectors[a], sectors[b], sectors[c])] += 1
        counts.append(tally)
    return counts


def brokerage_by_sector(graph: ig.Graph) -> dict[str, dict[str, int]]:
    """Brokerage role counts summed over the brokers of each sector."""
    sectors = graph.vs["sector"] if graph.vcount() else []
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for sector, tally in zip(sectors, brokerage(graph), strict=True):
        totals[sector].update(tally)
    return {s: {r: totals[s][r] for r in ROLES} for s in sorted(set(sectors))}


@dataclass(frozen=True, slots=True)
class Periphery:
    """Peripheral and isolated vertices (indices), with counts by sector."""

    peripheral: list[int]
    isolated: list[int]
    by_sector: dict[str, dict[str, int]]  # sector → members, peripheral, isolated


def periphery(graph: ig.Graph) -> Periphery:
    """Who sits at the edge of the network.

    *Isolated*: no tie sent or received. *Peripheral*: not isolated, and
    either tied to at most one partner (either direction) or with a k-core
    number (Seidman 1983, on the ties either way counted once) below half the
    network's largest core number — outside the inner half of the shells.
    """
    simple = graph.as_undirected(mode="collapse") if graph.is_directed() else graph
    partners = simple.degree()
    cores = coreness(simple)
    top = max(cores, default=0)
    isolated = [v for v, d in enumerate(partners) if d == 0]
    peripheral = [v for v, d in enumerate(partners) if d > 0 and (d <= 1 or cores[v] < top / 2)]
    sectors = graph.vs["sector"] if graph.vcount() else []
    table: dict[str, dict[str, int]] = {
        s: {"members": 0, "peripheral": 0, "isolated": 0} for s in sorted(set(sectors))
    }
    for sector in sectors:
        table[sector]["members"] += 1
    for v in peripheral:
        table[sectors[v]]["peripheral"] += 1
    for v in isolated:
        table[sectors[v]]["isolated"] += 1
    return Periphery(peripheral, isolated, table)
