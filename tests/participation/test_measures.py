"""Decision link, feedback, depth, tokenism, method mix, report-back: hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest

from joinedup.analysis import participation as pm

D = dt.date
END = D(2025, 6, 30)
DUE = D(2025, 8, 31)


def activity(id="a", depth="consult", end=END, due=DUE, methods=()):
    return pm.ActivityRecord(
        id=id,
        partnerships=frozenset({"1"}),
        title=id,
        declared_depth=depth,
        start=D(2025, 6, 1),
        end=end,
        methods=tuple(methods),
        feedback_due=due,
    )


INPUTS = [
    pm.InputRecord("i1", "a"),
    pm.InputRecord("i2", "a"),
    pm.InputRecord("i3", "a"),
    pm.InputRecord("i4", "a"),
]


def test_decision_link_rate_counts_each_input_once_whatever_the_kind():
    links = [
        pm.LinkRecord("i1", "d1", "adopted"),
        pm.LinkRecord("i1", "d2", "changed"),  # a second link of i1 adds nothing
        pm.LinkRecord("i2", "d1", "considered_not_adopted"),
        pm.LinkRecord("zz", "d1", "adopted"),  # an input of another activity
    ]
    rate = pm.decision_link_rate(INPUTS, links)
    assert (rate.inputs, rate.linked, rate.influential) == (4, 2, 1)
    assert rate.rate == pytest.approx(0.5)
    assert rate.influence_rate == pytest.approx(0.25)


def test_decision_link_rate_without_inputs_is_none():
    assert pm.decision_link_rate([], []).rate is None


@pytest.mark.parametrize(
    ("published", "as_of", "state"),
    [
        (D(2025, 8, 31), D(2025, 12, 1), "on_time"),  # on the due date is on time
        (D(2025, 9, 1), D(2025, 12, 1), "late"),
        (None, D(2025, 9, 1), "missing"),  # the day after the due date
        (None, D(2025, 8, 31), "not_yet_due"),  # on the due date itself
        (D(2025, 10, 1), D(2025, 9, 15), "missing"),  # published later than as_of: not yet
    ],
)
def test_feedback_state(published, as_of, state):
    feedback = [pm.FeedbackRecord("a", published)]
    assert pm.feedback_state(activity(), feedback, as_of) == state


def test_feedback_due_defaults_to_ninety_days_after_the_end():
    assert pm.feedback_due(activity(due=None)) == D(2025, 9, 28)


def test_inform_activities_are_not_expected_to_give_feedback():
    assert pm.feedback_state(activity(depth="inform"), [], D(2026, 1, 1)) == "not_expected"


def test_feedback_summary_counts_states():
    acts = [activity("a"), activity("b"), activity("c", due=D(2026, 1, 31))]
    fb = [pm.FeedbackRecord("a", D(2025, 8, 1))]
    summary = pm.feedback_summary(acts, fb, D(2025, 12, 1))
    assert summary == {"on_time": 1, "late": 0, "missing": 1, "not_yet_due": 1, "not_expected": 0}


@pytest.mark.parametrize(
    ("declared", "given", "linked", "influential", "inputs", "delegated", "achieved"),
    [
        ("consult", False, 0, 0, 3, False, "inform"),
        ("consult", True, 0, 0, 3, False, "consult"),
        ("consult", False, 1, 0, 3, False, "consult"),
        ("involve", False, 2, 1, 3, False, "involve"),
        ("consult", True, 2, 2, 3, False, "consult"),  # capped at the declared depth
        ("collaborate", True, 2, 1, 3, False, "involve"),  # 1/3 adopted < half
        ("collaborate", True, 3, 2, 4, False, "collaborate"),  # 2/4 = half
        ("collaborate", False, 3, 3, 3, False, "involve"),  # no feedback, no collaborate
        ("empower", True, 1, 1, 1, True, "empower"),
        ("empower", True, 1, 1, 1, False, "collaborate"),
        ("inform", True, 1, 1, 1, False, "inform"),
    ],
)
def test_achieved_depth_rule(declared, given, linked, influential, inputs, delegated, achieved):
    assert pm.achieved_depth(declared, given, linked, influential, inputs, delegated) == achieved


@pytest.mark.parametrize(
    ("declared", "feedback", "linked", "flag"),
    [
        ("consult", "missing", 0, True),
        ("empower", "missing", 0, True),
        ("inform", "missing", 0, False),
        ("consult", "not_yet_due", 0, False),  # before the due date: no verdict yet
        ("consult", "missing", 1, False),
        ("consult", "late", 0, False),
    ],
)
def test_tokenism_flag(declared, feedback, linked, flag):
    assert pm.is_tokenistic(declared, feedback, linked) is flag


def test_assess_depth_flags_a_consultation_that_went_nowhere():
    verdict = pm.assess_depth(activity(), INPUTS[:2], [], [], D(2025, 9, 1))
    assert verdict.tokenism
    assert verdict.achieved == "inform"
    assert verdict.gap == 1
    verdict = pm.assess_depth(activity(), INPUTS[:2], [], [], D(2025, 8, 31))
    assert not verdict.tokenism


def test_assess_depth_credits_delegated_decisions_only_when_adopted():
    acts = activity(depth="empower")
    links = [pm.LinkRecord("i1", "d", "considered_not_adopted", delegated=True)]
    fb = [pm.FeedbackRecord("a", D(2025, 7, 1))]
    assert pm.assess_depth(acts, INPUTS[:1], links, fb, D(2025, 9, 1)).achieved == "consult"
    links = [pm.LinkRecord("i1", "d", "adopted", delegated=True)]
    assert pm.assess_depth(acts, INPUTS[:1], links, fb, D(2025, 9, 1)).achieved == "empower"


def test_unknown_depth_is_refused():
    with pytest.raises(ValueError, match="unknown depth"):
        pm.depth_level("placate")


def test_method_mix_counts_shares_and_evenness():
    acts = [
        activity("a", methods=["public_meeting", "online"]),
        activity("b", methods=["public_meeting"]),
        activity("c", methods=["focus_group"]),
    ]
    mix = pm.method_mix(acts)
    assert mix.counts == {"public_meeting": 2, "focus_group": 1, "online": 1}
    assert mix.shares["public_meeting"] == pytest.approx(0.5)
    assert mix.distinct == 3
    # H = -(0.5 ln 0.5 + 2 × 0.25 ln 0.25) = 1.0397; J = H / ln 3 = 0.9464
    assert mix.evenness == pytest.approx(0.94639, abs=1e-5)
    assert pm.method_mix([activity(methods=["online"])]).evenness is None


def test_report_back_status():
    start = D(2025, 1, 1)
    ok = pm.report_back_status(start, None, [D(2025, 3, 1)], 91, D(2025, 5, 31))
    assert (ok.next_due, ok.overdue) == (D(2025, 5, 31), False)
    late = pm.report_back_status(start, None, [D(2025, 3, 1)], 91, D(2025, 6, 10))
    assert (late.overdue, late.days_overdue) == (True, 10)
    never = pm.report_back_status(start, None, [], 91, D(2025, 4, 5))
    assert never.last is None
    assert never.overdue
    ended = pm.report_back_status(start, D(2025, 5, 1), [D(2025, 3, 1)], 91, D(2026, 1, 1))
    assert (ended.next_due, ended.overdue) == (None, False)
