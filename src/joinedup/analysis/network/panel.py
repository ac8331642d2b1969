"""Networks compared: across missing-answer treatments, and across rounds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from joinedup.analysis.data import RelationRow
from joinedup.analysis.network.build import (
    TREATMENTS,
    Network,
    Node,
    Treatment,
    build_network,
    either_side,
)
from joinedup.analysis.network.measures import betweenness, degree_centralization, degrees, density


def top_brokers(network: Network, count: int = 3) -> list[str]:
    """Ids of the ``count`` organisations with the highest positive
    betweenness, highest first (ties broken by id)."""
    values = betweenness(network.graph).values
    ranked = sorted(
        (i for i, v in enumerate(values) if v > 0), key=lambda i: (-values[i], network.ids[i])
    )
    return [network.ids[i] for i in ranked[:count]]


@dataclass(frozen=True, slots=True)
class SensitivityRow:
    treatment: Treatment
    ties: int
    density: float
    centralization: float
    brokers: list[str]


def sensitivity(
    rows: Sequence[RelationRow],
    nodes: Sequence[Node],
    *,
    item: str = "net_depth",
    threshold: float = 2.0,
    undirected: bool = False,
) -> list[SensitivityRow]:
    """Density, Freeman centralisation and the top three brokers under each of
    the three missing-answer treatments (observed, fill, mutual). With
    ``undirected`` every treatment's ties are taken either way
    (:func:`~joinedup.analysis.network.build.either_side`): ties count pairs and
    brokers come from undirected betweenness, so nothing depends on who named whom."""
    table = []
    for treatment in TREATMENTS:
        net = build_network(rows, nodes, item=item, treatment=treatment, threshold=threshold)
        if undirected:
            net = either_side(net)
        table.append(
            SensitivityRow(
                treatment,
                net.graph.ecount(),
                density(net.graph),
                degree_centralization(net.graph),
                top_brokers(net),
            )
        )
    return table


@dataclass(frozen=True, slots=True)
class PositionChange:
    id: str
    degree_before: int
    degree_after: int
    betweenness_before: float
    betweenness_after: float

    @property
    def degree_change(self) -> int:
        return self.degree_after - self.degree_before

    @property
    def betweenness_change(self) -> float:
        return self.betweenness_after - self.betweenness_before


@dataclass(frozen=True)
class Panel:
    """Ties formed, kept and dissolved between two rounds (directed ties by id)."""

    formed: list[tuple[str, str]]
    kept: list[tuple[str, str]]
    dissolved: list[tuple[str, str]]
    joined: list[str]
    left: list[str]
    positions: list[PositionChange]


def _positions(net: Network) -> dict[str, tuple[int, float]]:
    graph = net.graph
    total = degrees(graph)["degree"]
    values = betweenness(graph).values
    return {node_id: (total[i], values[i]) for i, node_id in enumerate(net.ids)}


def panel(before: Network, after: Network) -> Panel:
    """Compare two rounds. Organisations are matched by their stable ids; a
    tie to or from an organisation that joined (left) counts as formed
    (dissolved). Positions (total degree, normalised betweenness) are compared
    for organisations present in both rounds, largest betweenness change first."""
    ties_before, ties_after = before.ties(), after.ties()
    ids_before, ids_after = set(before.ids), set(after.ids)
    old, new = _positions(before), _positions(after)
    positions = [
        PositionChange(i, old[i][0], new[i][0], old[i][1], new[i][1])
        for i in sorted(ids_before & ids_after)
    ]
    positions.sort(key=lambda p: (-abs(p.betweenness_change), -abs(p.degree_change), p.id))
    return Panel(
        formed=sorted(ties_after - ties_before),
        kept=sorted(ties_after & ties_before),
        dissolved=sorted(ties_before - ties_after),
        joined=sorted(ids_after - ids_before),
        left=sorted(ids_before - ids_after),
        positions=positions,
    )
