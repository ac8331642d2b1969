"""XLSForm logic at import: what is kept, what is refused cell by cell, what is
only warned about, list files beside the form, and the export back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from joinedup.analysis.formlogic import Environment
from joinedup.analysis.formstate import accepts, choices_for, environment, form_state
from joinedup.analysis.instruments import (
    InstrumentError,
    ItemType,
    dump_instrument_yaml,
    parse_instrument,
)
from joinedup.analysis.xlsform import export_xlsform, load_xlsform
from joinedup.analysis.xlsform.reader import read_xlsform

from .partnership_form import SURVEY, write_partnership_form
from .xlsform_tables import write_form

ENV = Environment(now=dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC))


@pytest.fixture
def pulse(tmp_path: Path):
    return load_xlsform(write_partnership_form(tmp_path))


def test_the_pulse_form_keeps_its_logic(pulse) -> None:
    assert [d.name for d in pulse.dimensions] == ["about", "working", "close"]
    assert pulse.item("area_name").type == ItemType.CALCULATE
    assert pulse.item("working_note").type == ItemType.NOTE
    assert pulse.item("joined").type == ItemType.DATE
    assert pulse.item("meeting_time").type == ItemType.TIME
    meetings = pulse.item("meetings_n")
    assert meetings.relevant == "${met} = 'yes'"  # the inner group's condition
    assert meetings.section == {"en": "About the meetings"}
    assert meetings.constraint_message == {"en": "Please give a number from 1 to 52."}
    assert pulse.item("trust").required_message == {"en": "Please tell us how far you agree."}
    confidence = pulse.item("confidence")
    assert (confidence.default, confidence.range.end if confidence.range else None) == ("5", 10)
    assert [c.value for c in pulse.choices["sectors_csv"]] == ["public", "voluntary", "private"]
    assert pulse.answerable_items()[0].name == "sector"
    assert [i.name for i in pulse.scored_items()] == ["trust", "shared_aims", "meetings_useful"]


def test_state_relevance_calculation_checks_and_filter(pulse) -> None:
    answers = {"area": "south", "met": "no", "joined": "2030-01-01"}
    env = environment(pulse, "en", ENV.now)
    state = form_state(pulse, answers, env)
    assert not state.asked("meetings_n")
    assert state.asked("ward")
    assert state.values["area_name"] == "South Kestermouth"
    assert not accepts(pulse, pulse.item("joined"), "2030-01-01", state, env)
    assert accepts(pulse, pulse.item("joined"), "2019-01-01", state, env)
    wards = choices_for(pulse, pulse.item("ward"), state, env)
    assert [c.value for c in wards] == ["harbour", "old_town"]
    assert not form_state(pulse, {}, ENV).asked("ward")


def test_yaml_round_trip_keeps_the_logic(pulse) -> None:
    import yaml

    again = parse_instrument(yaml.safe_load(dump_instrument_yaml(pulse)))
    assert again == pulse


def test_xlsform_export_reads_back_the_same(pulse, tmp_path: Path) -> None:
    export_xlsform(pulse, tmp_path / "out.xlsx")
    again = load_xlsform(tmp_path / "out.xlsx")
    assert again.choices == pulse.choices
    assert again.scales == pulse.scales
    for item in pulse.items():
        # or_other comes back as pyxform expands it: the list with "other", and its text
        assert again.item(item.name) == item.model_copy(update={"or_other": False})


def test_list_file_missing_or_given(tmp_path: Path) -> None:
    survey = [("type", "name", "label"), ("select_one_from_file orgs.csv", "org", "Which?")]
    path = write_form(tmp_path / "f.xlsx", survey)
    with pytest.raises(InstrumentError) as info:
        load_xlsform(path)
    assert [(p.code, p.row, p.column) for p in info.value.problems] == [
        ("xlsform.list-file", 2, "type [A]")
    ]
    elsewhere = tmp_path / "lists"
    elsewhere.mkdir()
    xml = "<root><item><name>a</name><label>Alpha</label></item></root>"
    (elsewhere / "orgs.xml").write_text(xml)
    survey = [("type", "name", "label"), ("select_multiple_from_file orgs.xml", "org", "Which?")]
    form = load_xlsform(
        write_form(tmp_path / "g.xlsx", survey), files={"orgs.xml": elsewhere / "orgs.xml"}
    )
    assert form.item("org").type == ItemType.MULTIPLE
    assert form.choices["orgs_xml"][0].label == {"en": "Alpha"}


def test_media_refused_per_cell_phone_only_warned(tmp_path: Path) -> None:
    survey = [
        ("type", "name", "label", "media::image", "buttonText", "appearance"),
        ("text", "a", "A", "logo.png"),
        ("text", "b", "B", None, "Scan"),
        ("text", "c", "C", None, None, "ex:org.example.scanner"),
    ]
    with pytest.raises(InstrumentError) as info:
        load_xlsform(write_form(tmp_path / "m.xlsx", survey))
    assert [(p.code, p.row, p.column) for p in info.value.problems] == [
        ("xlsform.media", 2, "media::image [D]")
    ]
    kept = [(*row[:3], None, *row[4:]) for row in survey]
    result = read_xlsform(write_form(tmp_path / "w.xlsx", kept))
    assert [(p.code, p.row, p.column) for p in result.warnings] == [
        ("xlsform.phone-only", 3, "buttonText [E]"),
        ("xlsform.phone-only", 4, "appearance [F]"),
    ]


def test_every_expression_cell_is_checked(tmp_path: Path) -> None:
    rows = [tuple(SURVEY[0])]
    rows += [("integer", "n", "N", None, None, "${m} > 1", "coalesce(.)")]
    with pytest.raises(InstrumentError) as info:
        load_xlsform(write_form(tmp_path / "x.xlsx", rows))
    found = [(p.code, p.row, p.column) for p in info.value.problems]
    assert found == [
        ("xlsform.bad-expression", 2, "relevant [F]"),
        ("xlsform.bad-expression", 2, "constraint [G]"),
    ]
