"""Building networks from survey relations: the three missing-answer treatments."""

from __future__ import annotations

import pytest

from joinedup.analysis.network.build import (
    Node,
    build_network,
    non_respondents,
    organisation_ratings,
    pair_values,
    response_by_sector,
)
from joinedup.analysis.network.panel import panel, sensitivity

from .helpers import rows

NODES = [
    Node("A", "Kestermouth Council", "public"),
    Node("B", "Kestermouth CVS", "voluntary"),
    Node("C", "Harbour Tenants", "community"),
    Node("D", "Chamber of Trade", "private"),
]

# The Chamber (D) sent nobody to the survey. Two officers answered for the council.
ROUND = rows(
    """
    r1 A B net_depth 3
    r2 A B net_depth 3
    r1 A C net_depth 2
    r2 A C net_depth 2
    r3 B A net_depth 4
    r3 B D net_depth 3
    r3 B C net_depth -
    r4 C A net_depth 1
    r4 C D net_depth 1
    """
)


def test_organisation_rating_is_the_mean_of_its_respondents():
    ratings = organisation_ratings(
        rows("r1 A B net_depth 2\nr2 A B net_depth 4\nr2 A B net_trust_open 5"), "net_depth"
    )
    assert ratings == {("A", "B"): 3.0}


def test_observed_keeps_only_what_was_reported():
    network = build_network(ROUND, NODES, treatment="observed")
    assert network.ties() == {("A", "B"), ("B", "A"), ("A", "C"), ("B", "D")}


def test_fill_takes_the_other_sides_report_for_a_non_respondent():
    network = build_network(ROUND, NODES, treatment="fill")
    # D did not answer: B's report of B → D fills D → B. C answered "isolation"
    # about A, so A → C is not mirrored: C's own answer stands.
    assert network.ties() == {("A", "B"), ("B", "A"), ("A", "C"), ("B", "D"), ("D", "B")}
    assert network.weights()[("D", "B")] == 3.0


def test_mutual_keeps_confirmed_ties_only():
    network = build_network(ROUND, NODES, treatment="mutual")
    assert network.ties() == {("A", "B"), ("B", "A")}


def test_pair_values_combine_both_sides():
    pairs = {(p.a, p.b): p for p in pair_values(ROUND, "net_depth")}
    assert pairs[("A", "B")].combined == 3.5
    assert pairs[("A", "B")].confirmed(2)
    assert pairs[("A", "C")].combined == 1.5
    assert not pairs[("A", "C")].confirmed(2)
    assert pairs[("A", "C")].gap == 1
    assert pairs[("B", "D")].b_rates_a is None
    assert pairs[("B", "D")].combined == 3.0
    assert ("B", "C") not in pairs  # B skipped the question about C


def test_non_respondents_and_response_by_sector():
    assert [n.id for n in non_respondents(NODES, ROUND)] == ["D"]
    table = {r.sector: (r.members, r.responded) for r in response_by_sector(NODES, "ABC")}
    assert table == {"community": (1, 1), "private": (1, 0), "public": (1, 1), "voluntary": (1, 1)}


def test_ratings_about_non_members_are_ignored():
    extra = ROUND + rows("r1 A Z net_depth 5\nr9 Z A net_depth 5")
    assert build_network(extra, NODES).ties() == build_network(ROUND, NODES).ties()


def test_sensitivity_table_under_each_treatment():
    table = {row.treatment: row for row in sensitivity(ROUND, NODES)}
    assert [table[t].ties for t in ("observed", "fill", "mutual")] == [4, 5, 2]
    assert table["observed"].density == pytest.approx(4 / 12)
    assert table["mutual"].density == pytest.approx(2 / 12)
    # Partners either way, observed: A 2, B 2, C 1, D 1 → Σ(2 − d) = 2 over 3·2.
    assert table["observed"].centralization == pytest.approx(2 / 6)
    # B is the only way from A to D; A the only way from B to C.
    assert table["observed"].brokers == ["A", "B"]
    assert table["mutual"].brokers == []


def test_panel_keeps_identities_across_rounds():
    before = build_network(ROUND, NODES)
    later_nodes = [*NODES[:3], Node("E", "Youth Forum", "community")]
    later = rows(
        """
        r1 A B net_depth 3
        r3 B A net_depth 3
        r3 B E net_depth 2
        r4 C A net_depth 2
        r5 E B net_depth 4
        """
    )
    after = build_network(later, later_nodes)
    change = panel(before, after)
    assert change.kept == [("A", "B"), ("B", "A")]
    assert change.formed == [("B", "E"), ("C", "A"), ("E", "B")]
    assert change.dissolved == [("A", "C"), ("B", "D")]
    assert change.joined == ["E"]
    assert change.left == ["D"]
    degree = {p.id: (p.degree_before, p.degree_after) for p in change.positions}
    assert degree == {"A": (3, 3), "B": (3, 4), "C": (1, 1)}
