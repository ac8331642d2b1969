"""Network measures: small graphs worked by hand, and networkx on random graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from joinedup.analysis.network.measures import (
    betweenness,
    closeness,
    communities,
    coreness,
    degree_centralization,
    degrees,
    density,
    in_degree_centralization,
    reciprocity,
)

from .helpers import net, random_pair

TOL = 1e-9


def test_star_by_hand():
    # The council (H) works with four partners, each naming it and being named.
    star = net("H-A H-B H-C H-D", directed=False)
    assert density(star.graph) == pytest.approx(4 / 10)
    assert degree_centralization(star.graph) == pytest.approx(1.0)
    # H lies on the one path between each of the 6 pairs of leaves: 6 / C(4,2) = 1.
    values = dict(zip(star.ids, betweenness(star.graph).values, strict=True))
    assert values == pytest.approx({"A": 0, "B": 0, "C": 0, "D": 0, "H": 1.0})
    # H reaches all four in 1 step: 4/4; a leaf: distances 1+2+2+2 = 7 → 4/7.
    close = dict(zip(star.ids, closeness(star.graph), strict=True))
    assert close["H"] == pytest.approx(1.0)
    assert close["A"] == pytest.approx(4 / 7)


def test_directed_chain_by_hand():
    # A → B → C, and C → A returned by nobody.
    chain = net("A>B B>C")
    assert density(chain.graph) == pytest.approx(2 / 6)
    assert reciprocity(chain.graph) == 0
    # B is on the only path A→C: raw 1, normalised by (n-1)(n-2) = 2.
    assert betweenness(chain.graph).values == pytest.approx([0, 0.5, 0])
    # Closeness on incoming paths: C is reached by B (1) and A (2): (2/2)·(2/3).
    assert closeness(chain.graph) == pytest.approx([0, 0.5, 2 / 3])
    assert degrees(chain.graph)["degree"] == [1, 2, 1]
    # In-degree centralisation: max 1, sum (1-0)+(1-1)+(1-1) = 1 over (n-1)² = 4.
    assert in_degree_centralization(chain.graph) == pytest.approx(0.25)


def test_reciprocity_and_centralisation_by_hand():
    # A and B name each other; B names C; C does not answer back.
    graph = net("A>B B>A B>C").graph
    assert reciprocity(graph) == pytest.approx(2 / 3)
    # Partners either way: A 1, B 2, C 1 → Σ(2 − d) = 2 over (n−1)(n−2) = 2.
    assert degree_centralization(graph) == pytest.approx(1.0)


def test_regular_ring_has_no_centralisation():
    ring = net("A-B B-C C-D D-A", directed=False)
    assert degree_centralization(ring.graph) == 0
    assert coreness(ring.graph) == [2, 2, 2, 2]


def test_k_cores_by_hand():
    # A triangle A,B,C with a tail C-D: the triangle is the 2-core, D the 1-shell.
    graph = net("A-B B-C C-A C-D", directed=False).graph
    assert coreness(graph) == [2, 2, 2, 1]


def test_two_cliques_split_into_two_communities():
    graph = net("A-B B-C C-A D-E E-F F-D C-D", directed=False).graph
    found = communities(graph, seed=3)
    groups = found.membership
    assert groups[0] == groups[1] == groups[2] != groups[3] == groups[4] == groups[5]
    # Q for two triangles joined by a bridge: m = 7; each side: 3/7 − (7/14)² = 5/14.
    assert found.modularity == pytest.approx(2 * (3 / 7 - 0.25))
    assert communities(graph, seed=3).membership == groups  # seeded: same answer


def test_empty_and_tiny_graphs():
    lone = net("", {"A": "public"})
    assert density(lone.graph) == 0
    assert degree_centralization(lone.graph) == 0
    assert reciprocity(lone.graph) == 0
    assert betweenness(lone.graph).values == [0.0]
    assert closeness(lone.graph) == [0.0]


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_against_networkx_on_random_graphs(seed, directed):
    ours, theirs = random_pair(60, 180 if directed else 120, seed, directed)
    graph = ours.graph
    ids = ours.ids
    assert density(graph) == pytest.approx(nx.density(theirs), abs=TOL)
    if directed:
        assert reciprocity(graph) == pytest.approx(nx.overall_reciprocity(theirs), abs=TOL)
    between = nx.betweenness_centrality(theirs, normalized=True)
    close = nx.closeness_centrality(theirs)
    core = nx.core_number(theirs)
    degree = dict(theirs.degree())
    for v, node in enumerate(ids):
        assert betweenness(graph).values[v] == pytest.approx(between[node], abs=TOL)
        assert closeness(graph)[v] == pytest.approx(close[node], abs=TOL)
        assert coreness(graph)[v] == core[node]
        assert degrees(graph)["degree"][v] == degree[node]
    simple = theirs.to_undirected() if directed else theirs
    partners = [d for _, d in simple.degree()]
    top = max(partners)
    expected = sum(top - d for d in partners) / ((len(ids) - 1) * (len(ids) - 2))
    assert degree_centralization(graph) == pytest.approx(expected, abs=TOL)
    found = communities(graph, seed=seed)
    groups: dict[int, set[str]] = {}
    for node, group in zip(ids, found.membership, strict=True):
        groups.setdefault(group, set()).add(node)
    assert found.modularity == pytest.approx(
        nx.community.modularity(simple, list(groups.values())), abs=TOL
    )


def test_sampled_betweenness_is_seeded_scaled_and_stated():
    ours, _theirs = random_pair(300, 1500, 9, True)
    exact = betweenness(ours.graph).values
    sampled = betweenness(ours.graph, exact_limit=100, samples=300, seed=4)
    # Sampling every vertex as a source gives back the exact values.
    assert sampled.values == pytest.approx(exact, abs=TOL)
    assert not sampled.exact
    assert "300" in sampled.method
    part = betweenness(ours.graph, exact_limit=100, samples=60, seed=4)
    again = betweenness(ours.graph, exact_limit=100, samples=60, seed=4)
    assert part.values == again.values
    assert part.sources == 60
    # The estimate is unbiased: its total is close to the exact total.
    assert sum(part.values) == pytest.approx(sum(exact), rel=0.25)
