"""Network downloads of the evaluator's benchmark: the chosen partnerships'
networks (GraphML or GEXF) and their interlock network (GraphML).

Partnership networks
    One zip with one file per partnership that has an answered network round
    (its latest), named ``<partnership>-<round>.<format>``, and a ``README.txt``
    saying what the files hold. One file per partnership, not one graph with a
    partnership attribute, because an organisation sitting in two partnerships is
    a different position in each network: merging them would join two networks
    at every shared member. Each node still carries ``partnership`` (id) and
    ``partnership_name`` so files can be stacked.

    Nodes are the member organisations (``id`` = organisation id, ``name``,
    ``sector``) with the shareable measures of
    :func:`joinedup.networks.services.export` (degree, betweenness, closeness,
    coreness, computed on the ties without direction; in- and out-degree and the
    directed measures only in an administrator's download; ``trust`` and ``value``
    only where the disclosure rule lets them out — at least k raters, and not
    needed to protect another organisation's — else missing in GraphML and NaN in
    GEXF). Ties are
    undirected "works with" ties under the chosen missing-answer treatment
    (``observed``, ``fill`` or ``mutual``; see ``docs/methods-networks.md``),
    weight 1. The files never carry the raw
    pairwise ratings (who rated whom how): those stay with administrators.

Interlock network
    The two-mode organisation × partnership network of current memberships in
    the chosen partnerships (Breiger 1974): nodes ``o<id>`` (organisations, with
    ``sector`` and ``overloaded``: in more partnerships than the overload
    threshold) and ``p<id>`` (partnerships), each with ``kind`` and
    ``memberships`` (an organisation's chosen partnerships, a partnership's
    members); one edge per membership.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.utils.text import slugify

from joinedup.analysis.network.build import TREATMENTS, Node, Treatment, make_network
from joinedup.analysis.network.export import graphml
from joinedup.networks.services import (
    PartnershipNetwork,
    export,
    organisation_interlocks,
    partnership_network,
)
from joinedup.registry.models import Membership, Partnership

FORMATS = ("graphml", "gexf")


def _extra(result: PartnershipNetwork) -> dict[str, list[Any]]:
    """Node columns added to the shareable ones: the partnership and round, and
    trust and value as numbers with NaN where fewer than k organisations rated
    (igraph's GraphML writer drops a column mixing numbers and text)."""
    report = result.report
    ids = [n.id for n in report.network.nodes]
    p = result.partnership
    columns: dict[str, list[Any]] = {
        "partnership": [str(p.pk)] * len(ids),
        "partnership_name": [p.name] * len(ids),
        "round": [result.round.period] * len(ids),
    }
    for key, scores in (("trust", report.trust), ("value", report.value)):
        columns[key] = [
            math.nan if scores[i].value is None else round(float(scores[i].value or 0), 3)
            for i in ids
        ]
    return columns


def _readme(
    fmt: str, treatment: str, written: list[str], missing: list[str], directed: bool
) -> str:
    degrees = "degree, in_degree, out_degree" if directed else "degree"
    view = "of the directed ties" if directed else "of the ties without direction"
    lines = [
        f"Partnership networks as {fmt.upper()}, one file per partnership (latest network round).",
        f"Ties: who works with whom, undirected, missing-answer treatment '{treatment}'.",
        "Nodes: id (organisation id), name, sector, partnership, partnership_name, round,",
        f"{degrees}, betweenness, closeness, coreness ({view}), and trust and value",
        f"(mean ratings received) only where at least {settings.MIN_RESPONDENTS} respondents"
        " rated it and no other organisation's withheld figure would follow from it;",
        "otherwise missing (GraphML) or NaN (GEXF).",
        "No file holds who rated whom: the pairwise ratings stay with administrators.",
        "",
        "Files:",
        *(f"  {name}" for name in written),
    ]
    if missing:
        lines += ["", "No answered network round:", *(f"  {name}" for name in missing)]
    return "\n".join(lines) + "\n"


def networks_zip(
    partnerships: Iterable[Partnership], fmt: str, treatment: Treatment, directed: bool = False
) -> bytes:
    """The zip of the partnerships' shareable networks (see the module text);
    ``directed`` (administrators) adds the measures of the directed network."""
    if fmt not in FORMATS or treatment not in TREATMENTS:
        raise ValueError(f"unknown format or treatment: {fmt}, {treatment}")
    sink = io.BytesIO()
    written: list[str] = []
    missing: list[str] = []
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for partnership in partnerships:
            result = partnership_network(partnership, treatment, directed=directed)
            if result is None:
                missing.append(partnership.name)
                continue
            name = f"{slugify(partnership.name)}-{slugify(result.round.period)}.{fmt}"
            archive.writestr(name, export(result, fmt, _extra(result)))
            written.append(name)
        archive.writestr("README.txt", _readme(fmt, treatment, written, missing, directed))
    return sink.getvalue()


def interlock_graphml(partnerships: Iterable[Partnership]) -> str:
    """The organisation × partnership membership network as GraphML."""
    chosen = list(partnerships)
    rows = Membership.objects.filter(partnership__in=chosen, left__isnull=True)
    rows = rows.select_related("organisation").order_by("organisation__name")
    organisations = {m.organisation_id: m.organisation for m in rows}
    loads = {o.id: o for o in organisation_interlocks(chosen).organisations}
    nodes = [Node(f"o{pk}", org.name, org.sector) for pk, org in organisations.items()]
    nodes += [Node(f"p{p.pk}", p.name, "") for p in chosen]
    ties = {(f"o{m.organisation_id}", f"p{m.partnership_id}"): 1.0 for m in rows}
    net = make_network(nodes, ties, directed=False, relation="membership")
    kind: list[str] = []
    overloaded: list[str] = []
    for node in nodes:
        load = loads.get(node.id[1:]) if node.id.startswith("o") else None
        kind.append("organisation" if node.id.startswith("o") else "partnership")
        overloaded.append(("yes" if load.overloaded else "no") if load else "")
    memberships = [int(d) for d in net.graph.degree()]
    values: dict[str, Sequence[float | int | str]] = {
        "kind": kind,
        "memberships": memberships,
        "overloaded": overloaded,
    }
    return graphml(net, values)
