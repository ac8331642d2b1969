"""Betweenness centrality: exact (Brandes 2001) or estimated from sampled sources.

Freeman's betweenness of a vertex v is ``g(v) = Σ_{s≠v≠t} σ_st(v) / σ_st`` over
ordered pairs of other vertices, σ_st the number of shortest s–t paths and
σ_st(v) those through v (Freeman 1977, "A set of measures of centrality based on
betweenness", *Sociometry* 40, 35–41). Brandes (2001, "A faster algorithm for
betweenness centrality", *J. Math. Sociology* 25(2), 163–177) computes it as a
sum over sources s of the dependencies ``δ_s(v) = Σ_w σ_sv / σ_sw · (1 + δ_s(w))``
(w the successors of v on shortest paths from s), in O(nm) time for unweighted
graphs: one breadth-first search and one reverse sweep per source.

The work is done by a small C kernel (:mod:`joinedup.analysis._brandes`, built at
install time) on the graph in CSR form; its breadth-first searches switch per
level between pushing along out-ties and pulling along in-ties, whichever scans
fewer ties (Beamer, Asanović & Patterson 2012), and its reverse sweep does the
same, so no predecessor lists are kept. The sum over sources is split among
threads (the kernel releases the GIL) and the parts added: an exact identity,
so the split changes speed, not values beyond rounding. Without the compiled
kernel, python-igraph's Brandes implementation gives the same values, slower
(logged once). :func:`use_kernel` turns the kernel off on purpose, so that the
fallback can be tested and timed on a machine where the kernel is built. Tie
weights are not used: a tie is a tie.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import random
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import igraph as ig
import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

#: Largest graph (vertices) for which betweenness is computed exactly.
EXACT_BETWEENNESS_LIMIT = 5000
#: Number of sampled source vertices beyond :data:`EXACT_BETWEENNESS_LIMIT`.
BETWEENNESS_SAMPLES = 100
#: From this much work (sources × ties) up, the sources are split over all cores.
PARALLEL_WORK = 10_000_000
#: The kernel indexes ties with 32-bit integers; larger graphs go to igraph.
KERNEL_MAX_TIES = 2**31 - 1

Ints = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]
Accumulate = Callable[[Ints, Ints, Ints, Ints, Ints, Floats], None]


def _load_kernel() -> Accumulate | None:
    try:
        from joinedup.analysis._brandes import accumulate
    except ImportError:
        return None
    return accumulate


#: The compiled Brandes kernel, or None when the extension was not built.
KERNEL: Accumulate | None = _load_kernel()
_kernel_wanted = True


def use_kernel(wanted: bool) -> bool:
    """Use the compiled kernel (``True``, the default) or python-igraph (``False``).

    Returns the previous setting, so a caller can put it back. Turning the
    kernel on where it was not built changes nothing: igraph is used either way.
    The values are the same; only the time differs.
    """
    global _kernel_wanted
    previous, _kernel_wanted = _kernel_wanted, bool(wanted)
    return previous


def kernel_in_use() -> Accumulate | None:
    """The kernel betweenness will run on, or None when it falls back to igraph."""
    return KERNEL if _kernel_wanted else None


@functools.cache
def _warn_fallback() -> None:
    logger.warning(
        "joinedup.analysis._brandes is not built (no C compiler at install time?): "
        "betweenness falls back to python-igraph, which is several times slower"
    )


@dataclass(frozen=True, slots=True)
class Betweenness:
    """Normalised betweenness per vertex and how it was obtained."""

    values: list[float]
    exact: bool
    sources: int  # number of source vertices used (n when exact)

    @property
    def method(self) -> str:
        if self.exact:
            return "exact (Brandes 2001)"
        return (
            f"estimated from {self.sources} randomly chosen source vertices, scaled by "
            "n / sources (Brandes & Pich 2007)"
        )


def betweenness(
    graph: ig.Graph,
    *,
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    samples: int = BETWEENNESS_SAMPLES,
    seed: int = 0,
    workers: int | None = None,
) -> Betweenness:
    """Freeman's betweenness, normalised as networkx ``normalized=True``.

    The raw value g(v), summed over ordered pairs (s, t) in directed and
    undirected graphs alike, is divided by ``(n − 1)(n − 2)``, the number of
    ordered pairs not involving v, so that it lies in [0, 1]; 0 for n < 3. Up
    to ``exact_limit`` vertices every vertex is a source and the value is
    exact. Beyond it, only the dependencies from ``samples`` source vertices,
    drawn without replacement by ``random.Random(seed)``, are summed, and the
    sum is scaled by ``n / samples``: each vertex is a source with probability
    ``samples / n``, so the scaled sum is an unbiased estimate of g(v)
    (Brandes & Pich 2007, "Centrality estimation in large networks",
    *Int. J. Bifurcation and Chaos* 17(7), 2303–2318).

    ``workers`` threads share the sources; None uses every core once the work
    (sources × ties) reaches :data:`PARALLEL_WORK`, one thread below it.
    """
    n = graph.vcount()
    exact = n <= exact_limit
    if not exact and samples < 1:
        raise ValueError(f"betweenness needs at least one sampled source, not {samples}")
    if n < 3:
        return Betweenness([0.0] * n, True, n)
    scale = 1.0 / ((n - 1) * (n - 2))
    sources = list(range(n)) if exact else _sample(n, samples, seed)
    if not exact:
        scale *= n / len(sources)
    if workers is None:
        parallel = len(sources) * max(graph.ecount(), 1) >= PARALLEL_WORK
        workers = _cores() if parallel else 1
    raw = raw_betweenness(graph, sources, workers)
    return Betweenness((raw * scale).tolist(), exact, len(sources))


def _cores() -> int:
    """Cores this process may run on (fewer than the machine's under an affinity mask)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _sample(n: int, samples: int, seed: int) -> list[int]:
    return sorted(random.Random(seed).sample(range(n), min(samples, n)))


def raw_betweenness(graph: ig.Graph, sources: Sequence[int], workers: int = 1) -> Floats:
    """Σ over ``sources`` s of Brandes' dependency δ_s(v), for every vertex v.

    Counts ordered pairs (s, t) in undirected graphs too, so with every vertex
    a source it is twice the usual undirected betweenness.
    """
    kernel = kernel_in_use()
    if kernel is None or graph.ecount() * 2 > KERNEL_MAX_TIES:
        if KERNEL is None:
            _warn_fallback()
        return _igraph_betweenness(graph, sources)
    arrays = _csr_pair(graph)
    chosen = np.asarray(sources, dtype=np.int32)
    parts = max(1, min(workers, len(chosen)))
    if parts == 1:
        return _accumulate(kernel, arrays, chosen)
    shares = [np.ascontiguousarray(chosen[i::parts]) for i in range(parts)]
    with ThreadPoolExecutor(max_workers=parts) as pool:
        partial = list(pool.map(functools.partial(_accumulate, kernel, arrays), shares))
    return np.sum(partial, axis=0)


def _accumulate(kernel: Accumulate, arrays: tuple[Ints, Ints, Ints, Ints], sources: Ints) -> Floats:
    out = np.zeros(len(arrays[0]) - 1, dtype=np.float64)
    kernel(*arrays, sources, out)
    return out


def _csr_pair(graph: ig.Graph) -> tuple[Ints, Ints, Ints, Ints]:
    """The ties in CSR form twice: by tail (out-ties) and by head (in-ties).

    An undirected tie is listed both ways, so both forms are the same arrays.
    """
    n, m = graph.vcount(), graph.ecount()
    flat = itertools.chain.from_iterable(graph.get_edgelist())
    ends = np.fromiter(flat, dtype=np.int32, count=2 * m).reshape(m, 2)
    tails, heads = ends[:, 0], ends[:, 1]
    if not graph.is_directed():
        tails, heads = np.concatenate([tails, heads]), np.concatenate([heads, tails])
        offsets, targets = _csr(n, tails, heads)
        return offsets, targets, offsets, targets
    return (*_csr(n, tails, heads), *_csr(n, heads, tails))


def _csr(n: int, rows: Ints, cols: Ints) -> tuple[Ints, Ints]:
    order = np.argsort(rows, kind="stable")
    offsets = np.zeros(n + 1, dtype=np.int32)
    offsets[1:] = np.cumsum(np.bincount(rows, minlength=n))
    return offsets, np.ascontiguousarray(cols[order], dtype=np.int32)


def _igraph_betweenness(graph: ig.Graph, sources: Sequence[int]) -> Floats:
    directed = graph.is_directed()
    every = len(sources) == graph.vcount()
    found = graph.betweenness(directed=directed, sources=None if every else list(sources))
    values = np.array(found, dtype=np.float64)
    # igraph counts each unordered pair once in an undirected graph.
    return values if directed else values * 2.0
