"""The demo's data files: each table loads into the typed values the steps use, and
the keys that tie the tables together all resolve."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from decimal import Decimal

import pytest
import yaml

from joinedup.context.models import MeasureKind, Source
from joinedup.demo import _tables as t
from joinedup.registry.models import Role, Sector


def test_every_data_file_parses_to_a_mapping_of_tables() -> None:
    found = sorted(p.name for p in t.DATA.iterdir() if p.name.endswith(".yaml"))
    assert found == sorted(f"{name}.yaml" for name in t.FILES)
    for name in t.FILES:
        assert isinstance(t.read(name), dict)
        assert t.read(name)


def test_rows_carry_their_types() -> None:
    orgs = t.organisations()
    assert all(isinstance(o.sector, Sector) for o in orgs)
    members = [m for p in t.partnerships() for m in p.members]
    assert all(isinstance(m.role, Role) and isinstance(m.joined, dt.date) for m in members)
    assert all(isinstance(f.source, Source) and isinstance(f.amount, str) for f in t.funding())
    assert all(isinstance(m.kind, MeasureKind) for m in t.measures())
    amounts = [e.amount for e in t.sharing() if e.amount is not None]
    assert amounts
    assert all(isinstance(a, Decimal) for a in amounts)
    assert all(isinstance(e.organisations, tuple) for e in t.sharing())
    plan = next(p for p in t.plans() if p.feedback)
    said, _did, published = plan.feedback[0]
    assert isinstance(said, str)
    assert isinstance(published, dt.date)


def test_rows_are_tuples_that_unpack_as_the_steps_unpack_them() -> None:
    key, _name, sector, _tier, parent = t.organisations()[0]
    assert (key, parent) == ("council", "county")
    assert sector == "public"
    assert t.organisations()[1].parent is None  # left out in the file
    partnership, _kind, _text, orgs, amount, unit, _start, end = t.sharing()[0]
    assert (partnership, orgs, amount, unit, end) == (
        "csp",
        ("police", "council"),
        None,
        "",
        dt.date(2023, 3, 31),
    )


def test_dates_run_forwards() -> None:
    for plan in t.plans():
        assert plan.start <= plan.end
        assert plan.due is None or plan.due >= plan.end
    for p in t.partnerships():
        for m in p.members:
            assert p.start <= m.joined
            assert m.left is None or m.joined < m.left
    for f in t.funding():
        assert f.end is None or f.start < f.end
    for wave in t.panel_waves():
        assert wave.start < wave.end
    for seat in t.seats():
        assert seat.reports == sorted(seat.reports)
        assert seat.term_start < seat.term_end


def test_keys_between_tables_resolve() -> None:
    orgs = {o.key for o in t.organisations()}
    partnerships = {p.key for p in t.partnerships()}
    decisions = {d.key for d in t.decisions()}
    assert {o.parent for o in t.organisations()} - {None} <= orgs
    assert {p.lead for p in t.partnerships()} <= orgs
    assert {m.organisation for p in t.partnerships() for m in p.members} <= orgs
    assert {f.provider for f in t.funding()} - {None} <= orgs
    assert {m.owner for m in t.measures()} - {None} <= orgs
    assert {o for e in t.sharing() for o in e.organisations} <= orgs
    assert {s.organisation for s in t.seats()} <= orgs
    assert set(t.context_profiles()) == partnerships
    assert {key for key, _year in t.survey_profiles()} == partnerships
    for plan in t.plans():
        assert plan.owner in partnerships
        assert set(plan.joint) <= partnerships
        assert {d for _said, d, _kind in plan.inputs} - {""} <= decisions


def test_population_has_one_count_per_area() -> None:
    areas = t.areas()
    assert len(areas) == 4
    for groups in t.population().values():
        assert all(len(counts) == len(areas) for counts in groups.values())


def test_survey_profiles_start_from_the_base_themes() -> None:
    base = t.base_themes()
    raw = t.read("surveys")["profiles"]
    for (key, year), profile in t.survey_profiles().items():
        assert list(profile.themes) == list(base)  # every dimension, in the base order
        for theme, mean in profile.themes.items():
            assert mean == raw[key][year]["themes"].get(theme, base[theme])
        assert sum(w for _kind, w in profile.purpose_kind) == pytest.approx(1.0)
        assert {theme for theme, _sector in profile.sector_shift} <= set(base)


def test_tables_round_trip_through_yaml() -> None:
    """Writing a table back out and reading it again gives the same table."""
    for name in t.FILES:
        table = t.read(name)
        assert yaml.safe_load(yaml.safe_dump(table, allow_unicode=True)) == table


def test_plan_fields_match_the_file() -> None:
    names = {f.name for f in fields(t.Plan)}
    for row in t.read("participation")["plans"]:
        assert set(row) <= names


def test_a_misnamed_column_fails_when_the_row_is_built() -> None:
    row = {**t.read("context")["targets"][0], "set_on": dt.date(2024, 1, 1)}
    with pytest.raises(TypeError):
        t.Target(**row)
