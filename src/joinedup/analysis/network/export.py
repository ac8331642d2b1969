"""Exports for Gephi, R and spreadsheets: GraphML, GEXF 1.3 and node/edge CSV.

Exports carry vertex ids, names, sectors and any per-node measures passed in,
and the tie weights. They never carry who rated whom beyond the ties
themselves; the raw pairwise ratings file (:func:`pairs_csv`) is for
administrators and is headed as confidential.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from joinedup.analysis.cells import safe_row
from joinedup.analysis.network.build import Network, PairValue

NodeValues = Mapping[str, Sequence[float | int | str]]

CONFIDENTIAL_HEADER = (
    "# CONFIDENTIAL: who rated whom. For administrators and approved researchers only; "
    "do not publish or share."
)


def _with_values(network: Network, values: NodeValues) -> Network:
    graph = network.graph.copy()
    for key, column in values.items():
        graph.vs[key] = list(column)
    return Network(graph, network.nodes, network.relation, network.treatment, network.respondents)


def graphml(network: Network, values: NodeValues | None = None) -> str:
    """The network as GraphML text (igraph's writer), with measures as node data."""
    graph = _with_values(network, values or {}).graph
    handle, path = tempfile.mkstemp(suffix=".graphml")
    os.close(handle)
    try:
        graph.write_graphml(path)
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    finally:
        os.unlink(path)


def _gexf_type(column: Sequence[float | int | str]) -> str:
    if all(isinstance(v, int) and not isinstance(v, bool) for v in column):
        return "integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in column):
        return "double"
    return "string"


def gexf(network: Network, values: NodeValues | None = None) -> str:
    """The network as GEXF 1.3 (Gephi's format), with sector, name and the
    measures as node attributes and weights on edges."""
    ns = "http://gexf.net/1.3"
    root = ET.Element("gexf", {"xmlns": ns, "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "joinedup"
    ET.SubElement(meta, "description").text = network.relation or "network"
    kind = "directed" if network.graph.is_directed() else "undirected"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": kind, "mode": "static"})
    columns = {"sector": [n.sector for n in network.nodes], **dict(values or {})}
    attributes = ET.SubElement(graph, "attributes", {"class": "node"})
    for index, (key, column) in enumerate(columns.items()):
        ET.SubElement(
            attributes, "attribute", {"id": str(index), "title": key, "type": _gexf_type(column)}
        )
    nodes = ET.SubElement(graph, "nodes")
    for v, node in enumerate(network.nodes):
        element = ET.SubElement(nodes, "node", {"id": node.id, "label": node.label})
        attvalues = ET.SubElement(element, "attvalues")
        for index, column in enumerate(columns.values()):
            ET.SubElement(attvalues, "attvalue", {"for": str(index), "value": str(column[v])})
    edges = ET.SubElement(graph, "edges")
    for number, ((s, t), w) in enumerate(sorted(network.weights().items())):
        ET.SubElement(
            edges, "edge", {"id": str(number), "source": s, "target": t, "weight": repr(w)}
        )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def nodes_csv(network: Network, values: NodeValues | None = None) -> str:
    """One row per organisation: id, name, sector and the given measures."""
    columns = dict(values or {})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(safe_row(["id", "name", "sector", *columns]))
    for v, node in enumerate(network.nodes):
        row = [node.id, node.name, node.sector, *(c[v] for c in columns.values())]
        writer.writerow(safe_row(row))
    return out.getvalue()


def edges_csv(network: Network) -> str:
    """One row per tie: source, target, relation and weight."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "target", "relation", "weight"])
    for (s, t), w in sorted(network.weights().items()):
        writer.writerow(safe_row([s, t, network.relation, w]))
    return out.getvalue()


def pairs_csv(pairs: Sequence[PairValue], item: str) -> str:
    """CONFIDENTIAL: both sides' ratings of every pair (who rated whom)."""
    out = io.StringIO()
    out.write(CONFIDENTIAL_HEADER + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["organisation_a", "organisation_b", "item", "a_rates_b", "b_rates_a"])
    for p in pairs:
        writer.writerow(
            safe_row(
                [
                    p.a,
                    p.b,
                    item,
                    "" if p.a_rates_b is None else p.a_rates_b,
                    "" if p.b_rates_a is None else p.b_rates_a,
                ]
            )
        )
    return out.getvalue()
