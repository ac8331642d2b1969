"""The shared network report (what non-administrators see) in the pure core: no figure
in it moves when a one-way tie is named by the other side instead, and received
ratings are protected against subtraction."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from joinedup.analysis.data import RelationRow
from joinedup.analysis.disclosure import disclosures
from joinedup.analysis.frameworks import sharing
from joinedup.analysis.network.build import Node, either_side, organisation_ratings
from joinedup.analysis.network.scores import TRUST_ITEMS, protected_scores, received_cells
from joinedup.analysis.network.shared import DIRECTED_MEASURES, shared_report
from tests.networks.helpers import net, rows

K = 5
SECTORS = ("public", "voluntary", "private")


def _round(seed: int, n: int = 9) -> tuple[list[RelationRow], list[Node]]:
    """One respondent per organisation; depth 1-4 at random, trust for most pairs."""
    rng = random.Random(seed)
    nodes = [Node(f"o{i}", f"Org {i}", SECTORS[i % 3]) for i in range(n)]
    out = []
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            out.append(
                RelationRow(f"r{i}", f"o{i}", f"o{j}", "net_depth", rng.choice([1, 1, 2, 3, 4]))
            )
            if rng.random() < 0.7:
                out += [
                    RelationRow(f"r{i}", f"o{i}", f"o{j}", t, rng.randint(1, 5))
                    for t in TRUST_ITEMS
                ]
    return out, nodes


def _flipped(table: list[RelationRow], a: str, b: str) -> list[RelationRow]:
    """The same round with the two sides' net_depth ratings of (a, b) swapped."""
    depth = {(r.source, r.target): r.value for r in table if r.item == "net_depth"}
    swap = {(a, b): depth[(b, a)], (b, a): depth[(a, b)]}
    return [
        dataclasses.replace(r, value=swap[(r.source, r.target)])
        if r.item == "net_depth" and (r.source, r.target) in swap
        else r
        for r in table
    ]


def _figures(table: list[RelationRow], nodes: list[Node], previous=None) -> dict[str, object]:
    report = shared_report(table, nodes, k=K, lead="o0", previous=previous, seed=3)
    return {
        "ties": sorted(report.network.ties()),
        "summary": report.summary,
        "measures": report.measures,
        "modularity": report.modularity,
        "brokers": report.brokers,
        "roles": report.roles,
        "sectors": (report.roles_by_sector, report.periphery, report.mixing, report.ei),
        "response": (report.response, report.missing),
        "scores": (report.trust, report.value, report.network_trust, report.network_value),
        "power": report.power,
        "ladder": (report.ladder, report.ladder_change),
        "sensitivity": report.sensitivity,
        "panel": report.panel,
        "discrepancies": report.discrepancies.pairs,
    }


@pytest.mark.parametrize("seed", range(6))
def test_no_figure_moves_when_a_one_way_tie_is_reversed(seed):
    table, nodes = _round(seed)
    previous = _round(seed + 100)
    ratings = organisation_ratings(table, "net_depth")
    one_way = [
        (a, b) for (a, b), v in ratings.items() if a < b and (v >= 2) != (ratings[(b, a)] >= 2)
    ]
    assert one_way
    base = _figures(table, nodes, previous)
    assert not set(DIRECTED_MEASURES) & set(base["measures"])
    for a, b in one_way:
        assert _figures(_flipped(table, a, b), nodes, previous) == base, (a, b)


def test_either_side_keeps_one_undirected_tie_per_pair():
    shared = either_side(net("A>B B>A B>C D>C"))
    assert not shared.graph.is_directed()
    assert shared.ties() == {("A", "B"), ("B", "C"), ("C", "D")}


@pytest.mark.parametrize("seed", range(6))
def test_received_scores_leave_nothing_under_k_raters_by_subtraction(seed):
    table, nodes = _round(seed, n=8)
    ids = [n.id for n in nodes]
    scores = protected_scores(table, ids, TRUST_ITEMS, K)
    cells = received_cells(table, ids, TRUST_ITEMS)
    shown = [cells[("organisation", t)] for t, s in scores.items() if s.value is not None]
    assert disclosures([*shown, cells[("overall",)]], K, owner=lambda pair: pair[0]) == []
    for target, score in scores.items():
        if score.value is None:
            assert score.raters == 0  # the size of a hidden set is not published
            assert "(" not in score.suppressed
        else:
            assert score.raters >= K, target


def test_one_small_organisation_hides_another_beside_the_overall():
    # o1 is rated by four respondents: hidden; the overall minus the others would give
    # their four ratings, so one more organisation is hidden with it.
    table = rows(
        "\n".join(
            f"r{i} o{i} o{j} net_trust_open {1 + (i + j) % 5}"
            for i in range(7)
            for j in range(7)
            if i != j and not (j == 1 and i in (0, 5))
        )
    )
    ids = [f"o{i}" for i in range(7)]
    scores = protected_scores(table, ids, TRUST_ITEMS, K)
    hidden = sorted(t for t, s in scores.items() if s.value is None)
    assert "o1" in hidden
    assert len(hidden) == 2


def test_sharing_per_organisation_is_protected_beside_the_item_shares():
    members = [f"o{i}" for i in range(7)]
    table = rows(
        "\n".join(
            f"r{i} o{i} o{j} net_share_staff {(i * j) % 2}"
            for i in range(7)
            for j in range(7)
            if i != j and not (j == 2 and i in (0, 1, 3))
        )
    )
    result = sharing.compute([], members, dt.date(2025, 1, 1), K, table)
    shown = [o for o, row in result.organisations.items() if row["survey"] is not None]
    assert "o2" not in shown  # three raters
    assert len(shown) == len(members) - 2
    cells = [frozenset((r.respondent, r.target) for r in table if r.target == o) for o in shown]
    cells.append(frozenset((r.respondent, r.target) for r in table))
    assert disclosures(cells, K, owner=lambda pair: pair[0]) == []
