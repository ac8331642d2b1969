"""Every text of the six built-in instruments has a Welsh version (issue 20).

A Welsh public services board must be able to run any built-in questionnaire in
Welsh, so an item, hint, scale label, don't-know, choice label, dimension or title
added in English only fails here, naming the instrument and the place."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from joinedup.analysis.instruments import Instrument, Label
from joinedup.analysis.library import BUILTIN_IDS, builtin


def _texts(instrument: Instrument) -> Iterator[tuple[str, Label | None, bool]]:
    """(where, label, must exist) for every text a respondent or reader sees."""
    yield "title", instrument.title, True
    yield "description", instrument.description, False
    for name, scale in instrument.scales.items():
        for choice in scale.choices:
            yield f"scale {name}, choice {choice.value}", choice.label, True
        yield f"scale {name}, don't know", scale.dont_know, False
    for name, choices in instrument.choices.items():
        for choice in choices:
            yield f"choice list {name}, choice {choice.value}", choice.label, True
    for dim in instrument.dimensions:
        yield f"dimension {dim.name}", dim.label, True
        yield f"dimension {dim.name}, description", dim.description, False
        for item in dim.items:
            yield f"item {item.name}", item.label, True
            yield f"item {item.name}, hint", item.hint, False


def _untranslated(instrument: Instrument) -> list[str]:
    missing = []
    for where, label, required in _texts(instrument):
        if label is None and not required:
            continue
        if not (label or {}).get("cy", "").strip():
            missing.append(f"{instrument.id}: {where} has no Welsh text")
    return missing


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
def test_every_builtin_text_has_welsh(instrument_id: str) -> None:
    instrument = builtin(instrument_id)
    assert instrument.languages == ["en", "cy"]
    assert _untranslated(instrument) == []


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
def test_welsh_is_not_the_english_copied(instrument_id: str) -> None:
    """A Welsh text equal to its English one is a copy, not a translation (a
    one-word label such as "data" may match by chance, so only sentences count)."""
    instrument = builtin(instrument_id)
    copied = [
        f"{instrument_id}: {where}"
        for where, label, _required in _texts(instrument)
        if label and len(label.get("en", "").split()) > 2 and label.get("cy") == label.get("en")
    ]
    assert copied == []


def test_the_check_names_the_instrument_and_the_item() -> None:
    """The completeness check itself: an item without Welsh is named."""
    data = builtin("barriers").model_dump(mode="json")
    data["dimensions"][0]["items"][1]["label"] = {"en": "Only in English."}
    data["scales"]["agree5"]["choices"][0]["label"].pop("cy")
    found = _untranslated(Instrument.model_validate(data))
    assert found == [
        "barriers: scale agree5, choice 1 has no Welsh text",
        "barriers: item br_struct_fragmented has no Welsh text",
    ]


def test_welsh_uses_the_agreed_scale_words() -> None:
    """The five agreement labels and "don't know" read the same in every instrument."""
    expected = [
        "Anghytuno'n gryf",
        "Anghytuno",
        "Ddim yn cytuno nac yn anghytuno",
        "Cytuno",
        "Cytuno'n gryf",
    ]
    for instrument_id in BUILTIN_IDS:
        scale = builtin(instrument_id).scales["agree5"]
        assert [c.label["cy"] for c in scale.choices] == expected, instrument_id
        assert scale.dont_know == {"en": "Don't know", "cy": "Ddim yn gwybod"}, instrument_id
