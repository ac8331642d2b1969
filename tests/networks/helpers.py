"""Small builders shared by the network tests."""

from __future__ import annotations

import igraph as ig
import networkx as nx

from joinedup.analysis.data import RelationRow
from joinedup.analysis.network.build import Network, Node, make_network
from joinedup.analysis.network.measures import seeded


def net(edges: str, sectors: dict[str, str] | None = None, directed: bool = True) -> Network:
    """A network from ``"A>B B>C"`` (directed) or ``"A-B B-C"`` text."""
    sep = ">" if directed else "-"
    pairs = [tuple(e.split(sep)) for e in edges.split()]
    ids = sorted({x for p in pairs for x in p} | set(sectors or {}))
    nodes = [Node(i, i, (sectors or {}).get(i, "")) for i in ids]
    return make_network(nodes, dict.fromkeys(pairs, 1.0), directed=directed)


def random_pair(n: int, m: int, seed: int, directed: bool) -> tuple[Network, nx.Graph]:
    with seeded(seed):
        graph = ig.Graph.Erdos_Renyi(n=n, m=m, directed=directed, loops=False)
    nodes = [Node(str(i), str(i), "") for i in range(n)]
    ties = {(str(s), str(t)): 1.0 for s, t in graph.get_edgelist()}
    ours = make_network(nodes, ties, directed=directed)
    theirs: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    theirs.add_nodes_from(str(i) for i in range(n))
    theirs.add_edges_from(ties)
    return ours, theirs


def rows(table: str) -> list[RelationRow]:
    """Relation rows from a small table: ``respondent source target item value``."""
    out = []
    for line in table.strip().splitlines():
        respondent, source, target, item, value = line.split()
        out.append(
            RelationRow(respondent, source, target, item, None if value == "-" else float(value))
        )
    return out
