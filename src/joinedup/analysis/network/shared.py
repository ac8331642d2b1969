"""The network as readers other than administrators see it: ties without direction.

A network survey asks each organisation whom it works with, so a directed tie
A → B says what A answered about B. Administrators see the directed network (and
who rated whom); everyone else sees :func:`shared_report`, built so that **no
one-way tie's direction can be told** from anything in it:

* the ties are those of :func:`~joinedup.analysis.network.build.either_side`: a tie
  between two organisations when either named the other, weight 1, undirected;
* every per-organisation measure is computed on that undirected graph (degree,
  betweenness, closeness, coreness, communities, Gould–Fernandez brokerage with
  ties taken both ways, the periphery, changes of position between rounds); there
  is no in- or out-degree, no directed betweenness;
* the whole-network figures are the undirected ones (ties = pairs with a tie,
  density ``2m / n(n − 1)``), plus the reciprocity of the directed ties: the share
  of named ties that are returned, a single number that stays the same when any
  one-way tie is reversed (it tells how many ties are one-way, not which nor in
  which direction);
* the sensitivity table counts pairs and ranks brokers by undirected betweenness
  under each missing-answer treatment;
* received trust and value follow the disclosure rule for overlapping sets
  (:func:`~joinedup.analysis.network.scores.protected_scores`), and the lead's
  share of resources brought is read only when every organisation's received
  resources rest on at least ``k`` raters;
* pair discrepancies (who rated whom) are not computed at all.

The criterion the tests check: for every one-way tie between two organisations that
answered, swapping the two sides' ratings of each other leaves every figure of the
shared report unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from joinedup.analysis.data import RelationRow
from joinedup.analysis.network.brokerage import (
    brokerage,
    brokerage_by_sector,
    ei_index,
    mixing_matrix,
    periphery,
)
from joinedup.analysis.network.build import (
    Node,
    Treatment,
    build_network,
    either_side,
    non_respondents,
    response_by_sector,
)
from joinedup.analysis.network.measures import GraphSummary, communities, reciprocity, summary
from joinedup.analysis.network.panel import panel, sensitivity
from joinedup.analysis.network.report import RoundReport, node_measures
from joinedup.analysis.network.scores import (
    TRUST_ITEMS,
    VALUE_ITEMS,
    Discrepancies,
    ladder,
    ladder_change,
    network_score,
    power_concentration,
    protected_scores,
)

#: Node measures that depend on the direction of ties, never in a shared report.
DIRECTED_MEASURES = ("in_degree", "out_degree")


def shared_report(
    rows: Sequence[RelationRow],
    nodes: Sequence[Node],
    *,
    k: int,
    lead: str | None = None,
    treatment: Treatment = "observed",
    previous: tuple[Sequence[RelationRow], Sequence[Node]] | None = None,
    seed: int = 0,
) -> RoundReport:
    """The figures of one round of ``net_depth`` ties without direction (see the
    module text); same shape as :func:`~joinedup.analysis.network.report.round_report`."""
    directed = build_network(rows, nodes, treatment=treatment)
    net = either_side(directed)
    values = {
        key: column
        for key, column in node_measures(net, seed=seed).items()
        if key not in DIRECTED_MEASURES
    }
    ids = [n.id for n in nodes]
    ranked = sorted(range(len(ids)), key=lambda v: (-values["betweenness"][v], ids[v]))
    undirected = summary(net.graph)
    head = GraphSummary(
        undirected.nodes,
        undirected.edges,
        undirected.density,
        undirected.centralization,
        reciprocity(directed.graph),
    )
    before = None
    if previous is not None:
        before = either_side(build_network(previous[0], previous[1], treatment=treatment))
    now_ladder = ladder(rows, k)
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
        response=response_by_sector(nodes, directed.respondents),
        missing=non_respondents(nodes, rows),
        trust=protected_scores(rows, ids, TRUST_ITEMS, k),
        value=protected_scores(rows, ids, VALUE_ITEMS, k),
        network_trust=network_score(rows, TRUST_ITEMS, k),
        network_value=network_score(rows, VALUE_ITEMS, k),
        power=power_concentration(
            head.centralization, net.ties(), rows, nodes, lead, k, every=True
        ),
        ladder=now_ladder,
        ladder_change=ladder_change(now_ladder, ladder(previous[0], k)) if previous else None,
        sensitivity=sensitivity(rows, nodes, undirected=True),
        panel=panel(before, net) if before is not None else None,
        discrepancies=Discrepancies("net_depth", []),
    )
