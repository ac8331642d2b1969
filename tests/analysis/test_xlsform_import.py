"""XLSForm import: what becomes what, and how refusals read."""

from __future__ import annotations

from pathlib import Path

import pytest

from joinedup.analysis.forms import load_form
from joinedup.analysis.instruments import InstrumentError, ItemType
from joinedup.analysis.xlsform import load_xlsform
from joinedup.analysis.xlsform.choices import is_dont_know

from .xlsform_tables import Table, write_form

SURVEY: Table = [
    (
        "type",
        "name",
        "label::English (en)",
        "label::Cymraeg (cy)",
        "hint::English (en)",
        "required",
    ),
    ("start", "started"),
    ("begin group", "trust", "Trust between partners", "Ymddiriedaeth"),
    (
        "select_one agree",
        "keeps_word",
        "Partners keep their word",
        "Mae partneriaid yn cadw eu gair",
        "Think of the last year",
        "yes",
    ),
    ("select_one sector", "main_sector", "Which sector do you work in?"),
    ("select_multiple sector", "sectors_met", "Which sectors did you meet this year?"),
    ("end group",),
    ("note", "thanks", "Thank you. A few last questions."),
    ("text", "comments", "Anything else you want to tell us?"),
    ("integer", "years", "How many years have you been a member?"),
    ("decimal", "hours", "Hours a month you spend on partnership work"),
    ("end", "ended"),
]
CHOICES: Table = [
    ("list_name", "name", "label::English (en)", "label::Cymraeg (cy)"),
    ("agree", 5, "Strongly agree", "Cytuno'n gryf"),
    ("agree", 4, "Agree", "Cytuno"),
    ("agree", 3, "Neither", None),
    ("agree", 2, "Disagree", "Anghytuno"),
    ("agree", 1, "Strongly disagree", None),
    ("agree", "dk", "Don't know", "Ddim yn gwybod"),
    ("sector", "public", "Public body"),
    ("sector", "voluntary", "Voluntary or community group"),
    ("sector", "private", "Business"),
]
SETTINGS: Table = [("form_id", "form_title", "version"), ("trust-check", "Trust check", "3")]


def codes(info: pytest.ExceptionInfo[InstrumentError]) -> list[tuple[str, str, int | None, str]]:
    return [(p.code, p.sheet, p.row, p.column) for p in info.value.problems]


def test_a_plain_form_becomes_an_instrument(tmp_path: Path) -> None:
    form = load_xlsform(write_form(tmp_path / "trust.xlsx", SURVEY, CHOICES, SETTINGS))
    assert (form.id, form.version, form.title) == ("trust-check", 3, {"en": "Trust check"})
    assert form.languages == ["en", "cy"]
    assert [d.name for d in form.dimensions] == ["trust", "trust-check"]
    assert form.dimensions[0].label == {"en": "Trust between partners", "cy": "Ymddiriedaeth"}
    assert [(i.name, i.type) for i in form.items()] == [
        ("keeps_word", ItemType.SCALE),
        ("main_sector", ItemType.SINGLE),
        ("sectors_met", ItemType.MULTIPLE),
        ("thanks", ItemType.NOTE),  # shown on its page, never answered
        ("comments", ItemType.TEXT),
        ("years", ItemType.INTEGER),
        ("hours", ItemType.DECIMAL),
    ]
    keeps_word = form.item("keeps_word")
    assert keeps_word.required
    assert keeps_word.hint == {"en": "Think of the last year"}
    assert keeps_word.label["cy"] == "Mae partneriaid yn cadw eu gair"
    agree = form.scales["agree"]
    assert [c.value for c in agree.choices] == [1, 2, 3, 4, 5]
    assert agree.choices[4].label == {"en": "Strongly agree", "cy": "Cytuno'n gryf"}
    assert agree.dont_know == {"en": "Don't know", "cy": "Ddim yn gwybod"}
    assert [c.value for c in form.choices["sector"]] == ["public", "voluntary", "private"]
    assert form.dimensions[1].label == {"en": "Trust check"}


def test_load_form_dispatches_xlsx(tmp_path: Path) -> None:
    path = write_form(tmp_path / "trust.xlsx", SURVEY, CHOICES, SETTINGS)
    assert load_form(path) == load_xlsform(path)


def test_defaults_come_from_the_file_name(tmp_path: Path) -> None:
    survey = [("type", "name", "label"), ("text", "ward", "Which ward do you live in?")]
    form = load_xlsform(write_form(tmp_path / "Ward check 2026.xlsx", survey))
    assert (form.id, form.version, form.title) == ("Ward-check-2026", 1, {"en": "Ward check 2026"})
    assert form.languages == ["en"]


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("label::English", "en"),
        ("label::Cymraeg", "cy"),
        ("label::Welsh (cy)", "cy"),
        ("label:Swahili (sw)", "sw"),
        ("label::Kiswahili", "kiswahili"),
    ],
)
def test_language_headers(tmp_path: Path, header: str, language: str) -> None:
    survey = [("type", "name", header), ("text", "ward", "Ward")]
    form = load_xlsform(write_form(tmp_path / "f.xlsx", survey))
    assert form.item("ward").label == {language: "Ward"}


def test_bare_label_takes_the_default_language(tmp_path: Path) -> None:
    survey = [("type", "name", "label", "label::English (en)"), ("text", "ward", "Ward", "Ward")]
    settings = [("default_language",), ("Cymraeg (cy)",)]
    form = load_xlsform(write_form(tmp_path / "f.xlsx", survey, None, settings))
    assert form.item("ward").label == {"cy": "Ward", "en": "Ward"}
    assert form.languages == ["cy", "en"]


@pytest.mark.parametrize(
    "name", ["dk", "DK", "dont_know", "Don't know", "don-t-know", -9, -99, -888]
)
def test_dont_know_names(name: str | int) -> None:
    assert is_dont_know(name)


@pytest.mark.parametrize("name", ["no", "none", "other", -1, -100, 0, 9, 99, -9.5])
def test_not_dont_know_names(name: str | int | float) -> None:
    assert not is_dont_know(name)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([1, 2, 3, 4], ItemType.SCALE),
        (["0", "1", "2"], ItemType.SCALE),  # numbers typed as text
        ([1, 2, 3, -99], ItemType.SCALE),  # -99 is the don't-know code
        ([1, 2, 3, "dk", -99], ItemType.SINGLE),  # two don't-knows: not a scale
        ([1, 2, 3, "other"], ItemType.SINGLE),
        ([1, "dk"], ItemType.SINGLE),  # one point is not a scale
        (["yes", "no"], ItemType.SINGLE),
    ],
)
def test_which_lists_are_scales(tmp_path: Path, names: list[object], expected: ItemType) -> None:
    survey = [("type", "name", "label"), ("select_one l", "q", "Question")]
    choices = [("list_name", "name", "label"), *[("l", n, f"choice {n}") for n in names]]
    form = load_xlsform(write_form(tmp_path / "f.xlsx", survey, choices))
    assert form.item("q").type == expected


def test_minus_99_becomes_dont_know_and_values_ascend(tmp_path: Path) -> None:
    survey = [("type", "name", "label"), ("select_one freq", "often", "How often do you meet?")]
    choices = [
        ("list_name", "name", "label"),
        ("freq", -99, "Can't say"),
        ("freq", 3, "Monthly"),
        ("freq", 1, "Never"),
        ("freq", 2, "Yearly"),
    ]
    form = load_xlsform(write_form(tmp_path / "f.xlsx", survey, choices))
    scale = form.scales["freq"]
    assert [c.value for c in scale.choices] == [1, 2, 3]
    assert scale.dont_know == {"en": "Can't say"}


def test_notes_metadata_and_empty_groups_leave_nothing_behind(tmp_path: Path) -> None:
    survey = [
        ("type", "name", "label"),
        ("begin group", "intro", "Welcome"),
        ("note", "hello", "Thank you for taking part."),
        ("end group",),
        ("deviceid", "device"),
        ("text", "ward", "Which ward?"),
    ]
    form = load_xlsform(write_form(tmp_path / "notes.xlsx", survey))
    assert [d.name for d in form.dimensions] == ["notes"]
    assert [i.name for i in form.items()] == ["ward"]


def test_custom_columns_carry_tags_reverse_and_relation(tmp_path: Path) -> None:
    survey = [
        (
            "type",
            "name",
            "label",
            "joinedup::tags",
            "joinedup::reverse",
            "joinedup::type",
            "joinedup::only_if_works_with",
        ),
        ("begin group", "ties", "Ties", "network:ties"),
        (
            "select_one depth",
            "depth",
            "How closely do you work?",
            "network:depth",
            None,
            "relation",
        ),
        (
            "select_one depth",
            "trusts",
            "Do they keep their word?",
            "network:trust, nuffield:trust",
            "no",
            "relation",
            "yes",
        ),
        ("select_one depth", "rivalry", "Do you compete?", None, "yes"),
        ("end group",),
    ]
    choices = [("list_name", "name", "label"), ("depth", 1, "Not at all"), ("depth", 2, "A lot")]
    settings = [("form_id", "joinedup::kind"), ("ties", "network")]
    form = load_xlsform(write_form(tmp_path / "f.xlsx", survey, choices, settings))
    assert form.kind == "network"
    assert form.dimensions[0].tags == ["network:ties"]
    trusts = form.item("trusts")
    assert (trusts.type, trusts.only_if_works_with) == (ItemType.RELATION, True)
    assert trusts.tags == ["network:trust", "nuffield:trust"]
    assert form.item("rivalry").reverse
    assert form.item("rivalry").type == ItemType.SCALE


def test_field_list_and_likert_appearances_are_accepted(tmp_path: Path) -> None:
    survey = [
        ("type", "name", "label", "appearance"),
        ("begin group", "page", "Page", "field-list"),
        ("select_one l", "q", "Question", "likert"),
        ("end group",),
    ]
    choices = [("list_name", "name", "label"), ("l", 1, "Low"), ("l", 2, "High")]
    assert load_xlsform(write_form(tmp_path / "f.xlsx", survey, choices)).item("q")
