"""The networks part of the JSON API, mounted at ``/api/networks/``.

Aggregates only, for partnerships the caller may view: whole-network figures,
brokers, the periphery and response rate by sector, the ladder. Nothing here
says who rated whom. Callers other than administrators get the shared report:
ties without direction (``edges`` counts pairs with a tie, ``density`` is the
undirected one, brokers by undirected betweenness), and which organisations
answered only as a total (``answered``; ``responded`` per sector is ``null``), since
a tie with an organisation known not to have answered was named by the other side.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from joinedup.networks.services import partnership_network
from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.web.api_schema import answers
from joinedup.web.auth import api_auth

router = Router(auth=api_auth, tags=["networks"])


class Figures(Schema):
    nodes: int
    edges: int
    density: float
    centralization: float
    reciprocity: float


class Broker(Schema):
    organisation: int
    name: str
    betweenness: float


class SectorRow(Schema):
    sector: str
    members: int
    responded: int | None
    peripheral: int
    isolated: int


class NetworkOut(Schema):
    partnership: int
    round: int
    period: str
    graph: Figures
    answered: int
    brokers: list[Broker]
    sectors: list[SectorRow]
    ladder: dict[str, int] | None
    hierarchy: bool | None


@router.get("/partnerships/{pk}/", response=answers(NetworkOut))
def partnership_figures(request: HttpRequest, pk: int) -> NetworkOut:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    directed = bool(request.user.is_superuser)
    result = partnership_network(partnership, directed=directed)
    if result is None:
        raise HttpError(404, "This partnership has no answered network survey.")
    report = result.report
    response = {r.sector: r for r in report.response}
    s = report.summary
    return NetworkOut(
        partnership=partnership.pk,
        round=result.round.pk,
        period=result.round.period,
        graph=Figures(
            nodes=s.nodes,
            edges=s.edges,
            density=s.density,
            centralization=s.centralization,
            reciprocity=s.reciprocity,
        ),
        answered=sum(r.responded for r in report.response),
        brokers=[
            Broker(organisation=int(i), name=result.name(i), betweenness=b)
            for i, b in report.brokers
        ],
        sectors=[
            SectorRow(
                sector=sector,
                members=counts["members"],
                responded=(response[sector].responded if sector in response else 0)
                if directed
                else None,
                peripheral=counts["peripheral"],
                isolated=counts["isolated"],
            )
            for sector, counts in report.periphery.by_sector.items()
        ],
        ladder=None
        if report.ladder.suppressed
        else {str(rung): count for rung, count in report.ladder.counts.items()},
        hierarchy=report.power.hierarchy,
    )
