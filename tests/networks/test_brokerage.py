"""Sectors in the network: brokerage roles, mixing, E-I index, periphery."""

from __future__ import annotations

import random
from itertools import permutations

import networkx as nx
import pytest

from joinedup.analysis.network.brokerage import (
    brokerage,
    brokerage_by_sector,
    ei_index,
    mixing_matrix,
    periphery,
)

from .helpers import net, random_pair

SECTORS = {
    "A": "public",
    "B": "public",
    "C": "public",
    "V": "voluntary",
    "W": "voluntary",
    "K": "community",
}


def roles_of(edges: str, broker: str) -> dict[str, int]:
    network = net(edges, SECTORS)
    return brokerage(network.graph)[network.ids.index(broker)]


def test_each_gould_fernandez_role_by_hand():
    assert roles_of("A>B B>C", "B")["coordinator"] == 1  # all public
    assert roles_of("A>V V>B", "V")["itinerant"] == 1  # public → voluntary → public
    assert roles_of("K>V V>W", "V")["gatekeeper"] == 1  # community in to the voluntary pair
    assert roles_of("V>W W>K", "W")["representative"] == 1  # voluntary out to community
    assert roles_of("A>V V>K", "V")["liaison"] == 1  # three sectors


def test_a_direct_tie_removes_the_brokerage():
    assert sum(roles_of("A>B B>C A>C", "B").values()) == 0
    # The reverse tie C → A does not: A still needs B to reach C.
    assert roles_of("A>B B>C C>A", "B")["coordinator"] == 1


def test_roles_summed_by_sector():
    network = net("A>V V>K K>W W>B", SECTORS)
    table = brokerage_by_sector(network.graph)
    # V between public A and community K; W between community K and public B.
    assert table["voluntary"]["liaison"] == 2
    # K between two voluntary organisations: a consultant from outside.
    assert table["community"]["itinerant"] == 1
    assert sum(table["public"].values()) == 0


def test_brokerage_against_brute_force_on_a_random_graph():
    network, theirs = random_pair(25, 90, 11, True)
    rng = random.Random(11)
    sectors = [rng.choice(["public", "private", "voluntary", "community"]) for _ in range(25)]
    network.graph.vs["sector"] = sectors
    index = {node: i for i, node in enumerate(network.ids)}
    expected = [
        dict.fromkeys(["coordinator", "gatekeeper", "representative", "itinerant", "liaison"], 0)
        for _ in range(25)
    ]
    for a, b, c in permutations(theirs.nodes, 3):
        if theirs.has_edge(a, b) and theirs.has_edge(b, c) and not theirs.has_edge(a, c):
            sa, sb, sc = (sectors[index[x]] for x in (a, b, c))
            role = (
                "coordinator"
                if sa == sb == sc
                else "itinerant"
                if sa == sc
                else "gatekeeper"
                if sb == sc
                else "representative"
                if sa == sb
                else "liaison"
            )
            expected[index[b]][role] += 1
    assert brokerage(network.graph) == expected


def test_mixing_matrix_and_ei_index_by_hand():
    # Two public–public ties, one public–voluntary, one voluntary–community.
    network = net("A>B B>C C>V V>K", SECTORS)
    mixing = mixing_matrix(network.graph)
    assert mixing["public"] == {"community": 0, "public": 2, "voluntary": 1}
    assert mixing["voluntary"]["community"] == 1
    ei = ei_index(network.graph)
    assert (ei.external, ei.internal) == (2, 2)
    assert ei.overall == 0
    assert ei.by_sector["public"] == pytest.approx((1 - 2) / 3)
    assert ei.by_sector["community"] == 1
    assert ei.by_sector["voluntary"] == 1


def test_ei_index_against_networkx_attribute_mixing():
    network, theirs = random_pair(40, 150, 5, True)
    rng = random.Random(5)
    sectors = [rng.choice(["public", "voluntary", "community"]) for _ in range(40)]
    network.graph.vs["sector"] = sectors
    nx.set_node_attributes(theirs, dict(zip(network.ids, sectors, strict=True)), "sector")
    pairs = theirs.to_undirected()
    mix = nx.attribute_mixing_dict(pairs, "sector")
    internal = sum(mix.get(s, {}).get(s, 0) for s in set(sectors)) / 2
    external = pairs.number_of_edges() - internal
    assert ei_index(network.graph).overall == pytest.approx(
        (external - internal) / (external + internal), abs=1e-9
    )
    directed = nx.attribute_mixing_dict(theirs, "sector")
    ours = mixing_matrix(network.graph)
    for a in ours:
        for b in ours[a]:
            assert ours[a][b] == directed.get(a, {}).get(b, 0)


def test_periphery_by_sector():
    # A dense public core A,B,C,V with the community group K hanging off one tie,
    # and W (voluntary) with no tie at all.
    network = net("A-B B-C C-A A-V V-B V-C C-K", SECTORS, directed=False)
    found = periphery(network.graph)
    ids = network.ids
    assert [ids[v] for v in found.peripheral] == ["K"]
    assert [ids[v] for v in found.isolated] == ["W"]
    assert found.by_sector["community"] == {"members": 1, "peripheral": 1, "isolated": 0}
    assert found.by_sector["voluntary"] == {"members": 2, "peripheral": 0, "isolated": 1}
