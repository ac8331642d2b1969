"""The instrument schema: what a valid instrument looks like and how errors read."""

from __future__ import annotations

from pathlib import Path

import pytest

from joinedup.analysis.instruments import (
    InstrumentError,
    dump_instrument_yaml,
    load_instrument_yaml,
    parse_instrument,
)

SMALL = """
id: tiny
version: 1
title: A tiny check
scales:
  agree5:
    choices:
      - {value: 1, label: Strongly disagree}
      - {value: 2, label: Disagree}
      - {value: 3, label: Neither}
      - {value: 4, label: Agree}
      - {value: 5, label: Strongly agree}
    dont_know: Don't know
dimensions:
  - name: trust
    label: {en: Trust, cy: Ymddiriedaeth}
    tags: [theme:trust]
    items:
      - {name: t1, label: Partners keep their word, scale: agree5, tags: [nuffield:trust]}
      - {name: t2, label: We say what we think, scale: agree5, reverse: false}
"""


def test_native_yaml_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(SMALL)
    instrument = load_instrument_yaml(path)
    assert [i.name for i in instrument.scored_items()] == ["t1", "t2"]
    assert instrument.scales["agree5"].points == 5
    assert instrument.text(instrument.dimensions[0].label, "cy") == "Ymddiriedaeth"
    again = tmp_path / "again.yaml"
    again.write_text(dump_instrument_yaml(instrument))
    assert load_instrument_yaml(again) == instrument


def test_unknown_scale_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(SMALL.replace("scale: agree5, tags", "scale: agree7, tags"))
    with pytest.raises(InstrumentError) as info:
        load_instrument_yaml(path)
    assert "unknown scale 'agree7'" in str(info.value)
    assert "bad.yaml" in str(info.value)


def test_yaml_syntax_error_has_row(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\ntitle: [unclosed\n")
    with pytest.raises(InstrumentError) as info:
        load_instrument_yaml(path)
    assert info.value.problems[0].row is not None


def test_scale_values_must_ascend() -> None:
    data = {
        "id": "x",
        "title": "x",
        "scales": {"s": {"choices": [{"value": 2, "label": "b"}, {"value": 1, "label": "a"}]}},
        "dimensions": [
            {"name": "d", "label": "d", "items": [{"name": "i", "label": "i", "scale": "s"}]}
        ],
    }
    with pytest.raises(InstrumentError, match="low to high"):
        parse_instrument(data)
