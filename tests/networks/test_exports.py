"""GraphML, GEXF, CSV exports and the SVG picture."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx

from joinedup.analysis.network.build import PairValue
from joinedup.analysis.network.draw import network_svg
from joinedup.analysis.network.export import (
    CONFIDENTIAL_HEADER,
    edges_csv,
    gexf,
    graphml,
    nodes_csv,
    pairs_csv,
)

from .helpers import net

SECTORS = {"A": "public", "B": "voluntary", "C": "community", "D": "private"}


def sample():
    return net("A>B B>A B>C C>D", SECTORS)


def test_graphml_reads_back_with_networkx(tmp_path):
    path = tmp_path / "n.graphml"
    path.write_text(graphml(sample(), {"betweenness": [0.0, 0.5, 0.25, 0.0]}))
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == 4
    assert graph.number_of_edges() == 4
    sectors = {d["id"]: d["sector"] for _, d in graph.nodes(data=True)}
    assert sectors == SECTORS
    assert {d["betweenness"] for _, d in graph.nodes(data=True)} == {0.0, 0.5, 0.25}


def test_gexf_is_valid_and_reads_back(tmp_path):
    text = gexf(sample(), {"degree": [2, 3, 2, 1]})
    root = ET.fromstring(text.encode())  # noqa: S314 (our own output)
    assert root.tag == "{http://gexf.net/1.3}gexf"
    path = tmp_path / "n.gexf"
    path.write_text(text)
    graph = nx.read_gexf(path)
    assert sorted(graph.nodes) == ["A", "B", "C", "D"]
    assert graph.nodes["C"]["sector"] == "community"
    assert graph.nodes["B"]["degree"] == 3
    assert graph.is_directed()
    assert graph.number_of_edges() == 4


def test_node_and_edge_csv():
    assert nodes_csv(sample(), {"degree": [2, 3, 2, 1]}).splitlines()[:2] == [
        "id,name,sector,degree",
        "A,A,public,2",
    ]
    assert edges_csv(sample()).splitlines()[:2] == ["source,target,relation,weight", "A,B,,1.0"]


def test_pairwise_file_is_marked_confidential():
    text = pairs_csv([PairValue("A", "B", 4.0, None)], "net_depth")
    lines = text.splitlines()
    assert lines[0] == CONFIDENTIAL_HEADER
    assert lines[2] == "A,B,net_depth,4.0,"


def test_svg_picture_has_labels_shapes_and_is_deterministic():
    network = sample()
    svg = network_svg(network, [0.0, 0.5, 0.25, 0.0], title="Test network")
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    assert root.get("role") == "img"
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for label in ("A", "B", "C", "D"):
        assert label in texts
    titles = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert any("Statutory / public" in t for t in titles)
    assert any("Community" in t for t in titles)
    assert svg.count('class="jn-mark"') == 4  # one mark per organisation
    assert svg.count("data-a=") == 4  # one line per tie
    assert network_svg(network, [0.0, 0.5, 0.25, 0.0], title="Test network") == svg
