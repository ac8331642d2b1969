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
        # curly quotes are not XPath: the expression is refused at its cell
        ("xlsform.bad-expression", "survey", 9, "relevant [H]"),
        ("xlsform.list-file", "survey", 16, "type [A]"),  # the CSV list is not with the form
        ("xlsform.unsupported-type", "survey", 22, "type [A]"),  # geopoint
        ("xlsform.unsupported-type", "survey", 23, "type [A]"),  # image
        ("xlsform.repeat", "survey", 32, "type [A]"),
        ("xlsform.bad-flag", "survey", 49, "required [G]"),  # a condition in required
    ],
    "duplicate_columns.xlsx": [
        ("xlsform.duplicate-column", "survey", 1, "label [E]"),
        ("xlsform.bad-form-id", "settings", 2, "form_id [B]"),
        ("xlsform.media", "survey", 9, "image [Q]"),
        ("xlsform.media", "survey", 9, "media::video [U]"),
        ("xlsform.repeat", "survey", 16, "type [A]"),
        ("xlsform.nested-group", "survey", 17, "type [A]"),
    ],
    "loop.xlsx": [("xlsform.repeat", "survey", 3, "type [A]")],
    "xlsform_spec_test.xlsx": [
        ("xlsform.unsupported-column", "survey", 4, "rows [C]"),
        ("xlsform.repeat", "survey", 15, "type [A]"),
        ("xlsform.nested-group", "survey", 16, "type [A]"),
        ("xlsform.unsupported-appearance", "survey", 11, "appearance [L]"),
        ("xlsform.media", "choices", 4, "image [D]"),
        ("xlsform.media", "survey", 9, "audio [T]"),
    ],
}
IMPORTED = [
    "choice_filter_test.xlsx",
    "field-list.xlsx",
    "group.xlsx",
    "or_other.xlsx",
    "text_and_integer.xlsx",
    "yes_or_no_question.xlsx",
]


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


def test_at_least_five_fixtures_import() -> None:
    for name in IMPORTED:
        load_xlsform(FIXTURES / name)
    assert len(IMPORTED) >= 5


def test_choice_filter_imports_with_duplicates_allowed() -> None:
    form = load_xlsform(FIXTURES / "choice_filter_test.xlsx")
    assert form.item("county").choice_filter == "${state}=cf"
    kings = [c for c in form.choices["counties"] if c.value == "king"]
    assert [c.properties["cf"] for c in kings] == ["washington", "texas"]


def test_or_other_gains_its_text_question() -> None:
    form = load_xlsform(FIXTURES / "or_other.xlsx")
    colour = form.item("fav_color")
    assert colour.or_other
    assert form.choices[colour.choices or ""][-1].value == "other"
    other = form.item("fav_color_other")
    assert other.type == ItemType.TEXT
    assert other.relevant == "selected(${fav_color}, 'other')"
    assert form.item("fav_pastel").choice_filter == "pastel=yes"


def test_phone_number_is_text_with_its_check() -> None:
    form = load_xlsform(FIXTURES / "group.xlsx")
    phone = form.item("phone_number")
    assert phone.type == ItemType.TEXT
    assert phone.constraint == r"regex(., '^\d*$')"
    assert [d.name for d in form.dimensions] == ["group", "father"]
