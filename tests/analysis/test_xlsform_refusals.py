"""XLSForm import refuses what joinedup cannot honour, naming sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from joinedup.analysis.instruments import InstrumentError
from joinedup.analysis.xlsform import load_xlsform

from .xlsform_tables import Table, write_form

YES_NO: Table = [("list_name", "name", "label"), ("yn", "yes", "Yes"), ("yn", "no", "No")]


def refusal(path: Path) -> list[tuple[str, str, int | None, str]]:
    with pytest.raises(InstrumentError) as info:
        load_xlsform(path)
    for problem in info.value.problems:
        assert problem.file == path.name
        assert problem.hint
    return [(p.code, p.sheet, p.row, p.column) for p in info.value.problems]


def test_every_problem_is_listed_with_row_and_column(tmp_path: Path) -> None:
    survey = [
        ("type", "name", "label", "relevant", "constraint"),
        ("select_one yn", "member", "Are you a member?"),
        ("text", "why", "Why not?", "${member} = 'no'"),
        ("integer", "age", "Your age", None, ". < 120"),
        ("geopoint", "where", "Where are you?"),
        ("select_one yn or_other", "agree", "Do you agree?"),
        ("select_one colours", "colour", "Favourite colour"),
        ("text", "why", "Why?"),
        ("text", "2nd", "Second thoughts"),
        ("text", "blank_label"),
        ("calculate", "score"),
        ("text", "later", "Later", "${membr} = 'no'", "foo(.)"),
    ]
    found = refusal(write_form(tmp_path / "member.xlsx", survey, YES_NO))
    assert found == [
        ("xlsform.unsupported-type", "survey", 5, "type [A]"),
        ("xlsform.unknown-list", "survey", 7, "type [A]"),
        ("xlsform.duplicate-name", "survey", 8, "name [B]"),
        ("xlsform.bad-name", "survey", 9, "name [B]"),
        ("xlsform.missing-label", "survey", 10, "label [C]"),
        ("xlsform.invalid-question", "survey", 11, ""),  # a calculate with no calculation
        ("xlsform.bad-expression", "survey", 12, "relevant [D]"),  # no question ${membr}
        ("xlsform.bad-expression", "survey", 12, "constraint [E]"),  # no function foo()
    ]


def test_repeats_are_refused_and_groups_must_pair(tmp_path: Path) -> None:
    survey = [
        ("type", "name", "label"),
        ("begin group", "about", "About you"),
        ("begin group", "inner", "More about you"),
        ("text", "name_of_org", "Organisation"),
        ("end group",),
        ("end group",),
        ("begin repeat", "children", "Each child"),
        ("integer", "child_age", "Age"),
        ("end repeat",),
        ("end group",),
        ("begin group", "open", "Never closed"),
    ]
    assert refusal(write_form(tmp_path / "r.xlsx", survey)) == [
        ("xlsform.repeat", "survey", 7, "type [A]"),
        ("xlsform.unbalanced-group", "survey", 10, "type [A]"),
        ("xlsform.unbalanced-group", "survey", 11, "type [A]"),
    ]


def test_duplicate_columns_and_choice_problems(tmp_path: Path) -> None:
    survey = [("type", "name", "label", "label"), ("select_one yn", "ok", "OK?", "OK?")]
    choices = [
        ("list_name", "name", "label", "filter"),
        ("yn", "yes", "Yes", "a"),
        ("yn", "yes", "Yes again"),
        ("yn", "no", None),
        (None, "maybe", "Maybe"),
    ]
    assert refusal(write_form(tmp_path / "d.xlsx", survey, choices)) == [
        ("xlsform.duplicate-column", "survey", 1, "label [D]"),
        ("xlsform.duplicate-choice", "choices", 3, "name [B]"),
        ("xlsform.missing-label", "choices", 4, "label [C]"),
        ("xlsform.missing-list-name", "choices", 5, "list_name [A]"),
    ]


def test_conditional_required_and_odd_appearance_are_refused(tmp_path: Path) -> None:
    survey = [
        ("type", "name", "label", "required", "appearance"),
        ("text", "a", "A", "${b} = 'yes'"),
        ("text", "b", "B", None, "autocomplete"),
        ("text", "c", "C", "TRUE", "multiline"),  # a phone-only appearance: a warning
    ]
    assert refusal(write_form(tmp_path / "q.xlsx", survey)) == [
        ("xlsform.bad-flag", "survey", 2, "required [D]"),
        ("xlsform.unsupported-appearance", "survey", 3, "appearance [E]"),
    ]


def test_settings_problems(tmp_path: Path) -> None:
    survey = [("type", "name", "label"), ("text", "a", "A")]
    settings = [("form_id", "add_none_option", "joinedup::kind"), ("my form", "yes", "web")]
    assert refusal(write_form(tmp_path / "s.xlsx", survey, None, settings)) == [
        ("xlsform.bad-form-id", "settings", 2, "form_id [A]"),
        ("xlsform.unsupported-setting", "settings", 2, "add_none_option [B]"),
        ("xlsform.bad-kind", "settings", 2, "joinedup::kind [C]"),
    ]


def test_missing_survey_sheet_and_columns(tmp_path: Path) -> None:
    no_survey = write_form(tmp_path / "none.xlsx", None, YES_NO)
    assert refusal(no_survey) == [("xlsform.missing-sheet", "", None, "")]
    no_columns = write_form(tmp_path / "cols.xlsx", [("kind", "label"), ("text", "A")])
    assert refusal(no_columns) == [
        ("xlsform.missing-column", "survey", 1, ""),
        ("xlsform.missing-column", "survey", 1, ""),
    ]


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "minutes.xlsx"
    fake.write_text("Minutes of the board meeting\n")
    assert refusal(fake)[0][0] == "xlsform.unreadable"
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert refusal(old) == [("xlsform.old-excel-format", "", None, "")]
    assert refusal(tmp_path / "missing.xlsx")[0][0] == "xlsform.unreadable"


def test_pyxform_errors_are_converted(tmp_path: Path) -> None:
    survey = [("type", "name", "label"), ("text", "meta", "A name pyxform reserves")]
    found = refusal(write_form(tmp_path / "p.xlsx", survey))
    assert found == [("xlsform.pyxform", "survey", 2, "name")]


def test_the_message_reads_well(tmp_path: Path) -> None:
    survey = [("type", "name", "label", "relevant"), ("text", "a", "A", "${b} > 2")]
    with pytest.raises(InstrumentError) as info:
        load_xlsform(write_form(tmp_path / "skip.xlsx", survey))
    assert str(info.value) == (
        "[xlsform.bad-expression] skip.xlsx, survey, row 2, column relevant [D]: "
        "'${b} > 2': it refers to ${b}, not a question here (joinedup evaluates XPath with "
        "ODK's functions (selected, count-selected, if, coalesce, regex, today, "
        "jr:choice-name...); check the spelling and the ${names})"
    )
