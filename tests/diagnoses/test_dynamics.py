"""Newman's plane and the drift rules, on small hand-built rounds."""

from __future__ import annotations

import pytest

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.frameworks import drift, dynamics

# item, tags — a four-item dynamics form as a coordinator would write it
TAGS = {
    "we_set_our_own_agenda": ["newman:vertical:+"],
    "targets_drive_us": ["newman:vertical:-"],
    "we_adapt_to_outside": ["newman:horizontal:+"],
    "procedures_come_first": ["newman:horizontal:-"],
}


def round_of(up: int, out: int, n: int = 5, group: str = "board") -> list[AnswerRow]:
    """n respondents who agree ``up`` (1–5) with self-steering and ``out`` with adapting."""
    rows = []
    for i in range(n):
        for item, value in (
            ("we_set_our_own_agenda", up),
            ("targets_drive_us", 6 - up),
            ("we_adapt_to_outside", out),
            ("procedures_come_first", 6 - out),
        ):
            rows.append(AnswerRow(f"r{group}{i}", "org", "public", group, item, float(value)))
    return rows


@pytest.mark.parametrize(
    ("up", "out", "expected"),
    [
        (5, 1, "sustainability"),
        (5, 5, "flexibility"),
        (1, 5, "pragmatism"),
        (1, 1, "accountability"),
    ],
)
def test_every_quadrant_is_reachable(up, out, expected):
    result = dynamics.compute(round_of(up, out), TAGS, k=5, seed=1)
    assert result.overall.quadrant == expected
    assert sum(result.overall.pulls.values()) == pytest.approx(1.0)
    assert max(result.overall.pulls, key=result.overall.pulls.get) == expected
    assert result.overall.profile == dynamics.PROFILE[expected]


def test_reversed_items_and_scale():
    result = dynamics.compute(round_of(4, 2), TAGS, k=5)
    assert result.overall.x == pytest.approx(-0.5)
    assert result.overall.y == pytest.approx(0.5)


def test_small_groups_are_withheld_and_the_interval_is_seeded():
    # Board joins so that the residents' 2 are hidden with 5 others (issue 16: with
    # officers and residents alone, officers would have to go too).
    rows = round_of(4, 2, n=5, group="officers") + round_of(2, 4, n=2, group="residents")
    rows += round_of(3, 3, n=5, group="board")
    a = dynamics.compute(rows, TAGS, k=5, seed=7)
    b = dynamics.compute(rows, TAGS, k=5, seed=7)
    assert a.overall.x_ci == b.overall.x_ci
    assert a.overall.x_ci[0] <= a.overall.x <= a.overall.x_ci[1]
    groups = {g.label: g for g in a.groups}
    assert groups["officers"].quadrant == "sustainability"
    assert groups["residents"].suppressed
    assert groups["residents"].x is None
    assert "residents" in dynamics.explain(a)


def test_pull_items_override_the_position():
    tags = {**TAGS, "capacity": ["pull:sustainability"], "deadlines": ["pull:pragmatism"]}
    tags |= {"formal": ["pull:accountability"], "fluid": ["pull:flexibility"]}
    rows = round_of(4, 4)
    for i in range(5):
        for item, v in (("capacity", 5), ("deadlines", 1), ("formal", 1), ("fluid", 1)):
            rows.append(AnswerRow(f"rboard{i}", "org", "public", "board", item, float(v)))
    result = dynamics.compute(rows, tags, k=5)
    assert result.overall.pull_source == "pull items"
    assert result.overall.pulls["sustainability"] == pytest.approx(1.0)


def test_whole_round_below_k_is_withheld():
    result = dynamics.compute(round_of(5, 5, n=3), TAGS, k=5)
    assert result.overall.suppressed
    assert result.overall.quadrant is None
    assert "withheld" in dynamics.explain(result)


def rounds(*positions):
    return [
        dynamics.compute(round_of(up, out), TAGS, k=5, round_label=f"round {i + 1}")
        for i, (up, out) in enumerate(positions)
    ]


CAPACITY = "Build the community's own capacity to keep people well at home."


def test_purpose_drift_fires_when_a_capacity_partnership_turns_pragmatic():
    path = drift.compute(
        rounds((5, 2), (2, 4)), purpose_kind="outcome", purpose=CAPACITY, stage="renewing"
    )
    assert path.expected_pull == "sustainability"
    assert [a.rule for a in path.alerts] == ["purpose", "life_cycle"]
    assert "sustainability" in path.alerts[0].message
    assert path.steps[0].dy < 0


def test_purpose_drift_does_not_fire_for_a_small_move_or_a_move_towards():
    small = drift.compute(
        rounds((5, 2), (5, 2)), purpose_kind="outcome", purpose=CAPACITY, stage="forming"
    )
    towards = drift.compute(
        rounds((2, 4), (5, 2)), purpose_kind="outcome", purpose=CAPACITY, stage="forming"
    )
    assert small.alerts == ()
    assert towards.alerts == ()


def test_expected_pull_table():
    assert drift.expected_pull("outcome", "Cut crime and reoffending.")[0] == "pragmatism"
    assert drift.expected_pull("process", "Agree one plan.")[0] == "accountability"
    assert drift.expected_pull("experimental", "Try new things.")[0] == "flexibility"
    assert drift.expected_pull("outcome", "x", ["Empower residents"])[0] == "sustainability"


@pytest.mark.parametrize(
    ("stage", "position", "fires"),
    [
        ("forming", (5, 2), False),
        ("forming", (1, 5), True),
        ("formalised", (1, 1), False),
        ("formalised", (5, 5), True),
        ("delivering", (1, 5), False),
        ("delivering", (5, 1), True),
        ("renewing", (5, 5), False),
    ],
)
def test_life_cycle_rule(stage, position, fires):
    path = drift.compute(rounds(position), purpose_kind="outcome", purpose="", stage=stage)
    assert any(a.rule == "life_cycle" for a in path.alerts) is fires


def test_context_pressure_fires_only_with_signals_and_a_downward_move():
    down = rounds((5, 5), (2, 5))
    money = drift.Pressure(expiring_money=250_000, expiring_what=("winter pressures grant",))
    fired = drift.compute(
        down, purpose_kind="experimental", purpose="", stage="delivering", pressure=money
    )
    assert [a.rule for a in fired.alerts if a.rule == "context"] == ["context"]
    assert "winter pressures grant" in drift.explain(fired)
    quiet = drift.compute(down, purpose_kind="experimental", purpose="", stage="delivering")
    assert not [a for a in quiet.alerts if a.rule == "context"]
    up = drift.compute(
        rounds((2, 5), (5, 5)),
        purpose_kind="experimental",
        purpose="",
        stage="delivering",
        pressure=drift.Pressure(new_targets=("delayed discharges",)),
    )
    assert not [a for a in up.alerts if a.rule == "context"]


def test_withheld_rounds_are_skipped_from_the_path():
    few = dynamics.compute(round_of(5, 5, n=2), TAGS, k=5, round_label="spring")
    path = drift.compute([few], purpose_kind="outcome", purpose="", stage="forming")
    assert path.points == ()
    assert "spring" in path.skipped[0]
    assert "no path" in drift.explain(path)


def test_the_plane_draws_the_path_with_arrowheads_and_quadrant_labels():
    from joinedup.diagnoses.charts import path_points, plane_svg

    path = rounds((5, 2), (2, 4))
    points = path_points(path)
    assert [p["shape"] for p in points] == ["circle", "triangle-up"]
    # from (-0.5, +1) to (+0.5, -0.5): down and to the right, so between 90° and 180°
    assert 90 < points[1]["angle"] < 180
    svg = plane_svg(path)
    for label in ("towards sustainability", "towards pragmatism", "round 1", "round 2"):
        assert label in svg
