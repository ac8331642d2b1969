"""Trust and value with k raters, the two sides of a pair, the ladder, power."""

from __future__ import annotations

import pytest

from joinedup.analysis.network.build import Node
from joinedup.analysis.network.scores import (
    TRUST_ITEMS,
    discrepancies,
    ladder,
    ladder_change,
    network_score,
    organisation_scores,
    power_concentration,
)

from .helpers import rows

K = 3


def trust_rows() -> str:
    # Three respondents rate the council (A); only two rate the tenants (C).
    return """
    r1 B A net_trust_reliable 4
    r1 B A net_trust_open 2
    r2 C A net_trust_reliable 5
    r3 D A net_trust_purpose 3
    r1 B C net_trust_reliable 5
    r3 D C net_trust_open 4
    r4 A A net_trust_open 5
    """


def test_organisation_trust_needs_k_raters():
    scores = organisation_scores(rows(trust_rows()), ["A", "C", "D"], TRUST_ITEMS, K)
    # r1's mean for A is 3, r2's 5, r3's 3 → (3 + 5 + 3) / 3; the self-rating is ignored.
    assert scores["A"].value == pytest.approx(11 / 3)
    assert scores["A"].raters == 3
    assert scores["C"].value is None
    assert scores["C"].suppressed == "fewer than 3 raters (2)"
    assert scores["D"].value is None
    assert scores["D"].raters == 0


def test_whole_network_trust_needs_k_respondents():
    whole = network_score(rows(trust_rows()), TRUST_ITEMS, K)
    # r1: (4+2+5)/3, r2: 5, r3: (3+4)/2
    assert whole.value == pytest.approx((11 / 3 + 5 + 3.5) / 3)
    few = network_score(rows("r1 B A net_trust_open 4\nr2 C A net_trust_open 5"), TRUST_ITEMS, K)
    assert few.value is None
    assert "fewer than 3" in few.suppressed


def test_largest_discrepancies_first_and_confidential():
    found = discrepancies(
        rows(
            """
            r1 A B net_depth 4
            r2 B A net_depth 2
            r1 A C net_depth 5
            r3 C A net_depth 1
            r2 B C net_depth 3
            r3 C B net_depth 3
            r1 A D net_depth 4
            """
        )
    )
    assert found.confidential is True
    assert [(p.a, p.b, p.gap) for p in found.pairs] == [("A", "C", 4.0), ("A", "B", 2.0)]


LADDER_ROUND = """
r1 A B net_depth 4
r2 B A net_depth 5
r1 A C net_depth 2
r3 C A net_depth 1
r2 B C net_depth 3
r1 A D net_depth 1
"""


def test_ladder_distribution_and_change():
    now = ladder(rows(LADDER_ROUND), K)
    # A–B: 4.5 → 5; A–C: 1.5 → 2; B–C: 3; A–D: 1.
    assert now.counts == {1: 1, 2: 1, 3: 1, 4: 0, 5: 1}
    assert now.pairs == 4
    before = ladder(rows("r1 A B net_depth 3\nr2 B A net_depth 3\nr3 C A net_depth 1"), K)
    assert before.counts == {1: 1, 2: 0, 3: 1, 4: 0, 5: 0}
    change = ladder_change(now, before)
    assert change == pytest.approx({1: -0.25, 2: 0.25, 3: -0.25, 4: 0.0, 5: 0.25})


def test_ladder_withheld_below_k():
    few = ladder(rows("r1 A B net_depth 4\nr2 B A net_depth 5"), K)
    assert few.suppressed
    assert few.pairs == 0
    assert ladder_change(few, few) is None


NODES = [Node(x, x, "public" if x == "L" else "voluntary") for x in "LABCD"]


def resources(lead_rating: int) -> list:
    table = "\n".join(
        f"r{i} {src} L net_value_resources {lead_rating}" for i, src in enumerate("ABC")
    )
    table += "\nr9 L A net_value_resources 1\nr9 L B net_value_resources 1"
    return rows(table)


def test_power_reading_star_around_the_lead_is_a_hierarchy():
    ties = [("L", x) for x in "ABCD"] + [(x, "L") for x in "ABCD"]
    reading = power_concentration(1.0, ties, resources(5), NODES, "L", K)
    assert reading.lead_tie_share == 1.0
    # L receives 5 on average; A and B 1 each → 5/7 ≥ 2/5.
    assert reading.lead_resource_share == pytest.approx(5 / 7)
    assert reading.signals == {"centralization": True, "ties": True, "resources": True}
    assert reading.hierarchy is True


def test_power_reading_ring_is_not_a_hierarchy():
    ties = [("L", "A"), ("A", "B"), ("B", "C"), ("C", "D"), ("D", "L")]
    reading = power_concentration(0.0, ties, resources(1), NODES, "L", K)
    assert reading.lead_tie_share == pytest.approx(2 / 5)
    assert reading.signals == {"centralization": False, "ties": False, "resources": False}
    assert reading.hierarchy is False


def test_power_reading_without_lead_raters_uses_two_signals():
    ties = [("L", x) for x in "ABCD"]
    reading = power_concentration(1.0, ties, [], NODES, "L", K)
    assert "resources" not in reading.signals
    assert reading.hierarchy is True
    assert "fewer than 3 raters" in reading.reason
    assert power_concentration(1.0, ties, [], NODES, None, K).hierarchy is None
