"""Benchmark: betweenness centrality with joinedup (C Brandes kernel) against networkx.

Part 1 — a seeded random directed network of 5,000 organisations and 100,000
ties: exact normalised betweenness with joinedup's C kernel, with python-igraph
(joinedup's own fallback when the kernel is not built, so the figure that says
whether the kernel earns its place) and with networkx, in the same run; prints
the times, the ratios and the largest difference (must be ≤ 1e-9).
Part 2 — 50,000 / 1,000,000: joinedup's source-sampled betweenness (100
sources), timed (target < 10 s on 2 cores).

Run: ``python bench/network_betweenness.py`` (networkx takes a few minutes).
``--small`` runs a 1,000 / 20,000 network instead of part 1, for a quick look;
``--workers N`` sets joinedup's threads (default: every core).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time

import igraph as ig
import networkx as nx

from joinedup.analysis.network import betweenness as network_betweenness
from joinedup.analysis.network.measures import betweenness, seeded


def random_digraph(n: int, m: int, seed: int) -> ig.Graph:
    with seeded(seed):
        return ig.Graph.Erdos_Renyi(n=n, m=m, directed=True, loops=False)


def cpu_seconds() -> float:
    """CPU time of this process and of finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def kernel_name() -> str:
    return "C kernel" if network_betweenness.KERNEL is not None else "igraph fallback"


def time_igraph(graph: ig.Graph, ours: list[float], seconds: float, cpu: float) -> None:
    """python-igraph's Brandes (what joinedup falls back to), beside the kernel."""
    network_betweenness.use_kernel(False)
    try:
        start, cpu_start = time.perf_counter(), cpu_seconds()
        fallback = betweenness(graph, exact_limit=graph.vcount())
        t_igraph = time.perf_counter() - start
        c_igraph = cpu_seconds() - cpu_start
    finally:
        network_betweenness.use_kernel(True)
    gap = max(abs(a - b) for a, b in zip(ours, fallback.values, strict=True))
    print(
        f"  python-igraph (the fallback): {t_igraph:8.2f} s wall, {c_igraph:.2f} s CPU; "
        f"kernel is {t_igraph / seconds:.1f}x faster wall, {c_igraph / cpu:.1f}x less CPU; "
        f"largest difference {gap:.1e}"
    )


def exact_against_networkx(n: int, m: int, workers: int | None) -> None:
    graph = random_digraph(n, m, seed=5)
    print(f"exact betweenness, {n:,} nodes / {graph.ecount():,} ties (directed, seed 5)")
    start, cpu = time.perf_counter(), cpu_seconds()
    ours = betweenness(graph, exact_limit=n, workers=workers)
    t_ours = time.perf_counter() - start
    c_ours = cpu_seconds() - cpu
    print(
        f"  joinedup ({kernel_name()}): {t_ours:8.2f} s wall, "
        f"{c_ours:.2f} s CPU   peak RSS {peak_mib():,.0f} MiB"
    )
    time_igraph(graph, ours.values, t_ours, c_ours)
    reference = nx.DiGraph()
    reference.add_nodes_from(range(n))
    reference.add_edges_from(graph.get_edgelist())
    start, cpu = time.perf_counter(), cpu_seconds()
    theirs = nx.betweenness_centrality(reference, normalized=True)
    t_theirs = time.perf_counter() - start
    c_theirs = cpu_seconds() - cpu
    print(
        f"  networkx:          {t_theirs:8.2f} s wall, {c_theirs:.2f} s CPU"
        f"   peak RSS {peak_mib():,.0f} MiB"
    )
    gap = max(abs(ours.values[v] - theirs[v]) for v in range(n))
    print(
        f"  ratio networkx / joinedup: {t_theirs / t_ours:.1f}x wall, {c_theirs / c_ours:.1f}x CPU"
    )
    print(f"  largest difference: {gap:.2e} ({'agree' if gap <= 1e-9 else 'DISAGREE'} to 1e-9)")


def sampled(n: int, m: int, samples: int, workers: int | None) -> None:
    start = time.perf_counter()
    graph = random_digraph(n, m, seed=50)
    t_build = time.perf_counter() - start
    print(f"sampled betweenness, {n:,} nodes / {graph.ecount():,} ties, {samples} sources")
    print(f"  building the graph: {t_build:.2f} s")
    start, cpu = time.perf_counter(), cpu_seconds()
    result = betweenness(graph, exact_limit=5000, samples=samples, seed=1, workers=workers)
    t_ours = time.perf_counter() - start
    print(f"  CPU time: {cpu_seconds() - cpu:.2f} s")
    top = max(range(n), key=result.values.__getitem__)
    print(f"  joinedup sampled betweenness: {t_ours:.2f} s (target < 10 s)  {result.method}")
    print(f"  top broker: vertex {top}, estimate {result.values[top]:.3e}")
    print(f"  peak RSS {peak_mib():,.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="quick 1k/20k run for part 1")
    parser.add_argument("--workers", type=int, default=None, help="joinedup threads")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, igraph {ig.__version__}, networkx {nx.__version__}")
    print(f"{os.cpu_count()} cores; load average at start {os.getloadavg()[0]:.1f}")
    n, m = (1000, 20000) if args.small else (5000, 100000)
    exact_against_networkx(n, m, args.workers)
    sampled(50000, 1000000, 100, args.workers)
    print(
        f"load average at end {os.getloadavg()[0]:.1f} (other work on the machine slows both sides)"
    )


if __name__ == "__main__":
    main()
