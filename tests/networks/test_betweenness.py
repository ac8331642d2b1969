"""Betweenness: the C Brandes kernel on graphs worked by hand, against networkx
on random graphs (exact and sampled), split over threads, and the igraph fallback."""

from __future__ import annotations

import logging
import random

import igraph as ig
import networkx as nx
import numpy as np
import pytest

from joinedup.analysis import _brandes
from joinedup.analysis.network import betweenness as network_betweenness
from joinedup.analysis.network.betweenness import betweenness, raw_betweenness

from .helpers import net, random_pair

TOL = 1e-9


def csr(n: int, ties: list[tuple[int, int]]) -> list[np.ndarray]:
    """Out- and in-tie CSR arrays of a directed graph, as the kernel takes them."""
    arrays = []
    for tail, head in ((0, 1), (1, 0)):
        rows = sorted(ties, key=lambda t: t[tail])
        offsets = np.zeros(n + 1, dtype=np.int32)
        for t in rows:
            offsets[t[tail] + 1] += 1
        arrays += [np.cumsum(offsets, dtype=np.int32), np.array([t[head] for t in rows], np.int32)]
    return arrays


def kernel(n: int, ties: list[tuple[int, int]], sources: list[int]) -> list[float]:
    out = np.zeros(n)
    _brandes.accumulate(*csr(n, ties), np.array(sources, dtype=np.int32), out)
    return out.tolist()


def by_id(network, values):
    return dict(zip(network.ids, values, strict=True))


def test_kernel_sums_dependencies_of_the_given_sources():
    # A=0 → B=1 → D=3 and A → C=2 → D: two shortest A–D paths, one through each.
    diamond = [(0, 1), (0, 2), (1, 3), (2, 3)]
    assert kernel(4, diamond, [0]) == [0.0, 0.5, 0.5, 0.0]
    # From B, C or D nobody lies between: B and C reach only D, D reaches no one.
    assert kernel(4, diamond, [1, 2, 3]) == [0.0, 0.0, 0.0, 0.0]
    # Sources accumulate: the same source twice counts twice.
    assert kernel(4, diamond, [0, 0]) == [0.0, 1.0, 1.0, 0.0]
    assert kernel(4, diamond, []) == [0.0] * 4


def test_kernel_on_a_directed_cycle_and_isolated_vertices():
    # 0 → 1 → 2 → 0 with 3 and 4 alone: each cycle vertex is on one path.
    cycle = [(0, 1), (1, 2), (2, 0)]
    assert kernel(5, cycle, list(range(5))) == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert kernel(3, [], [0, 1, 2]) == [0.0, 0.0, 0.0]


def test_kernel_counts_every_shortest_path():
    # A 3 × 3 grid walked right and down from the corner 0. The centre 4 is
    # inside 2 of the 3 paths 0→5, 2 of the 3 paths 0→7 and 4 of the 6 paths
    # 0→8 (2 ways to 4 times 2 ways on): δ(4) = 2/3 + 2/3 + 4/6 = 2.
    grid = [(0, 1), (1, 2), (3, 4), (4, 5), (6, 7), (7, 8)]
    grid += [(0, 3), (3, 6), (1, 4), (4, 7), (2, 5), (5, 8)]
    values = kernel(9, grid, [0])
    assert values[4] == pytest.approx(2.0)
    # Every vertex: the share of the shortest paths from 0 that pass inside it.
    reference = nx.DiGraph(grid)
    paths = [list(nx.all_shortest_paths(reference, 0, t)) for t in range(1, 9)]
    for v in range(9):
        expected = sum(sum(v in p[1:-1] for p in found) / len(found) for found in paths)
        assert values[v] == pytest.approx(expected)


def test_undirected_paths_and_components_by_hand():
    # A–B–C–D, F–G–H and E alone: n = 8, so (n − 1)(n − 2) = 42 ordered pairs.
    graph = net("A-B B-C C-D F-G G-H", {"E": ""}, directed=False)
    values = by_id(graph, betweenness(graph.graph).values)
    # B is between A–C and A–D (both ways): 4 ordered pairs; C likewise; G: F–H.
    assert values == pytest.approx(
        {"A": 0, "B": 4 / 42, "C": 4 / 42, "D": 0, "E": 0, "F": 0, "G": 2 / 42, "H": 0}
    )
    raw = raw_betweenness(graph.graph, range(8))
    assert raw.tolist() == pytest.approx([0, 4, 4, 0, 0, 0, 2, 0])


def test_directed_diamond_by_hand():
    graph = net("A>B A>C B>D C>D")
    # B and C each carry half of the two A→D paths: 0.5 / (3 · 2).
    assert betweenness(graph.graph).values == pytest.approx([0, 1 / 12, 1 / 12, 0])


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize(
    ("n", "m", "seed"),
    [(80, 120, 1), (80, 400, 2), (150, 3000, 3), (200, 8000, 4), (60, 40, 5)],
)
def test_exact_against_networkx_on_random_graphs(n, m, seed, directed):
    # Sparse (many components, isolated vertices) to dense (bottom-up steps).
    ours, theirs = random_pair(n, m if directed else m // 2, seed, directed)
    expected = nx.betweenness_centrality(theirs, normalized=True)
    found = betweenness(ours.graph)
    assert found.exact
    for node, value in by_id(ours, found.values).items():
        assert value == pytest.approx(expected[node], abs=TOL)


@pytest.mark.parametrize("directed", [True, False])
def test_sampled_against_networkx_with_the_same_sources(directed):
    # networkx draws its k sources with random.Random(seed).sample(list(G), k), as
    # we do; its normalisation differs (see the methods), so compare raw sums.
    n, k, seed = 400, 40, 7
    ours, theirs = random_pair(n, 2400 if directed else 1200, 11, directed)
    chosen = set(random.Random(seed).sample(range(n), k))
    raw = nx.betweenness_centrality(theirs, k=k, seed=seed, normalized=False)
    pairs = 1 if directed else 2  # networkx halves undirected raw values
    found = betweenness(ours.graph, exact_limit=n - 1, samples=k, seed=seed)
    assert not found.exact
    assert found.sources == k
    for v, value in enumerate(found.values):
        node = str(v)
        share = (k - 1) if v in chosen else k  # networkx's own per-vertex scaling
        ordered_sum = raw[node] * share * pairs / (n - 1)
        assert value == pytest.approx(ordered_sum * n / k / ((n - 1) * (n - 2)), abs=TOL)


@pytest.mark.parametrize("directed", [True, False])
def test_threads_split_the_sources_exactly(directed):
    ours, _theirs = random_pair(300, 3000, 21, directed)
    single = betweenness(ours.graph, workers=1).values
    for workers in (2, 3, 7):
        split = betweenness(ours.graph, workers=workers).values
        assert split == pytest.approx(single, abs=1e-12)
    sampled = betweenness(ours.graph, exact_limit=10, samples=50, seed=3, workers=1)
    again = betweenness(ours.graph, exact_limit=10, samples=50, seed=3, workers=2)
    assert again.values == pytest.approx(sampled.values, abs=1e-12)


@pytest.mark.parametrize("directed", [True, False])
def test_igraph_fallback_gives_the_same_values(monkeypatch, caplog, directed):
    ours, _theirs = random_pair(120, 500, 8, directed)
    exact = betweenness(ours.graph).values
    sampled = betweenness(ours.graph, exact_limit=50, samples=30, seed=2).values
    monkeypatch.setattr(network_betweenness, "KERNEL", None)
    network_betweenness._warn_fallback.cache_clear()
    with caplog.at_level(logging.WARNING, logger=network_betweenness.__name__):
        assert betweenness(ours.graph).values == pytest.approx(exact, abs=TOL)
        again = betweenness(ours.graph, exact_limit=50, samples=30, seed=2).values
    assert again == pytest.approx(sampled, abs=TOL)
    ours = [r.getMessage() for r in caplog.records if r.name == network_betweenness.__name__]
    assert len(ours) == 1  # logged once, not at every call
    assert "falls back to python-igraph" in ours[0]


def test_the_kernel_can_be_turned_off_and_on(caplog):
    ours, _theirs = random_pair(60, 240, 4, True)
    before = network_betweenness.use_kernel(True)
    try:
        with_kernel = betweenness(ours.graph).values
        assert network_betweenness.use_kernel(False) is True
        assert network_betweenness.kernel_in_use() is None
        with caplog.at_level(logging.WARNING, logger=network_betweenness.__name__):
            without = betweenness(ours.graph).values
        assert without == pytest.approx(with_kernel, abs=TOL)
        # Turned off on purpose, so no "not built" warning.
        assert not [r for r in caplog.records if r.name == network_betweenness.__name__]
        assert network_betweenness.use_kernel(True) is False
        assert network_betweenness.kernel_in_use() is network_betweenness.KERNEL
    finally:
        network_betweenness.use_kernel(before)


def test_kernel_rejects_malformed_input():
    offsets, targets, in_offsets, in_targets = csr(3, [(0, 1), (1, 2)])
    out = np.zeros(3)
    sources = np.array([0], dtype=np.int32)
    with pytest.raises(TypeError, match="int32"):
        _brandes.accumulate(offsets.astype(np.int64), targets, in_offsets, in_targets, sources, out)
    single = out.astype(np.float32)
    with pytest.raises(TypeError, match="float64"):
        _brandes.accumulate(offsets, targets, in_offsets, in_targets, sources, single)
    bad = np.array([3], dtype=np.int32)
    with pytest.raises(ValueError, match="sources"):
        _brandes.accumulate(offsets, targets, in_offsets, in_targets, bad, out)
    wrong = np.array([1, 5], dtype=np.int32)
    with pytest.raises(ValueError, match="targets"):
        _brandes.accumulate(offsets, wrong, in_offsets, in_targets, sources, out)
    backwards = np.array([0, 2, 1, 2], dtype=np.int32)
    with pytest.raises(ValueError, match="offsets must not decrease"):
        _brandes.accumulate(backwards, targets, in_offsets, in_targets, sources, out)
    with pytest.raises(ValueError, match=r"len\(out\) \+ 1"):
        _brandes.accumulate(offsets, targets, in_offsets, in_targets, sources, out[:2])
    assert out.tolist() == [0.0, 0.0, 0.0]


def test_sampling_needs_a_source():
    graph = ig.Graph(n=5, edges=[(0, 1), (1, 2)], directed=True)
    with pytest.raises(ValueError, match="at least one sampled source"):
        betweenness(graph, exact_limit=3, samples=0)


@pytest.mark.kernel
def test_the_kernel_is_built_and_used():
    # CI builds the extension at `pip install -e .`; without it every run is slow.
    assert network_betweenness.KERNEL is _brandes.accumulate
    graph = ig.Graph(n=3, edges=[(0, 1), (1, 2)], directed=True)
    assert betweenness(graph).values == [0.0, 0.5, 0.0]
