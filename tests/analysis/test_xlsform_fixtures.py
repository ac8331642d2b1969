"""Real XLSForms from the pyxform test suite: each imports, or is refused with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from joinedup.analysis.instruments import InstrumentError, ItemType
from joinedup.analysis.xlsform import load_xlsform

FIXTURES = Path("/work/shared/fixtures/xlsforms")
pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared fixtures not present")

# file → problems that must be among those reported, as (code, sheet, row, column)
REFUSED = {
    "UCL_Biomass_Plot_Form.xlsx": [
        ("xlsform.unsupported-column", "survey", 9, "relevant [H]"),
        ("xlsform.unsupported-column", "survey", 10, "constraint [I]"),
        ("xlsform.unsupported-type", "survey", 16, "type [A]"),  # select_one_from_file
        ("xlsform.unsupported-column", "survey", 17, "choice_filter [L]"),
        ("xlsform.unsupported-type", "survey", 22, "type [A]"),  # geopoint
        ("xlsform.unsupported-type", "survey", 23, "type [A]"),  # image
        ("xlsform.unsupported-column", "survey", 26, "calculation [N]"),
        ("xlsform.repeat", "survey", 32, "type [A]"),
        ("xlsform.bad-flag", "survey", 49, "required [G]"),
    ],
    "choice_filter_test.xlsx": [
        ("xlsform.unsupported-setting", "settings", 2, "allow_choice_duplicates [C]"),
        ("xlsform.unsupported-column", "choices", 4, "cf [D]"),
        ("xlsform.duplicate-choice", "choices", 6, "name [B]"),
        ("xlsform.unsupported-column", "survey", 3, "choice_filter [D]"),
        ("xlsform.unsupported-column", "survey", 4, "choice_filter [D]"),
    ],
    "duplicate_columns.xlsx": [
        ("xlsform.duplicate-column", "survey", 1, "label [E]"),
        ("xlsform.bad-form-id", "settings", 2, "form_id [B]"),
        ("xlsform.unsupported-column", "survey", 3, "relevant [L]"),
        ("xlsform.repeat", "survey", 16, "type [A]"),
        ("xlsform.nested-group", "survey", 17, "type [A]"),
    ],
    "group.xlsx": [("xlsform.unsupported-type", "survey", 4, "type [A]")],  # phone number
    "loop.xlsx": [
        ("xlsform.or-other", "survey", 2, "type [A]"),
        ("xlsform.repeat", "survey", 3, "type [A]"),
    ],
    "or_other.xlsx": [
        ("xlsform.or-other", "survey", 2, "type [A]"),
        ("xlsform.unsupported-column", "survey", 3, "choice_filter [D]"),
        ("xlsform.unsupported-column", "choices", 2, "pastel [D]"),
    ],
    "xlsform_spec_test.xlsx": [
        ("xlsform.unsupported-column", "survey", 4, "rows [C]"),
        ("xlsform.repeat", "survey", 15, "type [A]"),
        ("xlsform.nested-group", "survey", 16, "type [A]"),
        ("xlsform.unsupported-appearance", "survey", 11, "appearance [L]"),
        ("xlsform.unsupported-column", "choices", 4, "image [D]"),
    ],
}
IMPORTED = ["field-list.xlsx", "text_and_integer.xlsx", "yes_or_no_question.xlsx"]


def test_every_fixture_is_classified() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.xlsx")) == sorted([*REFUSED, *IMPORTED])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_sheet_row_and_column(name: str) -> None:
    with pytest.raises(InstrumentError) as info:
        load_xlsform(FIXTURES / name)
    found = {(p.code, p.sheet, p.row, p.column) for p in info.value.problems}
    assert set(REFUSED[name]) <= found
    assert all(p.file == name and p.row and p.sheet and p.column for p in info.value.problems)


def test_field_list_imports() -> None:
    form = load_xlsform(FIXTURES / "field-list.xlsx")
    assert form.id == "field-list"
    assert [d.name for d in form.dimensions] == ["name"]
    item = form.item("table_list_question")
    assert item.type == ItemType.SINGLE
    assert item.label == {"en": "table list question"}
    assert form.choices["yes_no"][0].label == {"en": "Yes", "chinese": "是"}
    assert form.languages == ["en", "chinese"]


def test_text_and_integer_imports() -> None:
    form = load_xlsform(FIXTURES / "text_and_integer.xlsx")
    assert [(i.name, i.type) for i in form.items()] == [
        ("your_name", ItemType.TEXT),
        ("your_age", ItemType.INTEGER),
    ]
    assert [d.name for d in form.dimensions] == ["text_and_integer"]


def test_yes_or_no_question_imports() -> None:
    form = load_xlsform(FIXTURES / "yes_or_no_question.xlsx")
    item = form.item("good_day")
    assert item.type == ItemType.SINGLE
    assert [c.value for c in form.choices["yes_or_no"]] == ["yes", "no"]
