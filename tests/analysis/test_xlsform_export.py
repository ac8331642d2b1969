"""XLSForm export: built-in instruments survive the trip out and back, and pyxform accepts them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert

from joinedup.analysis.instruments import Instrument, InstrumentError, ItemType, parse_instrument
from joinedup.analysis.library import BUILTIN_IDS, builtin
from joinedup.analysis.xlsform import export_xlsform, load_xlsform


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
def test_builtin_round_trip_and_pyxform_accepts(tmp_path: Path, instrument_id: str) -> None:
    original = builtin(instrument_id)
    path = tmp_path / f"{instrument_id}.xlsx"
    export_xlsform(original, path)
    assert load_xlsform(path) == original
    result = convert(xlsform=str(path), warnings=[])
    assert f'id="{instrument_id}"' in result.xform


def test_exported_sheets_read_as_an_author_expects(tmp_path: Path) -> None:
    path = tmp_path / "hc.xlsx"
    export_xlsform(builtin("health-check"), path)
    book = openpyxl.load_workbook(path)
    survey = list(book["survey"].iter_rows(values_only=True))
    assert survey[0][:4] == ("type", "name", "label::English (en)", "label::Cymraeg (cy)")
    assert survey[1][:4] == (
        "begin group",
        "purpose",
        "Purpose and shared vision",
        "Diben a gweledigaeth a rennir",
    )
    assert survey[2][0] == "select_one agree5"
    agree = [r for r in book["choices"].iter_rows(values_only=True) if r[0] == "agree5"]
    assert [r[1] for r in agree] == [1, 2, 3, 4, 5, "dk"]
    settings = list(book["settings"].iter_rows(values_only=True))
    assert dict(zip(settings[0], settings[1], strict=True))["default_language"] == "English (en)"


def test_network_items_are_marked_as_relations(tmp_path: Path) -> None:
    path = tmp_path / "network.xlsx"
    export_xlsform(builtin("network"), path)
    book = openpyxl.load_workbook(path)
    rows = list(book["survey"].iter_rows(values_only=True))
    header = rows[0]
    depth = dict(zip(header, next(r for r in rows if r[1] == "net_trust_open"), strict=True))
    assert depth["joinedup::type"] == "relation"
    assert depth["joinedup::only_if_works_with"] == "yes"
    back = load_xlsform(path)
    assert back.kind == "network"
    assert {i.type for i in back.items()} == {ItemType.RELATION}


SMALL = {
    "id": "numbers",
    "title": {"en": "Numbers", "fr": "Nombres"},
    "languages": ["en"],
    "choices": {"band": [{"value": 1, "label": "Small"}, {"value": 2, "label": "Large"}]},
    "dimensions": [
        {
            "name": "size",
            "label": "Size",
            "description": {"en": "About your organisation"},
            "items": [
                {"name": "staff_band", "type": "single", "choices": "band", "label": "Staff"},
                {"name": "budget", "type": "decimal", "label": {"en": "Budget", "fr": "Budget"}},
            ],
        }
    ],
}


def test_numeric_single_choice_and_extra_languages_round_trip(tmp_path: Path) -> None:
    original = parse_instrument(SMALL)
    path = tmp_path / "numbers.xlsx"
    export_xlsform(original, path)
    back = load_xlsform(path)
    assert back.item("staff_band").type == ItemType.SINGLE
    assert back.languages == ["en", "fr"]
    assert back.model_copy(update={"languages": ["en"]}) == original


def test_a_scale_and_a_list_with_one_name_are_refused(tmp_path: Path) -> None:
    data = dict(SMALL)
    data["scales"] = {"band": {"choices": [{"value": 1, "label": "a"}, {"value": 2, "label": "b"}]}}
    clash: Instrument = parse_instrument(data)
    with pytest.raises(InstrumentError, match="share the name 'band'"):
        export_xlsform(clash, tmp_path / "clash.xlsx")
    assert not (tmp_path / "clash.xlsx").exists()


def test_a_scale_value_read_as_dont_know_is_refused(tmp_path: Path) -> None:
    data = {
        "id": "codes",
        "title": "Codes",
        "scales": {
            "s": {"choices": [{"value": -99, "label": "Refused"}, {"value": 1, "label": "Yes"}]}
        },
        "dimensions": [
            {"name": "d", "label": "D", "items": [{"name": "q", "label": "Q", "scale": "s"}]}
        ],
    }
    with pytest.raises(InstrumentError) as info:
        export_xlsform(parse_instrument(data), tmp_path / "codes.xlsx")
    assert [p.code for p in info.value.problems] == ["xlsform.export-missing-code"]


def test_text_starting_with_equals_stays_text(tmp_path: Path) -> None:
    data = {
        "id": "sums",
        "title": "=SUM(A1:A3)",
        "dimensions": [
            {"name": "d", "label": "=1+1", "items": [{"name": "q", "type": "text", "label": "=A2"}]}
        ],
    }
    original = parse_instrument(data)
    export_xlsform(original, tmp_path / "sums.xlsx")
    assert load_xlsform(tmp_path / "sums.xlsx") == original
