"""Whole-network and per-organisation measures on python-igraph graphs.

Every measure has a one-line plain-language meaning in :data:`MEANINGS`, used
by reports and checked against ``docs/methods-networks.md`` by the tests.
Graphs are simple (no self-loops, no repeated ties); directed unless the
edge-list file said otherwise. Values agree with networkx's definitions (the
tests check them to 1e-9 on seeded random graphs). Betweenness lives in
:mod:`joinedup.analysis.network.betweenness` and is re-exported here.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from dataclasses import dataclass

import igraph as ig

from joinedup.analysis.network.betweenness import (
    BETWEENNESS_SAMPLES as BETWEENNESS_SAMPLES,
)
from joinedup.analysis.network.betweenness import (
    EXACT_BETWEENNESS_LIMIT as EXACT_BETWEENNESS_LIMIT,
)
from joinedup.analysis.network.betweenness import Betweenness as Betweenness
from joinedup.analysis.network.betweenness import betweenness as betweenness

MEANINGS: dict[str, str] = {
    "size": "How many organisations are in the network.",
    "ties": "How many ties were reported (a tie from A to B counts once).",
    "density": "The share of all possible ties that exist: 1 means everybody works with everybody.",
    "reciprocity": "The share of ties that are returned: A names B and B also names A.",
    "centralization": (
        "How far the network is organised around one hub: 1 for a star, 0 when every "
        "organisation has the same number of partners."
    ),
    "in_centralization": "How far incoming ties gather on one organisation (1 = all on one).",
    "degree": "How many ties an organisation sends and receives.",
    "in_degree": "How many partners name this organisation.",
    "out_degree": "How many partners this organisation names.",
    "strength": "The sum of the weights of an organisation's ties, sent and received.",
    "betweenness": (
        "How often an organisation lies on the shortest path between two others: the "
        "brokers and boundary-spanners the network depends on."
    ),
    "closeness": "How few steps the others need to reach this organisation.",
    "coreness": "How deep in the densely tied core an organisation sits (its k-core).",
    "community": "Groups of organisations more tied among themselves than to the rest.",
    "modularity": "How clearly the network splits into those groups (near 0: no clear split).",
    "trust": "The average trust partners place in this organisation, from at least k raters.",
    "value": (
        "The average value partners see in working with this organisation, from at least k raters."
    ),
    "mixing": "How many ties run from each sector to each sector.",
    "ei_index": (
        "Ties outside one's own sector minus ties inside, over all ties: +1 all across "
        "sectors, -1 all within."
    ),
    "brokerage": (
        "Who connects whom, by sector: coordinator, gatekeeper, representative, "
        "itinerant and liaison roles."
    ),
    "peripheral": "Partners tied to the network only at its edge, by sector.",
    "isolated": "Partners with no tie at all in this relation, by sector.",
    "power": (
        "Whether power gathers around the lead organisation so much that the network is "
        "closer to a hierarchy."
    ),
    "response_rate": "The share of member organisations that answered the network survey.",
    "ladder": "How many pairs of partners stand on each rung of the ladder of partnership.",
}


@dataclass(frozen=True, slots=True)
class GraphSummary:
    nodes: int
    edges: int
    density: float
    centralization: float
    reciprocity: float


def density(graph: ig.Graph) -> float:
    """Density: ``m / (n(n-1))`` for a directed graph, ``2m / (n(n-1))`` undirected;
    0 for fewer than two vertices (Wasserman & Faust 1994, §4.2)."""
    n = graph.vcount()
    if n < 2:
        return 0.0
    return float(graph.density(loops=False))


def reciprocity(graph: ig.Graph) -> float:
    """Overall reciprocity: the share of directed ties whose reverse tie also
    exists, ``|{(i,j) ∈ E : (j,i) ∈ E}| / |E|`` (as networkx
    ``overall_reciprocity``). 1.0 for an undirected graph, 0 with no ties."""
    if not graph.is_directed():
        return 1.0
    if graph.ecount() == 0:
        return 0.0
    return float(graph.reciprocity(ignore_loops=True, mode="default"))


def _undirected_degrees(graph: ig.Graph) -> list[int]:
    simple = graph.as_undirected(mode="collapse") if graph.is_directed() else graph
    return [int(d) for d in simple.degree()]


def degree_centralization(graph: ig.Graph) -> float:
    """Freeman's degree centralisation of the network's ties in either direction.

    With ``d_i`` the number of partners of *i* (a tie in either direction counted
    once) and ``d*`` the largest, ``C = Σ_i (d* − d_i) / ((n − 1)(n − 2))``: the
    denominator is the largest possible sum, reached by a star, so C is 1 for a
    star and 0 when every organisation has the same number of partners; 0 for
    n < 3. Freeman, L. C. (1979) "Centrality in social networks: conceptual
    clarification", *Social Networks* 1, 215–239.
    """
    n = graph.vcount()
    if n < 3:
        return 0.0
    degrees = _undirected_degrees(graph)
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def in_degree_centralization(graph: ig.Graph) -> float:
    """Freeman centralisation of in-degree in a directed graph:
    ``Σ (d*_in − d_in,i) / (n − 1)²`` (the maximum, reached when every other
    vertex names one hub and nobody else is named). 0 for n < 2."""
    n = graph.vcount()
    if n < 2:
        return 0.0
    if not graph.is_directed():
        return degree_centralization(graph)
    degrees = graph.indegree()
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) ** 2)


def summary(graph: ig.Graph) -> GraphSummary:
    return GraphSummary(
        graph.vcount(),
        graph.ecount(),
        density(graph),
        degree_centralization(graph),
        reciprocity(graph),
    )


def closeness(graph: ig.Graph) -> list[float]:
    """Closeness with the Wasserman–Faust correction for disconnected graphs.

    For vertex *u*, with ``r`` the number of other vertices that can reach *u*
    and ``D`` the sum of their distances to *u*: ``C(u) = (r / (n − 1)) · (r / D)``
    (0 when nobody reaches *u*). Directed graphs use incoming distances, as
    networkx ``closeness_centrality``. Freeman (1979); Wasserman & Faust (1994)
    *Social Network Analysis*, §5.3.
    """
    n = graph.vcount()
    if n < 2:
        return [0.0] * n
    mode = "in" if graph.is_directed() else "all"
    raw = graph.closeness(mode=mode, normalized=False)
    scaled = graph.closeness(mode=mode, normalized=True)
    result = []
    for inverse_sum, mean_inverse in zip(raw, scaled, strict=True):
        if inverse_sum != inverse_sum or inverse_sum == 0:  # NaN: nobody reaches u
            result.append(0.0)
            continue
        reached = mean_inverse / inverse_sum  # r
        result.append(reached / (n - 1) * mean_inverse)
    return result


def coreness(graph: ig.Graph) -> list[int]:
    """k-core number: the largest k such that the vertex belongs to a subgraph in
    which every vertex has at least k ties (sent plus received in a directed
    graph, as networkx ``core_number``). Seidman, S. B. (1983) "Network
    structure and minimum degree", *Social Networks* 5, 269–287."""
    return [int(c) for c in graph.coreness(mode="all")]


@contextlib.contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run igraph's randomised routines with a private, seeded generator."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


@dataclass(frozen=True, slots=True)
class Communities:
    membership: list[int]
    modularity: float


def communities(graph: ig.Graph, *, seed: int = 0, resolution: float = 1.0) -> Communities:
    """Communities by the Leiden algorithm maximising modularity on the
    undirected graph of ties (a tie either way counts once), seeded.

    Modularity ``Q = (1/2m) Σ_ij (A_ij − γ k_i k_j / 2m) δ(c_i, c_j)``.
    Traag, V. A., Waltman, L. & van Eck, N. J. (2019) "From Louvain to Leiden:
    guaranteeing well-connected communities", *Scientific Reports* 9, 5233.
    """
    simple = graph.as_undirected(mode="collapse") if graph.is_directed() else graph.copy()
    if simple.ecount() == 0:
        return Communities(list(range(simple.vcount())), 0.0)
    with seeded(seed):
        found = simple.community_leiden(
            objective_function="modularity", resolution=resolution, n_iterations=-1
        )
    return Communities(list(found.membership), float(simple.modularity(found.membership)))


def degrees(graph: ig.Graph) -> dict[str, list[int]]:
    """Total, in- and out-degree per vertex (total = in + out when directed)."""
    if graph.is_directed():
        ins, outs = graph.indegree(), graph.outdegree()
        return {
            "degree": [i + o for i, o in zip(ins, outs, strict=True)],
            "in_degree": ins,
            "out_degree": outs,
        }
    total = graph.degree()
    return {"degree": total, "in_degree": total, "out_degree": total}


def strength(graph: ig.Graph) -> list[float]:
    """Sum of tie weights per vertex (sent plus received)."""
    if graph.ecount() == 0:
        return [0.0] * graph.vcount()
    return [float(s) for s in graph.strength(mode="all", weights="weight")]
