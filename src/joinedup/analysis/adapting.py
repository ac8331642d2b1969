"""Adapting an instrument: the edits of the instrument workshop, and what two
versions share.

Every function takes an :class:`~joinedup.analysis.instruments.Instrument` and
returns a new one, validated again (instruments are frozen), or raises
:class:`~joinedup.analysis.problems.InstrumentError` with a message a coordinator
can act on. Nothing here knows where the draft is kept or how it is stored.

Comparing versions
    Two versions of a questionnaire can be compared only on what both ask. An item
    is *shared* by two versions when it has the same name, type, English wording,
    scale points and direction (reverse-scored or not) in both; an item whose words
    or scale changed measures something else and is not compared. A dimension's
    change between rounds on different versions is computed on its shared items
    alone, both rounds scored the same way (:func:`joinedup.analysis.scoring.score_round`
    with ``shared``). This is the common-item design of test equating: scores on
    forms that differ are linked only through the items they have in common
    (Kolen, M. J. and Brennan, R. L. (2014) *Test Equating, Scaling, and Linking*,
    3rd edn, Springer, ch. 4); here no linking model is fitted, the shared items
    are simply the only ones compared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from joinedup.analysis.instruments import (
    Instrument,
    InstrumentError,
    Item,
    ItemType,
    Problem,
    parse_instrument,
)

__all__ = [
    "OWN_KINDS",
    "Differences",
    "add_item",
    "differences",
    "drop_dimension",
    "drop_item",
    "move_dimension",
    "move_item",
    "relabel",
    "shared_items",
]

#: The kinds of item a coordinator may add, with the item type each becomes.
OWN_KINDS: dict[str, ItemType] = {
    "scale": ItemType.SCALE,
    "single": ItemType.SINGLE,
    "multiple": ItemType.MULTIPLE,
    "text": ItemType.TEXT,
}
MAX_OPTIONS = 20
MAX_LABEL = 500


def _refuse(code: str, message: str) -> InstrumentError:
    return InstrumentError([Problem(f"adapt.{code}", message)])


def _rebuild(data: dict[str, Any]) -> Instrument:
    """Validate edited plain data again, dropping scales and choice lists no item uses."""
    items = [i for d in data["dimensions"] for i in d["items"]]
    used_scales = {i.get("scale") for i in items}
    used_lists = {i.get("choices") for i in items}
    data["scales"] = {k: v for k, v in data.get("scales", {}).items() if k in used_scales}
    data["choices"] = {k: v for k, v in data.get("choices", {}).items() if k in used_lists}
    return parse_instrument(data, "workshop")


def _data(instrument: Instrument) -> dict[str, Any]:
    return instrument.model_dump(mode="json")


def _dimension(data: dict[str, Any], name: str) -> dict[str, Any]:
    for dim in data["dimensions"]:
        if dim["name"] == name:
            return dim
    raise _refuse("unknown-dimension", f"there is no dimension called {name!r}")


def drop_dimension(instrument: Instrument, name: str) -> Instrument:
    """The instrument without dimension ``name`` and its items (one must remain)."""
    data = _data(instrument)
    _dimension(data, name)
    if len(data["dimensions"]) == 1:
        raise _refuse("last-dimension", "a questionnaire needs at least one dimension")
    data["dimensions"] = [d for d in data["dimensions"] if d["name"] != name]
    return _rebuild(data)


def drop_item(instrument: Instrument, name: str) -> Instrument:
    """The instrument without item ``name``; a dimension's last item is refused
    (drop the dimension instead)."""
    data = _data(instrument)
    dim = _dimension(data, instrument.dimension_of(name).name) if _has(instrument, name) else None
    if dim is None:
        raise _refuse("unknown-item", f"there is no question called {name!r}")
    if len(dim["items"]) == 1:
        raise _refuse(
            "last-item", "this is the dimension's only question: drop the dimension instead"
        )
    dim["items"] = [i for i in dim["items"] if i["name"] != name]
    return _rebuild(data)


def _has(instrument: Instrument, name: str) -> bool:
    return any(i.name == name for i in instrument.items())


def _moved(rows: list[Any], index: int, step: int) -> list[Any]:
    target = index + step
    if not 0 <= target < len(rows):
        return rows
    rows = list(rows)
    rows[index], rows[target] = rows[target], rows[index]
    return rows


def move_dimension(instrument: Instrument, name: str, step: int) -> Instrument:
    """Dimension ``name`` one place up (``step`` −1) or down (+1); at an end, unchanged."""
    data = _data(instrument)
    names = [d["name"] for d in data["dimensions"]]
    if name not in names:
        raise _refuse("unknown-dimension", f"there is no dimension called {name!r}")
    data["dimensions"] = _moved(data["dimensions"], names.index(name), step)
    return _rebuild(data)


def move_item(instrument: Instrument, name: str, step: int) -> Instrument:
    """Item ``name`` one place up or down within its dimension; at an end, unchanged."""
    if not _has(instrument, name):
        raise _refuse("unknown-item", f"there is no question called {name!r}")
    data = _data(instrument)
    dim = _dimension(data, instrument.dimension_of(name).name)
    names = [i["name"] for i in dim["items"]]
    dim["items"] = _moved(dim["items"], names.index(name), step)
    return _rebuild(data)


def _clean(text: str, what: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise _refuse("empty", f"please write the {what}")
    if len(text) > MAX_LABEL:
        raise _refuse("too-long", f"the {what} is longer than {MAX_LABEL} characters")
    return text


def _own_name(instrument: Instrument, label: str) -> str:
    """A new item's name: ``own_`` and the first words of its wording, made unique."""
    stem = "_".join(re.findall(r"[a-z0-9]+", label.lower())[:4])[:40] or "item"
    taken = {i.name for i in instrument.items()}
    name, n = f"own_{stem}", 2
    while name in taken or f"{name}_options" in instrument.choices:
        name, n = f"own_{stem}_{n}", n + 1
    return name


def add_item(
    instrument: Instrument,
    dimension: str,
    kind: str,
    label: str,
    scale: str = "",
    options: Sequence[str] = (),
) -> Instrument:
    """The instrument with a coordinator's own question at the end of ``dimension``.

    ``kind`` is one of :data:`OWN_KINDS`: a ``scale`` item answers on one of the
    instrument's scales (``scale``); a ``single`` or ``multiple`` choice item offers
    ``options`` (two to :data:`MAX_OPTIONS`, kept as a new choice list valued 1, 2, …);
    a ``text`` item takes free text. Wording is English, as the workshop writes it."""
    if kind not in OWN_KINDS:
        raise _refuse("unknown-kind", f"unknown kind of question {kind!r}")
    text = _clean(label, "question")
    data = _data(instrument)
    dim = _dimension(data, dimension)
    name = _own_name(instrument, text)
    item: dict[str, Any] = {"name": name, "type": OWN_KINDS[kind].value, "label": {"en": text}}
    if kind == "scale":
        if scale not in instrument.scales:
            raise _refuse("unknown-scale", "please choose one of the questionnaire's scales")
        item["scale"] = scale
    if kind in ("single", "multiple"):
        chosen = [_clean(o, "option") for o in options if o.strip()]
        if not 2 <= len(chosen) <= MAX_OPTIONS:
            raise _refuse("options", f"please give between 2 and {MAX_OPTIONS} options")
        if len(set(chosen)) != len(chosen):
            raise _refuse("options", "two options have the same words")
        data["choices"][f"{name}_options"] = [
            {"value": n, "label": {"en": o}} for n, o in enumerate(chosen, start=1)
        ]
        item["choices"] = f"{name}_options"
    dim["items"].append(item)
    return _rebuild(data)


def relabel(instrument: Instrument, title: str, introduction: str) -> Instrument:
    """The instrument with a new English title and introduction (its ``description``).

    A text whose English changes loses its other languages: a translation of the
    old words would no longer say the same thing."""
    data = _data(instrument)
    data["title"] = _relabelled(data["title"], _clean(title, "title"))
    intro = "\n\n".join(p.strip() for p in introduction.strip().split("\n\n") if p.strip())
    if len(intro) > 4000:
        raise _refuse("too-long", "the introduction is longer than 4000 characters")
    data["description"] = _relabelled(data.get("description") or {}, intro) if intro else None
    return _rebuild(data)


def _relabelled(label: dict[str, str], english: str) -> dict[str, str]:
    if label.get("en") == english:
        return label
    return {"en": english}


def _signature(instrument: Instrument, item: Item) -> tuple[Any, ...]:
    scale = instrument.scale_of(item)
    points = tuple(float(c.value) for c in scale.choices) if scale else ()
    return (item.type, instrument.text(item.label, "en"), points, item.reverse)


def shared_items(now: Instrument, before: Instrument) -> list[str]:
    """The scored items ``now`` shares with ``before`` (same name, type, English
    wording, scale points and direction), in ``now``'s order."""
    theirs = {i.name: _signature(before, i) for i in before.scored_items()}
    return [i.name for i in now.scored_items() if theirs.get(i.name) == _signature(now, i)]


@dataclass(frozen=True)
class Differences:
    """What an adapted version changed from the version it was adapted from."""

    dropped_dimensions: list[str]
    dropped_items: list[str]
    added_items: list[str]
    reworded_items: list[str]
    moved: bool

    def empty(self) -> bool:
        return not (
            self.dropped_dimensions
            or self.dropped_items
            or self.added_items
            or self.reworded_items
            or self.moved
        )


def differences(source: Instrument, adapted: Instrument) -> Differences:
    """Dimensions and items dropped, added and reworded, by their English labels,
    and whether anything kept was put in another order."""
    en = "en"
    dims_now = {d.name for d in adapted.dimensions}
    dropped_dims = [d for d in source.dimensions if d.name not in dims_now]
    gone = {i.name for d in dropped_dims for i in d.items}
    items_now = {i.name: i for i in adapted.items()}
    items_before = {i.name: i for i in source.items()}
    return Differences(
        dropped_dimensions=[source.text(d.label, en) for d in dropped_dims],
        dropped_items=[
            source.text(i.label, en)
            for i in source.items()
            if i.name not in items_now and i.name not in gone
        ],
        added_items=[
            adapted.text(i.label, en) for i in adapted.items() if i.name not in items_before
        ],
        reworded_items=[
            adapted.text(i.label, en)
            for i in adapted.items()
            if i.name in items_before
            and _signature(adapted, i) != _signature(source, items_before[i.name])
        ],
        moved=_order(source, adapted) != _order(adapted, source),
    )


def _order(a: Instrument, b: Instrument) -> list[str]:
    """``a``'s dimension and item names that ``b`` also has, in ``a``'s order."""
    dims = {d.name for d in b.dimensions}
    items = {i.name for i in b.items()}
    return [d.name for d in a.dimensions if d.name in dims] + [
        i.name for i in a.items() if i.name in items
    ]
