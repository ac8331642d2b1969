"""The derived context figures on small hand-built cases."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from joinedup.analysis.context import (
    Mandate,
    Measure,
    Stream,
    add_months,
    context_signals,
    ends_within,
    funding_figures,
    is_short_term,
    measure_balance,
    purpose_kind_disagreement,
    timeline,
)
from joinedup.analysis.data import AnswerRow

D = dt.date
AS_OF = D(2026, 11, 23)


def stream(name, source, amount, start, end=None, earmarked=False, partnership="Board"):
    return Stream(name, partnership, name, source, amount, earmarked, start, end)


# A board living mostly on a bid that runs out in March, plus a pooled fund.
BOARD = [
    stream("Innovation bid", "competitive_bid", 1_200_000, D(2024, 4, 1), D(2027, 3, 31), True),
    stream("Pooled fund", "pooled_budget", 480_000, D(2023, 4, 1)),
    stream("Respite grant", "charitable", 30_000, D(2025, 10, 1), D(2026, 9, 30), True),
    stream("Renewal programme", "central_programme", 320_000, D(2023, 4, 1), D(2028, 3, 31), True),
]


def test_shares_by_amount_of_live_money():
    money = funding_figures(BOARD, AS_OF)
    # the respite grant ended in September: not live
    assert money.live_total == 2_000_000
    assert money.expiring_share == pytest.approx(0.6)
    assert money.expiring_streams == ("Innovation bid",)
    assert money.bid_share == pytest.approx(0.6)
    assert money.short_term_share == pytest.approx(0.6)  # the renewal programme runs 5 years
    assert money.short_term_or_bid_share == pytest.approx(0.6)
    assert money.earmarked_share == pytest.approx(0.76)


def test_exactly_twelve_months_counts_and_one_day_more_does_not():
    on_the_day = stream("a", "central_programme", 100, D(2024, 1, 1), D(2027, 11, 23))
    day_after = stream("b", "central_programme", 300, D(2024, 1, 1), D(2027, 11, 24))
    assert ends_within(on_the_day, AS_OF)
    assert not ends_within(day_after, AS_OF)
    assert funding_figures([on_the_day, day_after], AS_OF).expiring_share == pytest.approx(0.25)


def test_money_ending_today_is_live_and_expiring():
    today = stream("a", "charitable", 50, D(2025, 1, 1), AS_OF)
    money = funding_figures([today], AS_OF)
    assert money.live_total == 50
    assert money.expiring_share == 1.0


def test_open_ended_money_never_expires_nor_is_short_term():
    pooled = stream("pool", "pooled_budget", 500, D(2025, 4, 1))
    assert not ends_within(pooled, AS_OF)
    assert not is_short_term(pooled)
    money = funding_figures([pooled], AS_OF)
    assert money.expiring_share == 0.0
    assert money.short_term_share == 0.0


def test_short_term_is_three_years_or_less():
    three_years = stream("a", "central_programme", 1, D(2024, 4, 1), D(2027, 4, 1))
    longer = stream("b", "central_programme", 1, D(2024, 4, 1), D(2027, 4, 2))
    assert is_short_term(three_years)
    assert not is_short_term(longer)


def test_no_money_gives_no_shares_not_zero():
    money = funding_figures([], AS_OF)
    assert money.live_total == 0
    assert money.expiring_share is None
    assert money.bid_share is None
    assert money.earmarked_share is None
    zero = funding_figures([stream("nil", "charitable", 0, D(2025, 1, 1), D(2027, 1, 1))], AS_OF)
    assert zero.expiring_share is None


def test_add_months_clamps_to_month_end():
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2028, 2, 29), 12) == D(2029, 2, 28)
    assert add_months(D(2026, 11, 23), 12) == D(2027, 11, 23)


def test_timeline_rows_in_order_with_flags():
    rows = timeline(BOARD, AS_OF)
    assert [r.stream for r in rows] == [
        "Renewal programme",
        "Pooled fund",
        "Innovation bid",
        "Respite grant",
    ]
    flags = {r.stream: (r.expiring, r.ended) for r in rows}
    assert flags["Innovation bid"] == (True, False)
    assert flags["Respite grant"] == (False, True)
    assert flags["Pooled fund"] == (False, False)


def test_organisation_timeline_spans_partnerships():
    other = stream("Safer streets", "central_programme", 10, D(2025, 4, 1), partnership="CSP")
    rows = timeline([*BOARD, other], AS_OF)
    assert {r.partnership for r in rows} == {"Board", "CSP"}


def test_measure_balance():
    measures = [
        Measure("Older people at home after discharge", "", "cross_cutting"),
        Measure("Recorded crime", "Police", "core_business"),
        Measure("Reoffending", "Probation", "core_business"),
    ]
    balance = measure_balance(measures)
    assert (balance.cross_cutting, balance.core_business) == (1, 2)
    assert balance.cross_cutting_share == pytest.approx(1 / 3)
    assert balance.mostly_core_business
    empty = measure_balance([])
    assert empty.cross_cutting_share is None
    assert not empty.mostly_core_business


def answers(*kinds: str) -> list[AnswerRow]:
    return [
        AnswerRow(f"r{i}", "org", "public", "officers", "hc_purpose_kind", None, text=kind)
        for i, kind in enumerate(kinds)
    ]


def test_purpose_disagreement_warns_at_one_in_three():
    result = purpose_kind_disagreement(
        answers("outcome", "outcome", "outcome", "outcome", "process", "experimental"),
        "outcome",
        k=5,
    )
    assert not result.suppressed
    assert (result.answered, result.disagree) == (6, 2)
    assert result.share == pytest.approx(1 / 3)
    assert result.warning
    assert result.counts == {"outcome": 4, "process": 1, "experimental": 1}


def test_purpose_disagreement_below_threshold_is_no_warning():
    result = purpose_kind_disagreement(
        answers("process", "process", "process", "process", "outcome"), "process", k=5
    )
    assert result.share == pytest.approx(0.2)
    assert not result.warning
    stricter = purpose_kind_disagreement(
        answers("process", "process", "process", "process", "outcome"),
        "process",
        k=5,
        threshold=Fraction(1, 5),
    )
    assert stricter.warning


def test_purpose_disagreement_suppressed_below_k():
    rows = answers("process", "outcome", "outcome", "outcome")
    rows.append(AnswerRow("r9", "org", "public", "g", "hc_purpose_kind", None, True, ""))
    rows.append(AnswerRow("r8", "org", "public", "g", "hc_overall_depth", 3.0, text="3"))
    result = purpose_kind_disagreement(rows, "outcome", k=5)
    assert result.suppressed
    assert result.answered == 4  # "don't know" and other items are not counted
    assert result.share is None
    assert result.disagree is None
    assert result.counts == {}
    assert not result.warning
    assert "fewer than 5" in result.reason


def test_one_vote_per_respondent():
    rows = answers("outcome", "outcome", "outcome")
    rows.append(AnswerRow("r0", "org", "public", "g", "hc_purpose_kind", None, text="process"))
    result = purpose_kind_disagreement(rows, "outcome", k=3)
    assert (result.answered, result.disagree) == (3, 1)


def test_signals_for_a_statutory_partnership_with_new_target():
    mandate = Mandate(
        basis="statutory",
        statutory_duty=True,
        mandated_membership=True,
        targets=(("Cut crime", D(2023, 4, 1)), ("Serious violence", D(2026, 6, 1))),
        inspection_regime="HMICFRS",
        steering=("monitoring", "finance"),
    )
    signals = context_signals(BOARD, mandate, [], AS_OF, targets_since=D(2026, 1, 1))
    assert signals.hierarchy.score == 1.0
    assert signals.hierarchy.central_targets == 2
    assert signals.new_targets == ("Serious violence",)
    assert signals.market.bid_share == pytest.approx(0.6)
    assert signals.market.score == pytest.approx((0.6 + 0 + 0.6) / 3)
    assert signals.expiring_streams == ("Innovation bid",)


def test_signals_for_a_voluntary_partnership_without_money():
    signals = context_signals([], Mandate(basis="contractual"), [], AS_OF)
    assert signals.hierarchy.score == 0.0
    assert signals.market.score == pytest.approx(1 / 3)
    assert signals.expiring_share is None
    assert signals.new_targets == ()
