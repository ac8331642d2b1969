"""Representativeness, clashes and panel fatigue: hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest

from joinedup.analysis import participation as pm
from joinedup.analysis import participation_reach as pr

D = dt.date
JUNE_1 = D(2025, 6, 1)
JUNE_10 = D(2025, 6, 10)


def test_proportional_similarity_by_hand():
    # population shares 0.5 / 0.3 / 0.2; participant shares 0.2 / 0.3 / 0.5
    population = {"16-34": 500, "35-64": 300, "65+": 200}
    sample = {"16-34": 10, "35-64": 15, "65+": 25}
    # PS = min(.5,.2) + min(.3,.3) + min(.2,.5) = .2 + .3 + .2 = .7
    assert pr.proportional_similarity(population, sample) == pytest.approx(0.7)
    assert pr.proportional_similarity(population, population) == pytest.approx(1.0)
    assert pr.proportional_similarity({"a": 1}, {"b": 1}) == pytest.approx(0.0)


def test_rate_ratio_by_hand():
    population = {"16-34": 500, "35-64": 300, "65+": 200}
    sample = {"16-34": 10, "35-64": 15, "65+": 25}
    # rates .02, .05, .125 → .02 / .125 = .16
    assert pr.rate_ratio(population, sample) == pytest.approx(0.16)
    assert pr.rate_ratio(population, {"65+": 4}) == pytest.approx(0.0)
    assert pr.rate_ratio(population, {}) is None


def test_representativeness_suppresses_small_numbers():
    population = {"female": 5200, "male": 4800}
    small = pr.representativeness("sex", population, {"female": 2, "male": 1}, k=5)
    assert small.similarity is None
    assert "fewer than 5" in small.suppressed
    # 16 and 4: hiding male alone would leave 20 − 16 = 4 men readable, so female
    # goes too (issue 16), and with no group left to show the category is withheld.
    both = pr.representativeness("sex", population, {"female": 16, "male": 4}, k=5)
    assert both.suppressed
    assert both.groups == ()
    assert both.similarity is None
    assert both.rate_ratio is None


def test_representativeness_hides_small_groups_until_they_reach_k():
    population = {"a": 5000, "b": 3000, "c": 1000, "d": 1000}
    result = pr.representativeness("area", population, {"a": 20, "b": 10, "c": 3, "d": 2}, k=5)
    rows = {g.group: g for g in result.groups}
    assert rows["a"].participants == 20
    assert rows["b"].participants == 10
    assert rows["c"].participants is None
    assert rows["d"].participant_share is None
    assert rows["c"].rate is None
    assert rows["d"].rate is None
    # PS and the rate ratio see c and d only as one cell of 5 people in 2,000:
    # min(.5, 20/35) + min(.3, 10/35) + min(.2, 5/35); rates .004, .00333, .0025
    assert result.similarity == pytest.approx(0.5 + 10 / 35 + 5 / 35)
    assert result.rate_ratio == pytest.approx(0.0025 / 0.004)
    # c and d together: what the total minus the shown rows gives is 5 people
    assert result.participants - sum(g.participants or 0 for g in result.groups) == 5
    one_small = pr.representativeness("area", population, {"a": 20, "b": 6, "c": 2}, k=5)
    shown = {g.group for g in one_small.groups if g.participants is not None}
    assert shown == {"a", "d"}  # b goes with c (2 + 6 ≥ 5); d, with no one, stays


def act(
    id,
    partnership,
    area="Northfield",
    groups=("tenants",),
    topic="",
    start=JUNE_1,
    end=JUNE_10,
):
    return pm.ActivityRecord(
        id=id,
        partnerships=frozenset({partnership}),
        title=id,
        declared_depth="consult",
        start=start,
        end=end,
        area=area,
        topic=topic,
        target_groups=frozenset(groups),
    )


def test_overlapping_dates_same_area_shared_group_clash():
    hit = pr.clash(
        act("a", "lsp"),
        act(
            "b", "csp", groups=("Tenants", "older people"), start=D(2025, 6, 5), end=D(2025, 6, 20)
        ),
    )
    assert hit is not None
    assert hit.gap == 0
    assert hit.shared_groups == ("tenants",)


@pytest.mark.parametrize(("start", "clashes"), [(D(2025, 7, 10), True), (D(2025, 7, 11), False)])
def test_window_edges(start, clashes):
    # a ends 10 June; 10 July is 30 days later (clash), 11 July is 31 (none)
    b = act("b", "csp", start=start, end=start)
    assert (pr.clash(act("a", "lsp"), b, 30) is not None) is clashes


def test_window_is_configurable():
    b = act("b", "csp", start=D(2025, 6, 20), end=D(2025, 6, 20))
    assert pr.clash(act("a", "lsp"), b, window_days=10) is not None
    assert pr.clash(act("a", "lsp"), b, window_days=9) is None


def test_same_topic_without_shared_group_clashes():
    a = act("a", "lsp", groups=("young people",), topic="Estate renewal")
    b = act("b", "csp", groups=("older people",), topic="estate  renewal")
    assert pr.clash(a, b).same_topic


@pytest.mark.parametrize(
    "other",
    [
        act("b", "lsp"),  # same partnership
        act("b", "csp", area="Eastgate"),  # other area
        act("b", "csp", groups=("older people",)),  # nothing shared
        act("b", "csp", area=""),
    ],
)
def test_no_clash(other):
    assert pr.clash(act("a", "lsp"), other) is None


def test_joint_activity_does_not_clash_with_its_own_partners():
    joint = pm.ActivityRecord(
        id="j",
        partnerships=frozenset({"lsp", "hsc"}),
        title="j",
        declared_depth="inform",
        start=D(2025, 6, 1),
        end=D(2025, 6, 1),
        area="Northfield",
        target_groups=frozenset({"tenants"}),
    )
    assert pr.clash(joint, act("a", "lsp")) is None
    assert pr.clash(joint, act("b", "csp")) is not None


def test_calendar_marks_both_sides_of_a_clash():
    acts = [
        act("a", "lsp"),
        act("b", "csp", start=D(2025, 6, 8), end=D(2025, 6, 9)),
        act("c", "hsc", area="Harbour"),
    ]
    entries = {e.activity.id: e.clashes_with for e in pr.calendar(acts)}
    assert entries == {"a": ("b",), "b": ("a",), "c": ()}


def ask(member, activity, day):
    return pr.PanelAsk(member, activity, day)


def test_panel_fatigue_counts_by_hand():
    asks = [
        ask("m1", "w1", D(2025, 1, 1)),  # outside: window is 2025-01-02 … 2026-01-01
        ask("m1", "w2", D(2025, 5, 1)),
        ask("m1", "w3", D(2025, 9, 1)),
        ask("m1", "w4", D(2026, 1, 1)),
        ask("m2", "w2", D(2025, 5, 1)),
        ask("m2", "w2", D(2025, 5, 1)),  # a repeat counts once
        ask("m3", "w3", D(2025, 9, 1)),
        ask("m3", "w4", D(2026, 1, 1)),
        ask("m4", "w4", D(2026, 1, 1)),
    ]
    f = pr.panel_fatigue(asks, D(2026, 1, 1), k=3)
    assert f.start == D(2025, 1, 2)
    assert f.members == 4
    assert f.distribution == {1: 2, 2: 1, 3: 1}
    assert f.share_often == pytest.approx(0.25)
    assert f.mean_times == pytest.approx(7 / 4)
    assert pr.panel_fatigue(asks, D(2026, 1, 1), k=5).suppressed
