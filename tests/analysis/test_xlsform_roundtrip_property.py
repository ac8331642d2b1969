"""Property: an instrument survives XLSForm export and import unchanged.

Generated instruments use every scale and choice list they define (export
leaves unused lists out) and avoid scale values -8, -9 (read as "don't know").
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyxform.xls2xform import convert

from joinedup.analysis.instruments import Instrument, parse_instrument
from joinedup.analysis.xlsform import export_xlsform, load_xlsform

LANGUAGES = ["en", "cy", "fr"]
NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(lambda n: n != "meta")
TEXT = (
    st.text(
        alphabet=st.sampled_from(list("abcdeABC xyz,.?!'=-()ŵŷâ0123456789")),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
TAGS = st.lists(st.from_regex(r"[a-z]{1,6}:[a-z_+-]{1,6}", fullmatch=True), max_size=3, unique=True)


@st.composite
def labels(draw: st.DrawFn, languages: list[str], required: bool = True) -> dict[str, str] | None:
    chosen = draw(st.lists(st.sampled_from(languages), unique=True, max_size=len(languages)))
    if required and languages[0] not in chosen:
        chosen.insert(0, languages[0])
    label = {lang: draw(TEXT) for lang in chosen}
    return label or None


@st.composite
def instruments(draw: st.DrawFn) -> Instrument:
    languages = ["en", *draw(st.lists(st.sampled_from(LANGUAGES[1:]), unique=True))]
    scale_names = draw(st.lists(NAMES.map(lambda n: f"s_{n}"), min_size=1, max_size=2, unique=True))
    scales: dict[str, Any] = {}
    for name in scale_names:
        values = sorted(draw(st.lists(st.integers(-5, 10), min_size=2, max_size=5, unique=True)))
        scales[name] = {
            "choices": [{"value": v, "label": draw(labels(languages))} for v in values],
            "dont_know": draw(st.none() | labels(languages)),
        }
    list_names = draw(st.lists(NAMES.map(lambda n: f"c_{n}"), max_size=2, unique=True))
    choices = {
        name: [
            {"value": value, "label": draw(labels(languages))}
            for value in draw(
                st.lists(NAMES | st.integers(0, 9), min_size=2, max_size=4, unique=True)
            )
        ]
        for name in list_names
    }
    item_names = iter(draw(st.lists(NAMES, min_size=12, max_size=12, unique=True)))
    dimensions = [
        {
            "name": dim_name,
            "label": draw(labels(languages)),
            "description": draw(labels(languages, required=False)),
            "tags": draw(TAGS),
            "items": [
                draw(items(next(item_names), languages, scale_names, list_names))
                for _ in range(draw(st.integers(1, 4)))
            ],
        }
        for dim_name in draw(st.lists(NAMES, min_size=1, max_size=3, unique=True))
    ]
    used = [item for dim in dimensions for item in dim["items"]]
    scales = {k: v for k, v in scales.items() if any(i.get("scale") == k for i in used)}
    choices = {k: v for k, v in choices.items() if any(i.get("choices") == k for i in used)}
    return parse_instrument(
        {
            "id": draw(NAMES),
            "version": draw(st.integers(1, 40)),
            "title": draw(labels(languages)),
            "description": draw(labels(languages, required=False)),
            "kind": draw(st.sampled_from(["questionnaire", "network"])),
            "languages": languages,
            "scales": scales,
            "choices": choices,
            "dimensions": dimensions,
        }
    )


@st.composite
def items(
    draw: st.DrawFn, name: str, languages: list[str], scales: list[str], lists: list[str]
) -> dict[str, Any]:
    kinds = ["scale", "relation", "text", "integer", "decimal"] + (
        ["single", "multiple"] if lists else []
    )
    kind = draw(st.sampled_from(kinds))
    item: dict[str, Any] = {
        "name": name,
        "type": kind,
        "label": draw(labels(languages)),
        "hint": draw(labels(languages, required=False)),
        "required": draw(st.booleans()),
        "reverse": draw(st.booleans()),
        "tags": draw(TAGS),
    }
    if kind in {"scale", "relation"}:
        item["scale"] = draw(st.sampled_from(scales))
        item["only_if_works_with"] = kind == "relation" and draw(st.booleans())
    if kind in {"single", "multiple"}:
        item["choices"] = draw(st.sampled_from(lists))
    return item


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(instruments())
def test_export_then_import_gives_the_same_instrument(instrument: Instrument) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.xlsx"
        export_xlsform(instrument, path)
        assert load_xlsform(path) == instrument
        convert(xlsform=str(path), warnings=[])
