"""Depth, the quasi-network mix, the advisor and the sharing test on hand-built cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.analysis.data import AnswerRow, RelationRow
from joinedup.analysis.frameworks import REGISTRY, advisor, depth, modes, sharing


def ratings(item: str, values: list[float]) -> list[RelationRow]:
    return [RelationRow(f"r{i}", f"o{i}", "o9", item, v) for i, v in enumerate(values)]


def answers(item: str, values: list[float]) -> list[AnswerRow]:
    return [AnswerRow(f"r{i}", f"o{i}", "public", "board", item, v) for i, v in enumerate(values)]


def test_depth_readings_and_the_gap():
    rel = ratings("net_depth", [2, 2, 3, 2, 1])
    ans = answers("hc_overall_depth", [4, 4, 3, 4, 5]) + answers("hc_pratt", [3, 3, 2, 3, 4])
    result = depth.compute(rel, ans, k=5)
    assert result.network.mean == pytest.approx(2.0)
    assert result.network.modal == "encounter"
    assert result.judgement.modal == "collaboration"
    assert result.pratt.modal == "co-ordination"
    assert result.gap == pytest.approx(2.0)
    assert result.gap_reported
    assert "deeper than their pairwise ties" in depth.explain(result)


def test_depth_gap_not_reported_when_readings_agree_and_withheld_below_k():
    same = depth.compute(
        ratings("net_depth", [3, 3, 3, 4, 3]), answers("hc_overall_depth", [3, 3, 4, 3, 3]), k=5
    )
    assert same.gap == pytest.approx(0.0)
    assert not same.gap_reported
    few = depth.compute(ratings("net_depth", [3, 3]), [], k=5)
    assert few.network.suppressed
    assert few.gap is None


CSP_LIKE = modes.MixSignals(
    basis="statutory", mandated_membership=True, central_targets=4, lead_dominance=0.7, trust=2.5
)
LSP_LIKE = modes.MixSignals(basis="voluntary", trust=4.2, reciprocity=0.8, sharing=0.6)


def test_mix_network_test_both_ways():
    csp, lsp = modes.compute(CSP_LIKE), modes.compute(LSP_LIKE)
    assert max(csp.shares, key=csp.shares.get) == "hierarchy"
    assert not csp.closer_to_network
    assert lsp.closer_to_network
    assert "quasi-network" in modes.explain(lsp)
    assert modes.compute(modes.MixSignals()).shares == {}


unit_or_none = st.none() | st.floats(0, 1)


@given(
    basis=st.none() | st.sampled_from(["statutory", "voluntary", "contractual"]),
    flags=st.lists(st.none() | st.booleans(), min_size=4, max_size=4),
    values=st.lists(unit_or_none, min_size=4, max_size=4),
    targets=st.none() | st.integers(0, 9),
    trust=st.none() | st.floats(1, 5),
)
def test_mix_shares_sum_to_one(basis, flags, values, targets, trust):
    signals = modes.MixSignals(
        basis, flags[0], flags[1], values[0], flags[2], flags[3], targets, values[1], trust,
        values[2], values[3], None,
    )  # fmt: skip
    mix = modes.compute(signals)
    if mix.shares:
        assert sum(mix.shares.values()) == pytest.approx(1.0)
        assert all(0 <= s <= 1 for s in mix.shares.values())


NETWORK_FOUR = ["information", "quality_hard_to_specify", "hard_to_price", "multi_agency"]
NETWORKY = dict.fromkeys(NETWORK_FOUR, "yes")


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "partnership / network"),
        (
            {"few_providers": 5, "complex_contracts": 4, "specific_assets": "yes"},
            "long-term relational contract",
        ),
    ],
)
def test_advisor_table(extra, expected):
    assert advisor.compute({**NETWORKY, **extra}).recommendation == expected


def test_advisor_in_house_and_market():
    inhouse = {"few_providers": "yes", "collusion": "yes", "frequent_adjustment": 5}
    assert advisor.compute(inhouse).recommendation == "in-house / hierarchy"
    assert advisor.compute({"information": "no"}).recommendation == "market contract"


def test_advisor_changes_when_and_only_when_a_driver_changes():
    """Flip each condition in turn from a case right at the network threshold."""
    base = {**NETWORKY, "few_providers": "yes", "collusion": "yes"}
    first = advisor.compute(base)
    assert first.recommendation == "partnership / network"
    for condition in [*advisor.RHODES, *advisor.INHOUSE]:
        flipped = {**base, condition: "no" if base.get(condition) == "yes" else "yes"}
        after = advisor.compute(flipped)
        drivers_moved = (after.network_case, after.inhouse_case) != (
            first.network_case,
            first.inhouse_case,
        )
        assert (after.recommendation != first.recommendation) is drivers_moved
        # a driver moves exactly when a condition crosses a threshold
        crosses = condition in NETWORKY or condition in (
            "frequent_adjustment",
            "complex_contracts",
            "specific_assets",
            "affordable_rnd",
        )
        assert drivers_moved is crosses, condition


@given(
    st.dictionaries(
        st.sampled_from([*advisor.RHODES, *advisor.INHOUSE]), st.sampled_from(["yes", "no", 3])
    )
)
def test_advisor_follows_its_table(chosen):
    if all(v == 3 for v in chosen.values()):
        return
    result = advisor.compute(chosen)
    r = sum(1 for c, v in chosen.items() if c in advisor.RHODES and v == "yes")
    i = sum(1 for c, v in chosen.items() if c in advisor.INHOUSE and v == "yes")
    assert result.recommendation == advisor.TABLE[(r >= 4, i >= 3)]


def test_advisor_reads_answers_and_refuses_nonsense():
    assert advisor.read_answer(4) is True
    assert advisor.read_answer(2) is False
    assert advisor.read_answer(3) is None
    assert advisor.read_answer("No") is False
    with pytest.raises(ValueError, match="unknown condition"):
        advisor.compute({"cheap": "yes"})
    with pytest.raises(ValueError, match="1–5"):
        advisor.compute({"information": 9})


D = dt.date


def test_sharing_contracting_not_partnering_and_a_real_partnership():
    members = ["police", "council", "fire", "probation"]
    thin = [sharing.Entry("information", ("police", "council"), D(2020, 1, 1), D(2023, 3, 31))]
    result = sharing.compute(thin, members, D(2025, 6, 1), k=5)
    assert result.index == 0.0
    assert result.contracting_not_partnering
    assert "contracting, not partnering" in sharing.explain(result)
    rich = [
        sharing.Entry(
            "pooled_budget", ("police", "council", "fire"), D(2024, 4, 1), None, 1.2e6, "GBP"
        ),
        sharing.Entry("premises", ("probation", "council"), D(2023, 1, 1)),
    ]
    good = sharing.compute(rich, members, D(2025, 6, 1), k=5)
    assert good.breadth == pytest.approx(0.4)
    assert good.spread == pytest.approx(1.0)
    assert good.index == pytest.approx(0.7)
    assert not good.contracting_not_partnering
    assert good.amounts == {"pooled_budget (GBP)": 1.2e6}
    assert good.organisations["fire"]["register"] == pytest.approx(0.2)


def test_sharing_survey_reading_needs_k_and_barriers_are_read():
    rel = ratings("net_share_information", [1, 1, 0, 1, 0]) + ratings("net_share_money", [0] * 5)
    tags = {"b_rules": ["hardy:procedural"]}
    bar = answers("b_rules", [5, 5, 4, 5, 3])
    result = sharing.compute(
        [], ["o9"], D(2025, 1, 1), k=5, relations=rel, barrier_answers=bar, barrier_tags=tags
    )
    assert result.survey_index == pytest.approx(0.3)
    assert result.organisations["o9"]["survey"] == pytest.approx(0.3)
    assert result.barriers["procedural"] == pytest.approx(0.85)
    few = sharing.compute([], [], D(2025, 1, 1), k=5, relations=rel[:3])
    assert few.survey_index is None
    assert "withheld" in few.survey_note


def test_every_framework_is_registered_and_documented():
    doc = (Path(__file__).parents[2] / "docs" / "methods-diagnoses.md").read_text(encoding="utf-8")
    for name, module in REGISTRY.items():
        assert callable(module.compute)
        assert callable(module.explain)
        assert f"## {module.TITLE}" in doc, name
        assert f"`{name}`" in doc, name


def test_the_advise_command_and_the_pages_are_documented():
    doc = (Path(__file__).parents[2] / "docs" / "methods-diagnoses.md").read_text(encoding="utf-8")
    for text in ("joinedup advise", "--holds", "--json", "/diagnoses/methods/", "/api/diagnoses/"):
        assert text in doc


def test_sharing_per_organisation_survey_figure_needs_k_raters():
    rel = [RelationRow(f"r{i}", f"o{i}", "o9", "net_share_staff", 1.0) for i in range(4)]
    rel += [RelationRow(f"s{i}", f"p{i}", "o8", "net_share_staff", 1.0) for i in range(5)]
    # Issue 16: beside the item's share over every answer, o8's figure alone would give
    # o9's four raters' answers by subtraction; a third organisation (o7, five raters,
    # hidden first: same size, earlier name) protects them and o8 stays shown.
    rel += [RelationRow(f"t{i}", f"q{i}", "o7", "net_share_staff", 0.0) for i in range(5)]
    result = sharing.compute([], ["o7", "o8", "o9"], D(2025, 1, 1), k=5, relations=rel)
    assert result.organisations["o9"]["survey"] is None  # four raters only
    assert result.organisations["o8"]["survey"] == pytest.approx(1.0)
    assert result.organisations["o7"]["survey"] is None  # hidden to protect o9's raters
