"""The networks app's one door: a partnership's network from its survey rounds,
and an organisation's interlocking partnerships from memberships.

Survey data is read only through :mod:`joinedup.surveys.extract`; the figures
come from the pure core in :mod:`joinedup.analysis` (network_*). Organisations
are identified by their primary key (as a string) so they keep their identity
from round to round.

Direction stays with administrators: :func:`partnership_network` builds the
directed report only when asked (``directed=True``, for administrators); everyone
else gets :func:`joinedup.analysis.network.shared.shared_report`, whose ties,
measures, picture (drawn by :mod:`joinedup.networks.netmap`) and downloads carry no
direction and no in- or out-degree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from joinedup.analysis.data import RelationRow
from joinedup.analysis.network.build import Network, Node, Treatment, make_network, pair_values
from joinedup.analysis.network.export import edges_csv, gexf, graphml, nodes_csv, pairs_csv
from joinedup.analysis.network.interlocks import OVERLOAD_THRESHOLD, Interlocks, interlocks
from joinedup.analysis.network.report import RoundReport, round_report
from joinedup.analysis.network.scores import Ladder, ladder
from joinedup.analysis.network.shared import shared_report
from joinedup.registry.models import Membership, Organisation, Partnership
from joinedup.surveys.extract import Round, round_relations
from joinedup.surveys.visibility import published_rounds


@dataclass
class PartnershipNetwork:
    partnership: Partnership
    round: Round
    previous: Round | None
    report: RoundReport
    names: dict[str, str]
    rows: list[RelationRow]
    #: Pairs per rung in the round before (withheld below k like the report's own).
    previous_ladder: Ladder | None = None
    #: True for the administrators' directed report, False for the shared one.
    directed: bool = False

    def name(self, node_id: str) -> str:
        return self.names.get(node_id, node_id)


def network_rounds(partnership: Partnership) -> list[tuple[Round, list[RelationRow]]]:
    """The partnership's closed network-survey rounds that hold answers, oldest
    first (an open round's network is not published: :mod:`joinedup.surveys.visibility`)."""
    found = []
    for survey in published_rounds(partnership):
        if survey.instrument.kind != "network":
            continue
        rows = round_relations(survey.pk)
        if rows:
            found.append((survey, rows))
    return found


def members_as_nodes(partnership: Partnership, survey: Round) -> list[Node]:
    """Organisations that were members when the round closed, as stable nodes."""
    day = survey.closes.date()
    memberships = partnership.members_on(day).select_related("organisation")
    seen: dict[int, Organisation] = {}
    for membership in memberships.order_by("organisation__name"):
        seen.setdefault(membership.organisation_id, membership.organisation)
    return [Node(str(pk), org.name, org.sector) for pk, org in seen.items()]


def partnership_network(
    partnership: Partnership, treatment: Treatment = "observed", *, directed: bool = False
) -> PartnershipNetwork | None:
    """The network of the latest network round (with the one before for change),
    or ``None`` when the partnership has no answered network round. ``treatment``
    is the missing-answer treatment of the ties (the report uses ``observed``).
    ``directed`` gives the administrators' directed report; the default is the
    shared one, without direction (see the module text)."""
    rounds = network_rounds(partnership)
    if not rounds:
        return None
    survey, rows = rounds[-1]
    nodes = members_as_nodes(partnership, survey)
    previous = None
    if len(rounds) > 1:
        before, before_rows = rounds[-2]
        previous = (before_rows, members_as_nodes(partnership, before))
    build = round_report if directed else shared_report
    report = build(
        rows,
        nodes,
        k=settings.MIN_RESPONDENTS,
        lead=str(partnership.lead_id) if partnership.lead_id else None,
        treatment=treatment,
        previous=previous,
        seed=partnership.pk,
    )
    names = {n.id: n.name for n in nodes}
    return PartnershipNetwork(
        partnership,
        survey,
        rounds[-2][0] if previous else None,
        report,
        names,
        rows,
        ladder(previous[0], settings.MIN_RESPONDENTS) if previous else None,
        directed,
    )


def aggregate_network(result: PartnershipNetwork) -> Network:
    """The shareable network: a tie where either side reported one, without
    the ratings (so the file does not tell who rated whom how)."""
    net = result.report.network
    pairs = {(min(s, t), max(s, t)) for s, t in net.ties()}
    return make_network(net.nodes, dict.fromkeys(pairs, 1.0), directed=False, relation="net_depth")


def _shareable_values(result: PartnershipNetwork, withheld: float | str) -> dict[str, list[Any]]:
    """The node measures anyone who may see the network may download (in- and
    out-degree only from the administrators' directed report). Trust and value
    received are withheld (``withheld`` in their place) where the disclosure rule
    hides them (below k raters, or to protect another's): NaN for the
    XML formats, where igraph leaves a missing number out (a column mixing numbers and
    text would be dropped whole), and an empty cell for CSV."""
    report = result.report
    values: dict[str, list[Any]] = {
        key: list(report.measures[key])
        for key in ("degree", "in_degree", "out_degree", "betweenness", "closeness", "coreness")
        if key in report.measures
    }
    ids = [n.id for n in report.network.nodes]
    for key, scores in (("trust", report.trust), ("value", report.value)):
        values[key] = [
            withheld if scores[i].value is None else round(float(scores[i].value or 0), 3)
            for i in ids
        ]
    return values


EXPORTS = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "nodes": ("text/csv", "nodes.csv"),
    "edges": ("text/csv", "edges.csv"),
}


def export(result: PartnershipNetwork, kind: str, extra: dict[str, list[Any]] | None = None) -> str:
    """One of the shareable exports (:data:`EXPORTS`) as text; ``extra`` adds node
    columns (in the network's node order) to the shareable measures."""
    net = aggregate_network(result)
    withheld: float | str = "" if kind in ("nodes", "edges") else math.nan
    values = {**_shareable_values(result, withheld), **(extra or {})}
    if kind == "graphml":
        return graphml(net, values)
    if kind == "gexf":
        return gexf(net, values)
    if kind == "nodes":
        return nodes_csv(net, values)
    if kind == "edges":
        return edges_csv(net)
    raise KeyError(kind)


def confidential_pairs(result: PartnershipNetwork) -> str:
    """CONFIDENTIAL: both sides' ``net_depth`` ratings of every pair (administrators)."""
    return pairs_csv(pair_values(result.rows, "net_depth"), "net_depth")


def organisation_interlocks(
    partnerships: QuerySet[Partnership] | Iterable[Partnership],
    threshold: int = OVERLOAD_THRESHOLD,
) -> Interlocks:
    """The two-mode network of current memberships in the given partnerships."""
    rows = Membership.objects.filter(partnership__in=partnerships, left__isnull=True)
    pairs = [(str(o), str(p)) for o, p in rows.values_list("organisation_id", "partnership_id")]
    return interlocks(pairs, threshold)
