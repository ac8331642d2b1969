"""``joinedup analyse network`` and ``joinedup analyse interlocks`` on files."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from joinedup.cli import main

NODES = """id,name,sector
council,Kestermouth Council,public
cvs,Kestermouth CVS,voluntary
tenants,Harbour Tenants,community
chamber,Chamber of Trade,private
youth,Youth Forum,community
"""

EDGES = """source,target,weight,relation
council,cvs,4,net_depth
cvs,council,3,net_depth
council,tenants,2,net_depth
tenants,cvs,2,net_depth
cvs,chamber,3,net_depth
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["analyse", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path):
    (tmp_path / "nodes.csv").write_text(NODES)
    (tmp_path / "edges.csv").write_text(EDGES)
    return tmp_path


def test_network_json_shape_and_values(files, capsys):
    code, out, _ = run(
        capsys,
        "network",
        "--edges",
        str(files / "edges.csv"),
        "--nodes",
        str(files / "nodes.csv"),
        "--weight",
        "weight",
        "--json",
    )
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"graph", "nodes", "brokers"}
    assert set(doc["graph"]) == {"nodes", "edges", "density", "centralization", "reciprocity"}
    assert doc["graph"]["nodes"] == 5
    assert doc["graph"]["edges"] == 5
    assert doc["graph"]["density"] == pytest.approx(5 / 20)
    assert doc["graph"]["reciprocity"] == pytest.approx(2 / 5)
    reference = nx.DiGraph()
    reference.add_nodes_from(["council", "cvs", "tenants", "chamber", "youth"])
    reference.add_edges_from(
        [tuple(line.split(",")[:2]) for line in EDGES.strip().splitlines()[1:]]
    )
    between = nx.betweenness_centrality(reference, normalized=True)
    close = nx.closeness_centrality(reference)
    for node in doc["nodes"]:
        assert {"id", "degree", "betweenness", "closeness", "sector"} <= set(node)
        assert node["betweenness"] == pytest.approx(between[node["id"]], abs=1e-9)
        assert node["closeness"] == pytest.approx(close[node["id"]], abs=1e-9)
        assert node["degree"] == reference.degree(node["id"])
    sectors = {n["id"]: n["sector"] for n in doc["nodes"]}
    assert sectors["tenants"] == "community"
    assert doc["brokers"][0] == "cvs"
    values = [between[b] for b in doc["brokers"]]
    assert values == sorted(values, reverse=True)


def test_network_undirected_and_table(files, capsys):
    code, out, _ = run(
        capsys, "network", "--edges", str(files / "edges.csv"), "--undirected", "--json"
    )
    doc = json.loads(out)
    assert code == 0
    assert doc["graph"]["edges"] == 4  # council–cvs given both ways is one tie
    assert doc["graph"]["reciprocity"] == 1
    code, out, _ = run(capsys, "network", "--edges", str(files / "edges.csv"))
    assert code == 0
    assert "Top brokers" in out
    assert "centralization" in out


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ("source,to\ncouncil,cvs\n", "edges.csv, line 1: missing column target"),
        ("source,target\ncouncil,cvs\ncvs,cvs\n", "edges.csv, line 3: self-loop 'cvs'"),
        ("source,target\ncouncil,police\n", "edges.csv, line 2: node 'police' is not in"),
        ("source,target\ncouncil,\n", "edges.csv, line 2: empty source or target"),
        (
            "source,target\ncouncil,cvs\ncouncil,cvs\n",
            "edges.csv, line 3: the tie 'council' → 'cvs' appears more than once",
        ),
    ],
)
def test_malformed_edge_lists_name_file_and_line(files, capsys, edges, expected):
    (files / "edges.csv").write_text(edges)
    code, out, err = run(
        capsys, "network", "--edges", str(files / "edges.csv"), "--nodes", str(files / "nodes.csv")
    )
    assert code == 1
    assert out == ""
    assert expected in err
    assert "Traceback" not in err


def test_bad_weight_and_missing_weight_column(files, capsys):
    (files / "edges.csv").write_text("source,target,strength\ncouncil,cvs,high\n")
    code, _, err = run(
        capsys, "network", "--edges", str(files / "edges.csv"), "--weight", "strength"
    )
    assert code == 1
    assert "edges.csv, line 2: weight 'high' in column strength is not a number" in err
    code, _, err = run(capsys, "network", "--edges", str(files / "edges.csv"), "--weight", "w")
    assert "line 1: missing column w" in err


def test_several_relations_need_a_choice(files, capsys):
    (files / "edges.csv").write_text(
        "source,target,relation\ncouncil,cvs,net_depth\ncouncil,cvs,net_trust_open\n"
    )
    code, _, err = run(capsys, "network", "--edges", str(files / "edges.csv"))
    assert code == 1
    assert "edges.csv, line 3: the file holds several relations (net_depth, net_trust_open)" in err
    code, out, _ = run(
        capsys,
        "network",
        "--edges",
        str(files / "edges.csv"),
        "--relation",
        "net_depth",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["graph"]["edges"] == 1


def test_missing_file_is_one_line(tmp_path, capsys):
    code, _, err = run(capsys, "network", "--edges", str(tmp_path / "nope.csv"))
    assert code == 1
    assert "nope.csv: cannot open the file" in err


MEMBERSHIPS = """organisation,partnership
cvs,LSP
cvs,CSP
cvs,HSC
council,LSP
council,CSP
tenants,LSP
"""


def test_interlocks_json_shape_sorted(tmp_path, capsys):
    (tmp_path / "m.csv").write_text(MEMBERSHIPS)
    code, out, _ = run(capsys, "interlocks", "--memberships", str(tmp_path / "m.csv"), "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"organisations", "organisation_pairs", "partnership_pairs"}
    assert doc["organisations"][0] == {"id": "cvs", "partnerships": 3, "overloaded": False}
    assert doc["organisation_pairs"][0] == {"a": "council", "b": "cvs", "shared": 2}
    assert doc["partnership_pairs"][0] == {"a": "CSP", "b": "LSP", "shared": 2}
    for key in doc:
        counts = [row.get("shared", row.get("partnerships")) for row in doc[key]]
        assert counts == sorted(counts, reverse=True)
    code, out, _ = run(
        capsys, "interlocks", "--memberships", str(tmp_path / "m.csv"), "--overload", "2"
    )
    assert code == 0
    assert "yes" in out


def test_interlocks_bad_file(tmp_path, capsys):
    (tmp_path / "m.csv").write_text("org,partnership\ncvs,LSP\n")
    code, _, err = run(capsys, "interlocks", "--memberships", str(tmp_path / "m.csv"))
    assert code == 1
    assert "m.csv, line 1: missing column organisation" in err
