"""The board wording of each report section (joinedup.analysis.board), on figures
made up for each case: which finding is named, in what order, and what is never said."""

from __future__ import annotations

import datetime as dt

from joinedup.analysis.board import context, diagnoses, networks, participation, scores
from joinedup.analysis.board.text import Prompt, ranked
from joinedup.analysis.context import FundingFigures, MeasureBalance, PurposeDisagreement
from joinedup.analysis.divergence import GroupDivergence
from joinedup.analysis.frameworks.depth import LADDER, DepthResult, Distribution
from joinedup.analysis.frameworks.dynamics import DynamicsResult, Reading
from joinedup.analysis.participation import LinkRate
from joinedup.analysis.scoring import Change, DimensionScore
from joinedup.analysis.suppression import Suppressed


def rated(label: str, mean: float, **extra: object) -> scores.Rated:
    values = {
        "label": label,
        "mean": mean,
        "n": 20,
        "low": 1.0,
        "high": 5.0,
        "position": (mean - 1) / 4,
        "band": "concern" if mean < 3 else ("strength" if mean >= 4 else "worth discussing"),
        "split": False,
        "rwg": 0.85,
        **extra,
    }
    return scores.Rated(**values)  # type: ignore[arg-type]


def test_ranked_orders_by_weight_drops_repeats_and_caps() -> None:
    prompts = [Prompt("b", 2.0), "plain", Prompt("a", 3.5), Prompt("b", 2.0), Prompt("c", 1.0)]
    assert [str(p) for p in ranked(prompts, 3)] == ["a", "b", "c"]
    assert [str(p) for p in ranked(prompts, 10)] == ["a", "b", "c", "plain"]


def test_scores_summary_names_strongest_and_weakest_with_mean_and_n() -> None:
    dims = [rated("Trust", 3.6), rated("Resources", 2.4), rated("Purpose", 3.1)]
    line = scores.summary("health check of spring 2026", dims, "(20 of 25 answered, 80%)", None)[0]
    assert "'Trust' strongest (mean 3.60 on 1–5, n = 20" in line
    assert "'Resources' weakest (2.40, n = 20, concern)" in line
    assert "20 of 25 answered, 80%" in line
    alone = scores.summary("check", [rated("Trust", 3.6)], "", "spring 2025")[0]
    assert alone.startswith("In the check, members rate 'Trust' at mean 3.60 on 1–5, n = 20")
    assert alone.endswith("No dimension has changed by enough to matter since spring 2025.")


def test_scores_questions_weakest_first_then_groups_far_apart() -> None:
    far = rated(
        "Purpose",
        3.2,
        low_group=("voluntary sector", 2.3),
        high_group=("officer", 4.1),
        groups_differ=True,
    )
    near = rated("Trust", 3.5, low_group=("business", 3.3), high_group=("officer", 3.7))
    asked = scores.questions([rated("Resources", 2.4), far, near])
    assert asked[0].text.startswith("'Resources' is the weakest-rated dimension (mean 2.40")
    assert "'voluntary sector' group rate 'Purpose' 1.80 points lower" in asked[1].text
    assert "'officer' group (2.30 against 4.10)" in asked[1].text
    assert not any("'Trust'" in p.text for p in asked), "a 0.4-point gap is not divided"
    assert asked[0].weight > asked[1].weight


def test_no_weakest_question_when_every_dimension_is_a_strength() -> None:
    assert scores.questions([rated("Trust", 4.4), rated("Purpose", 4.1)]) == []


def test_low_agreement_and_marked_decline_prompt_questions() -> None:
    dims = [
        rated("Trust", 3.8, rwg=0.52, split=True),
        rated("Purpose", 3.4, change=-0.9, change_marked=True),
        rated("Power", 3.5, change=-0.2, change_marked=False),
    ]
    asked = [p.text for p in scores.questions(dims, previous="spring 2025")]
    assert any("'Purpose' has worsened by 0.90 points since spring 2025" in q for q in asked)
    assert any(
        "about 'Trust' (their agreement, rwg(J), is 0.52 on a 0–1 scale, below the 0.70" in q
        for q in asked
    )
    assert not any("'Power' has worsened" in q for q in asked), "unmarked change is not asked"


def _dimension(means: dict[str, float | Suppressed]) -> DimensionScore:
    divergence = GroupDivergence(means, dict.fromkeys(means, 6), 1.0, 5.0, 0.01, 0.03)
    return DimensionScore(
        "purpose", "Purpose", ["a", "b"], 30, 3.0, (2.8, 3.2), 3.0, 0.5, 0.8, 0.7, None,
        "worth discussing", False, 0.0, divergence, Change(25, -0.1, (-0.4, 0.2), 0.5),
    )  # fmt: skip


def test_group_extremes_skip_suppressed_groups() -> None:
    hidden = Suppressed("fewer than 5 answers")
    low, high = scores._extremes(_dimension({"board": hidden, "business": 2.1, "officer": 3.9}))
    assert (low, high) == (("business", 2.1), ("officer", 3.9))
    assert scores._extremes(_dimension({"board": hidden, "officer": 3.9})) is None


def test_reliability_line_lists_shown_alphas_only() -> None:
    class Result:
        dimensions = [
            _dimension({"officer": 3.0}),
            DimensionScore("trust", "Trust", ["c"], Suppressed("x"), Suppressed("x"),
                           Suppressed("x"), Suppressed("x"), Suppressed("x"), Suppressed("x"),
                           Suppressed("x"), Suppressed("x"), Suppressed("x"), Suppressed("x"),
                           Suppressed("x")),
        ]  # fmt: skip

    line = scores.reliability_line("health check of spring 2026", Result())  # type: ignore[arg-type]
    assert line == (
        "Reliability (Cronbach's alpha, 95% interval), health check of spring 2026: Purpose 0.70."
    )


def test_network_words_brokers_and_periphery_by_sector() -> None:
    brokers = [
        networks.Broker("Council", "Statutory / public", 0.31),
        networks.Broker("CVS", "Voluntary", 0.0),
    ]
    edge = {
        "Community": {"members": 4, "peripheral": 2, "isolated": 1},
        "Private": {"members": 3, "peripheral": 1},
    }
    lines = networks.board_lines("spring 2026", 12, 30, 0.23, brokers, edge)
    assert "density 0.23): the network is thin" in lines.summary[0]
    assert lines.summary[1].startswith("Council (statutory / public, betweenness 0.31) is the main")
    assert "CVS" not in lines.summary[1], "an organisation brokering nothing is not a broker"
    assert (
        "4 partners sit at the edge of the network (3 community and 1 private)"
        in (lines.summary[1])
    )
    assert "4 member organisations (3 community and 1 private)" in lines.questions[0].text
    assert networks.density_words(0.05).startswith("sparse")
    assert networks.density_words(0.7).startswith("dense")


def test_participation_flags_tokenism_and_a_low_link_rate() -> None:
    rate = LinkRate(inputs=10, linked=3, influential=1, rate=0.3, influence_rate=0.1)
    feedback = {"on_time": 2, "late": 0, "missing": 1, "not_yet_due": 0, "not_expected": 0}
    lines = participation.board_lines(rate, feedback, ["Estate walkabout"])
    assert lines.summary[0].startswith("3 of 10 recorded inputs from participation reached")
    assert "2 on time, 1 overdue and missing; tokenism flag on 1 activity" in lines.summary[1]
    texts = [q.text for q in lines.questions]
    assert texts[0].startswith("'Estate walkabout' promised people a say")
    assert any(t.startswith("Only 30% of what participants said") for t in texts)


def _money(expiring: float | None) -> FundingFigures:
    return FundingFigures(
        dt.date(2026, 1, 1), 100_000.0, 40_000.0, expiring, None, None, None, None, ("Fund A",)
    )


def test_context_speaks_only_of_money_ending_and_disputed_purpose() -> None:
    balance = MeasureBalance(3, 1, 0.75, False)
    quiet = context.board_lines(_money(0.0), None, balance)
    assert quiet.summary == []
    assert quiet.questions == []
    disputed = PurposeDisagreement("process", 30, 5, False, "", 12, 0.4, {}, True)
    hidden = PurposeDisagreement("process", 4, 5, True, "fewer than 5 members answered (4)")
    busy = context.board_lines(_money(0.4), disputed, balance)
    assert busy.summary[0] == (
        "40% of the live funding of £100,000 ends within twelve months: Fund A."
    )
    assert "12 of 30 members who answered (40%)" in busy.summary[1]
    assert context.board_lines(_money(0.0), hidden, balance).summary == []


def _round(label: str, x: float, y: float, quadrant: str) -> DynamicsResult:
    reading = Reading("all", 20, x=x, y=y, quadrant=quadrant)
    return DynamicsResult(label, reading, (), 5, 1000, 0, ())


def test_diagnoses_place_the_partnership_and_read_depth() -> None:
    rounds = [
        _round("spring 2025", -0.2, 0.1, "sustainability"),
        _round("spring 2026", 0.1, 0.2, "flexibility"),
    ]
    line = diagnoses.plane_line(rounds)
    assert line is not None
    assert "'flexibility' quadrant in spring 2026" in line
    assert "having moved from 'sustainability' in spring 2025" in line
    ladder = LADDER
    network = Distribution("net", ladder, 20, 200, None, (0.1, 0.2, 0.4, 0.2, 0.1), 2.9)
    judged = Distribution("judged", ladder, 20, 20, None, (0, 0, 0.2, 0.5, 0.3), 3.6)
    depth = DepthResult(network, judged, judged, 0.7, True)
    assert "2.9 on average on the 1–5 ladder of partnership (nearest rung 'communication'" in str(
        diagnoses.depth_line(depth)
    )
    assert diagnoses.depth_prompt(depth)[0].text.startswith("Members judge the partnership 0.7")
    withheld = Distribution("net", ladder, 3, 0, "fewer than 5 respondents")
    assert diagnoses.depth_line(DepthResult(withheld, judged, judged, None, False)) is None
    assert diagnoses.plane_line([]) is None
