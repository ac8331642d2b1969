"""The pure checks (who governs) and readings (who is left out), on small inline cases."""

from __future__ import annotations

import datetime as dt

from joinedup.analysis import governance as gov
from joinedup.analysis import left_out as lo

D = dt.date


def _status(result: gov.Governance) -> dict[str, str]:
    return {c.key: c.status for c in result.checks}


def test_empty_registers_neither_pass_nor_fail():
    result = gov.compute([], [], {"1"}, None)
    assert set(_status(result).values()) == {gov.UNKNOWN}
    assert result.gaps == []
    assert "Nothing is recorded" in gov.explain(result)


def test_each_gap_is_flagged_with_its_reason():
    rights = [
        gov.Right("Annual priorities", "board"),
        gov.Right("Closing a day centre", ""),
        gov.Right("GP contracts", "parent", "9", "Regional NHS office"),
    ]
    lines = [gov.Line("parent_body", "reports"), gov.Line("regulator", "reports")]
    result = gov.compute(rights, lines, {"1", "2"}, True)
    assert _status(result) == {
        "public_route": "gap",
        "minutes": "gap",
        "owners": "gap",
        "members_own": "gap",
        "spending": "gap",
    }
    text = {c.key: c.sentence for c in result.checks}
    assert "Closing a day centre" in text["owners"]
    assert "GP contracts (Regional NHS office)" in text["members_own"]
    assert all(c.reason and c.principle for c in result.checks)


def test_a_well_governed_partnership_passes_every_check():
    rights = [
        gov.Right("Pooled budget", "sign_off", "2", "County"),
        gov.Right("Grants", "delegated"),
    ]
    lines = [
        gov.Line("public", "minutes"),
        gov.Line("elected_body", "scrutiny", "Scrutiny committee", covers_spending=True),
    ]
    result = gov.compute(rights, lines, {"1", "2"}, True)
    assert set(_status(result).values()) == {gov.OK}
    assert "no gap" in gov.explain(result)


def test_an_open_annual_meeting_is_a_public_route_but_not_published_minutes():
    result = gov.compute([], [gov.Line("parent_body", "annual_meeting")], set(), False)
    assert _status(result)["public_route"] == "ok"
    assert _status(result)["minutes"] == "gap"
    assert _status(result)["spending"] == "ok"  # no money of its own


def test_departures_leave_out_organisations_that_rejoined():
    history = [
        lo.Member("1", "Voluntary Service", "voluntary", D(2022, 1, 1), D(2024, 3, 31), "Role"),
        lo.Member("1", "Voluntary Service", "voluntary", D(2024, 4, 1)),
        lo.Member("2", "Food Bank", "voluntary", D(2022, 1, 1), D(2023, 3, 31), "No time"),
        lo.Member("3", "Later", "private", D(2022, 1, 1), D(2030, 1, 1)),
    ]
    gone = lo.departures(history, D(2026, 1, 1))
    assert [(d.name, d.reason) for d in gone] == [("Food Bank", "No time")]


def test_groups_are_at_the_table_by_sector_name_or_seat():
    current = [
        lo.Member("1", "Carers' Circle", "community", D(2020, 1, 1)),
        lo.Member("2", "Care Homes Ltd", "private", D(2020, 1, 1)),
    ]
    seats = [lo.Seat("Ann", "Older people in the Vale", "1")]
    groups = [
        lo.Group("carers"),
        lo.Group("Providers", "private"),
        lo.Group("older people"),
        lo.Group("Housing providers"),
    ]
    present, absent = lo.at_table(groups, current, seats)
    assert present == ["carers", "Providers", "older people"]
    assert absent == ["Housing providers"]


def _history():
    return [
        lo.Member("1", "Council", "public", D(2020, 1, 1)),
        lo.Member("2", "Health", "public", D(2020, 1, 1)),
        lo.Member("3", "Residents", "community", D(2020, 1, 1)),
        lo.Member("4", "Charity", "voluntary", D(2020, 1, 1)),
    ]


def test_seats_against_influence_names_why_community_seats_weigh_less():
    seats = [lo.Seat("Ann", "Residents", "3"), lo.Seat("Bo", "Charities", "4")]
    positions = {"1": (3.0, 0.5), "2": (3.0, 0.3), "3": (1.0, 0.0), "4": (2.0, 0.1)}
    r = lo.compute(_history(), D(2026, 1, 1), [], seats, positions, {"1": 2}, {}, "spring 2026")
    assert r.community.seats == 2
    assert r.statutory.seats == 0
    assert r.community.mean_degree == 1.5
    assert r.statutory.mean_degree == 3.0
    assert r.weaker is True
    assert len(r.why) == 3  # degree, betweenness, no decision area
    assert "In the spring 2026 network" in r.sentences["influence"]
    assert "carry less weight" in r.sentences["influence"]


def test_comparable_influence_is_said_and_no_round_is_said():
    positions = {"1": (2.0, 0.2), "2": (2.0, 0.2), "3": (2.0, 0.2), "4": (2.0, 0.2)}
    r = lo.compute(_history(), D(2026, 1, 1), [], [], positions, {"1": 1, "3": 1}, {})
    assert r.weaker is False
    assert "comparable" in r.sentences["influence"]
    none = lo.compute(_history(), D(2026, 1, 1), [], [], None, {}, {})
    assert none.weaker is None
    assert "No network round" in none.sentences["influence"]


def test_the_same_few_people_from_three_partnerships_up():
    people = {"Ann": {"A", "B", "C"}, "Bo": {"A", "B"}}
    r = lo.compute(_history(), D(2026, 1, 1), [lo.Group("x")], [], None, {}, people)
    assert [p.name for p in r.many_boards] == ["Ann"]
    assert r.sentences["people"] == "Ann sits on 3 partnerships (A, B, C)."
    assert r.sentences["table"] == "Named in its purpose but not at the table: x."
