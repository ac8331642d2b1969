"""Welsh in XLSForm: an author's ``label::Welsh (cy)`` and ``hint::Cymraeg (cy)``
columns become Welsh texts, and the exporter writes every built-in text in both
languages (issue 20)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from joinedup.analysis.library import builtin
from joinedup.analysis.xlsform import export_xlsform, load_xlsform
from tests.analysis.xlsform_tables import write_form


def test_an_authors_welsh_columns_are_read(tmp_path: Path) -> None:
    path = write_form(
        tmp_path / "bilingual.xlsx",
        [
            ("type", "name", "label::English (en)", "label::Welsh (cy)", "hint::Cymraeg (cy)"),
            ("begin group", "trust", "Trust", "Ymddiriedaeth", None),
            (
                "select_one agree",
                "q1",
                "Partners keep their word.",
                "Mae partneriaid yn cadw eu gair.",
                "Meddyliwch am y flwyddyn ddiwethaf.",
            ),
            ("end group", None, None, None, None),
        ],
        [
            ("list_name", "name", "label::English (en)", "label::Welsh (cy)"),
            ("agree", 1, "Disagree", "Anghytuno"),
            ("agree", 2, "Agree", "Cytuno"),
        ],
        [
            ("form_id", "form_title", "default_language"),
            ("bilingual", "Trust check", "English (en)"),
        ],
    )
    form = load_xlsform(path)
    assert set(form.languages) == {"en", "cy"}
    item = form.item("q1")
    assert form.text(item.label, "cy") == "Mae partneriaid yn cadw eu gair."
    assert form.text(item.hint, "cy") == "Meddyliwch am y flwyddyn ddiwethaf."
    assert form.text(form.dimensions[0].label, "cy") == "Ymddiriedaeth"
    scale = form.scale_of(item)
    assert scale is not None
    assert [form.text(c.label, "cy") for c in scale.choices] == ["Anghytuno", "Cytuno"]


def test_the_export_writes_every_welsh_text(tmp_path: Path) -> None:
    path = tmp_path / "hc.xlsx"
    original = builtin("health-check")
    export_xlsform(original, path)
    book = openpyxl.load_workbook(path)
    rows = list(book["survey"].iter_rows(values_only=True))
    header = rows[0]
    assert "label::Cymraeg (cy)" in header
    assert "hint::Cymraeg (cy)" in header
    welsh = header.index("label::Cymraeg (cy)")
    names = header.index("name")
    for row in rows[1:]:
        if row[names] and row[0] != "end group":
            assert row[welsh], f"{row[names]} has no Welsh label in the export"
    choices = list(book["choices"].iter_rows(values_only=True))
    welsh_choice = choices[0].index("label::Cymraeg (cy)")
    assert all(r[welsh_choice] for r in choices[1:])
    assert load_xlsform(path) == original, "the Welsh comes back unchanged"
