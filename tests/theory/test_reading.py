"""The theory-of-change reading: link support, the evaluator's checks, the layout."""

from __future__ import annotations

import itertools

from joinedup.analysis import theory as th

SEEN = th.Evidence("indicator", "Carers with a plan", "moving", "38 → 61 %")
NOTHING = th.Evidence("dimension", "Arrangements", "none", "no round with enough answers yet")


def _steps() -> list[th.Step]:
    return [
        th.Step("fund", "activity", "Fund breaks", (th.Evidence("decision", "Fund", "observed"),)),
        th.Step("booked", "output", "Breaks booked"),
        th.Step("carers", "outcome", "Carers supported", (SEEN,)),
        th.Step("home", "outcome", "Living at home", (NOTHING,)),
    ]


def test_support_counts_the_ends_with_data() -> None:
    links = [
        th.StepLink("fund", "booked", mechanism="money buys breaks"),
        th.StepLink("booked", "carers", mechanism="rest before crisis"),
        th.StepLink("fund", "carers", mechanism="direct"),
        th.StepLink("booked", "home", assumption="breaks keep people at home"),
        th.StepLink("fund", "nowhere"),  # an unknown end is ignored
    ]
    reading = th.read(_steps(), links)
    support = {(r.link.source, r.link.target): r.support for r in reading.links}
    assert support == {
        ("fund", "booked"): "one",
        ("booked", "carers"): "one",
        ("fund", "carers"): "both",
        ("booked", "home"): "assumption",
    }
    assert reading.counts == {"both": 1, "one": 2, "assumption": 1, "steps": 4, "outcomes": 2}
    # A withheld or missing figure is not evidence.
    assert not reading.steps[3].has_evidence


def test_checks_name_the_gaps_an_evaluator_looks_for() -> None:
    links = [th.StepLink("booked", "home", assumption="breaks keep people at home")]
    codes = [c.code for c in th.read(_steps(), links).checks]
    assert codes.count("outcome-unreached") == 1  # carers: nothing leads to it
    assert codes.count("step-leads-nowhere") == 1  # fund leads nowhere
    assert "no-mechanism" in codes
    assert "assumption-untested" in codes  # neither end of booked → home has data
    assert codes.count("outcome-unmeasured") == 1  # home has no data
    messages = " ".join(c.message for c in th.read(_steps(), links).checks)
    assert "Carers supported" in messages
    assert "breaks keep people at home" in messages


def test_links_run_forward_or_between_outcomes() -> None:
    assert th.can_link("activity", "output")
    assert th.can_link("activity", "outcome")
    assert th.can_link("output", "outcome")
    assert th.can_link("outcome", "outcome")
    assert not th.can_link("output", "activity")
    assert not th.can_link("activity", "activity")
    assert not th.can_link("outcome", "output")
    assert not th.can_link("goal", "outcome")


def _crossings(placed: list[th.Placed], links: list[th.StepLink]) -> int:
    where = {p.key: (p.column, p.row) for p in placed}
    count = 0
    for a, b in itertools.combinations(links, 2):
        (ca, ra), (ta, sa) = where[a.source], where[a.target]
        (cb, rb), (tb, sb) = where[b.source], where[b.target]
        if ca == cb and ta == tb and (ra - rb) * (sa - sb) < 0:
            count += 1
    return count


def test_layout_puts_kinds_in_columns_and_uncrosses_links() -> None:
    steps = [
        th.Step("a1", "activity", "A1"),
        th.Step("a2", "activity", "A2"),
        th.Step("o1", "outcome", "O1"),
        th.Step("o2", "outcome", "O2"),
    ]
    # Given in an order whose straight drawing crosses both links.
    links = [th.StepLink("a1", "o2"), th.StepLink("a2", "o1")]
    naive = [
        th.Placed("a1", 0, 0),
        th.Placed("a2", 0, 1),
        th.Placed("o1", 2, 0),
        th.Placed("o2", 2, 1),
    ]
    assert _crossings(naive, links) == 1
    placed = th.layout(steps, links)
    assert {p.key: p.column for p in placed} == {"a1": 0, "a2": 0, "o1": 2, "o2": 2}
    assert _crossings(placed, links) == 0
    assert placed == th.layout(steps, links), "the same theory is drawn the same way"
