"""Everything a report shows about one partnership's network, in one call.

:func:`file_summary` serves ``joinedup analyse network`` (the JSON shape of
the command); :func:`round_report` serves the partnership page from one
network-survey round (and the previous round, for change).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from joinedup.analysis.data import RelationRow
from joinedup.analysis.network.brokerage import (
    EIIndex,
    Periphery,
    brokerage,
    brokerage_by_sector,
    ei_index,
    mixing_matrix,
    periphery,
)
from joinedup.analysis.network.build import (
    Network,
    Node,
    SectorResponse,
    Treatment,
    build_network,
    non_respondents,
    response_by_sector,
)
from joinedup.analysis.network.measures import (
    GraphSummary,
    betweenness,
    closeness,
    communities,
    coreness,
    degrees,
    strength,
    summary,
)
from joinedup.analysis.network.panel import Panel, SensitivityRow, panel, sensitivity
from joinedup.analysis.network.scores import (
    TRUST_ITEMS,
    VALUE_ITEMS,
    Discrepancies,
    Ladder,
    PowerReading,
    Score,
    discrepancies,
    ladder,
    ladder_change,
    network_score,
    power_concentration,
    protected_scores,
)


def node_measures(network: Network, *, seed: int = 0) -> dict[str, list[Any]]:
    """Per-vertex measures, in vertex order: degree, in/out degree, strength,
    betweenness, closeness, coreness and Leiden community."""
    graph = network.graph
    values: dict[str, list[Any]] = dict(degrees(graph))
    values["strength"] = strength(graph)
    values["betweenness"] = betweenness(graph, seed=seed).values
    values["closeness"] = closeness(graph)
    values["coreness"] = coreness(graph)
    values["community"] = communities(graph, seed=seed).membership
    return values


def file_summary(network: Network, *, weighted: bool = False, seed: int = 0) -> dict[str, Any]:
    """The ``analyse network --json`` document."""
    head = summary(network.graph)
    values = node_measures(network, seed=seed)
    nodes = []
    for v, node in enumerate(network.nodes):
        entry: dict[str, Any] = {
            "id": node.id,
            "degree": values["degree"][v],
            "in_degree": values["in_degree"][v],
            "out_degree": values["out_degree"][v],
            "betweenness": values["betweenness"][v],
            "closeness": values["closeness"][v],
            "coreness": values["coreness"][v],
            "community": values["community"][v],
            "sector": node.sector,
        }
        if weighted:
            entry["strength"] = values["strength"][v]
        nodes.append(entry)
    order = sorted(range(len(nodes)), key=lambda v: (-values["betweenness"][v], network.ids[v]))
    return {
        "graph": {
            "nodes": head.nodes,
            "edges": head.edges,
            "density": head.density,
            "centralization": head.centralization,
            "reciprocity": head.reciprocity,
        },
        "nodes": nodes,
        "brokers": [network.ids[v] for v in order],
    }


@dataclass
class RoundReport:
    """The network figures of one round (aggregates, plus confidential parts)."""

    network: Network
    summary: GraphSummary
    measures: dict[str, list[Any]]
    modularity: float
    brokers: list[tuple[str, float]]
    roles: list[dict[str, int]]
    roles_by_sector: dict[str, dict[str, int]]
    periphery: Periphery
    mixing: dict[str, dict[str, int]]
    ei: EIIndex
    response: list[SectorResponse]
    missing: list[Node]
    trust: dict[str, Score]
    value: dict[str, Score]
    network_trust: Score
    network_value: Score
    power: PowerReading
    ladder: Ladder
    ladder_change: dict[int, float] | None
    sensitivity: list[SensitivityRow]
    panel: Panel | None
    discrepancies: Discrepancies  # confidential: administrators only


def round_report(
    rows: Sequence[RelationRow],
    nodes: Sequence[Node],
    *,
    k: int,
    lead: str | None = None,
    treatment: Treatment = "observed",
    previous: tuple[Sequence[RelationRow], Sequence[Node]] | None = None,
    seed: int = 0,
) -> RoundReport:
    """All network figures for one round of ``net_depth`` ties (≥ encounter)."""
    net = build_network(rows, nodes, treatment=treatment)
    values = node_measures(net, seed=seed)
    ids = [n.id for n in nodes]
    ranked = sorted(range(len(ids)), key=lambda v: (-values["betweenness"][v], ids[v]))
    head = summary(net.graph)
    before = None
    if previous is not None:
        before_rows, before_nodes = previous
        before = build_network(before_rows, before_nodes, treatment=treatment)
    return RoundReport(
        network=net,
        summary=head,
        measures=values,
        modularity=communities(net.graph, seed=seed).modularity,
        brokers=[
            (ids[v], values["betweenness"][v]) for v in ranked if values["betweenness"][v] > 0
        ],
        roles=brokerage(net.graph),
        roles_by_sector=brokerage_by_sector(net.graph),
        periphery=periphery(net.graph),
        mixing=mixing_matrix(net.graph),
        ei=ei_index(net.graph),
        response=response_by_sector(nodes, net.respondents),
        missing=non_respondents(nodes, rows),
        trust=protected_scores(rows, ids, TRUST_ITEMS, k),
        value=protected_scores(rows, ids, VALUE_ITEMS, k),
        network_trust=network_score(rows, TRUST_ITEMS, k),
        network_value=network_score(rows, VALUE_ITEMS, k),
        power=power_concentration(head.centralization, net.ties(), rows, nodes, lead, k),
        ladder=ladder(rows, k),
        ladder_change=(
            ladder_change(ladder(rows, k), ladder(previous[0], k)) if previous else None
        ),
        sensitivity=sensitivity(rows, nodes),
        panel=panel(before, net) if before is not None else None,
        discrepancies=discrepancies(rows),
    )
