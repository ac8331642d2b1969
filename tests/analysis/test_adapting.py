"""Adapting an instrument (the workshop's edits) and comparing versions on the
items they share, including the scores of two rounds on different versions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from joinedup.analysis import adapting
from joinedup.analysis.data import AnswerRow
from joinedup.analysis.instruments import InstrumentError, ItemType
from joinedup.analysis.library import builtin
from joinedup.analysis.scoring import score_round


@pytest.fixture
def check():
    return builtin("health-check")


def test_dropping_a_dimension_removes_its_items_and_unused_lists(check) -> None:
    purpose = check.dimensions[0]
    out = adapting.drop_dimension(check, purpose.name)
    assert [d.name for d in out.dimensions] == [d.name for d in check.dimensions[1:]]
    assert not {i.name for i in purpose.items} & {i.name for i in out.items()}
    used = {i.choices for i in out.items()}
    assert set(out.choices) <= used
    assert check.dimensions[0].name == purpose.name  # the source is untouched


def test_the_last_dimension_and_a_dimensions_last_item_are_refused(check) -> None:
    one = check
    for dim in check.dimensions[1:]:
        one = adapting.drop_dimension(one, dim.name)
    with pytest.raises(InstrumentError, match="at least one dimension"):
        adapting.drop_dimension(one, one.dimensions[0].name)
    dim = one.dimensions[0]
    for item in dim.items[1:]:
        one = adapting.drop_item(one, item.name)
    with pytest.raises(InstrumentError, match="drop the dimension instead"):
        adapting.drop_item(one, dim.items[0].name)


def test_own_items_of_every_kind(check) -> None:
    dim = check.dimensions[1].name
    out = adapting.add_item(check, dim, "scale", "Our board  meets often enough.", scale="agree5")
    out = adapting.add_item(out, dim, "single", "Which board?", options=["Main", "", "Sub-group"])
    out = adapting.add_item(out, dim, "multiple", "Which topics?", options=["Money", "Staff"])
    out = adapting.add_item(out, dim, "text", "What would you change?")
    added = out.dimensions[1].items[-4:]
    assert [i.type for i in added] == [
        ItemType.SCALE,
        ItemType.SINGLE,
        ItemType.MULTIPLE,
        ItemType.TEXT,
    ]
    assert added[0].name == "own_our_board_meets_often"
    assert out.text(added[0].label) == "Our board meets often enough."
    assert [c.value for c in out.choices[added[1].choices or ""]] == [1, 2]
    assert added[0] in out.scored_items()


@pytest.mark.parametrize(
    ("kind", "scale", "options", "message"),
    [
        ("scale", "nope", [], "scales"),
        ("single", "", ["only one"], "between 2"),
        ("multiple", "", ["A", "A"], "same words"),
        ("ranking", "", [], "unknown kind"),
    ],
)
def test_bad_own_items_are_refused(check, kind, scale, options, message) -> None:
    with pytest.raises(InstrumentError, match=message):
        adapting.add_item(check, check.dimensions[0].name, kind, "A question", scale, options)
    with pytest.raises(InstrumentError, match="please write the question"):
        adapting.add_item(check, check.dimensions[0].name, "text", "   ")


def test_moving_up_and_down_and_at_the_ends(check) -> None:
    first, second = check.dimensions[0].name, check.dimensions[1].name
    out = adapting.move_dimension(check, second, -1)
    assert [d.name for d in out.dimensions[:2]] == [second, first]
    assert adapting.move_dimension(out, second, -1) == out  # already first
    items = [i.name for i in check.dimensions[0].items]
    moved = adapting.move_item(check, items[0], +1)
    assert [i.name for i in moved.dimensions[0].items[:2]] == [items[1], items[0]]
    assert adapting.differences(check, moved).moved


def test_relabelling_drops_translations_of_changed_words(check) -> None:
    out = adapting.relabel(check, "Harbour health check", "Please answer.\n\nThank you.")
    assert out.title == {"en": "Harbour health check"}
    assert out.text(out.description) == "Please answer.\n\nThank you."
    same = adapting.relabel(check, check.text(check.title), "")
    assert same.title == check.title
    assert same.description is None


def test_shared_items_need_the_same_words_scale_and_direction(check) -> None:
    dim = check.dimensions[0]
    dropped = adapting.drop_item(check, dim.items[0].name)
    added = adapting.add_item(dropped, dim.name, "scale", "New words", scale="agree5")
    shared = adapting.shared_items(added, check)
    scored = [i.name for i in check.scored_items()]
    assert shared == [n for n in scored if n != dim.items[0].name]
    data = check.model_dump(mode="json")
    data["dimensions"][0]["items"][0]["reverse"] = not dim.items[0].reverse
    flipped = type(check).model_validate(data)
    assert dim.items[0].name not in adapting.shared_items(flipped, check)


def test_differences_name_what_changed(check) -> None:
    out = adapting.drop_dimension(check, check.dimensions[-1].name)
    out = adapting.drop_item(out, check.dimensions[0].items[1].name)
    out = adapting.add_item(out, check.dimensions[0].name, "text", "Anything else?")
    d = adapting.differences(check, out)
    assert d.dropped_dimensions == [check.text(check.dimensions[-1].label)]
    assert d.dropped_items == [check.text(check.dimensions[0].items[1].label)]
    assert d.added_items == ["Anything else?"]
    assert not d.moved
    assert adapting.differences(check, check).empty()


def _rows(values: dict[str, list[float]], prefix: str) -> list[AnswerRow]:
    rows = []
    for item, vals in values.items():
        for n, v in enumerate(vals):
            rows.append(AnswerRow(f"{prefix}{n}", "org", "public", "officer", item, v))
    return rows


def test_a_change_across_versions_rests_on_the_shared_items_only(check) -> None:
    """Two rounds, the second on a version with one item dropped and one added to a
    dimension: the change is the difference of the means over the shared items,
    not of the whole dimensions, and names those items."""
    dim = check.dimensions[0]
    scored = [i.name for i in dim.items if i.type == ItemType.SCALE]
    assert len(scored) >= 3
    dropped, kept = scored[0], scored[1:]
    v2 = adapting.add_item(
        adapting.drop_item(check, dropped), dim.name, "scale", "We meet enough.", scale="agree5"
    )
    own = v2.dimensions[0].items[-1].name
    rng = np.random.default_rng(7)
    before = {n: list(rng.integers(1, 6, 8).astype(float)) for n in scored}
    now = {n: list(rng.integers(1, 6, 8).astype(float)) for n in kept}
    now[own] = [5.0] * 8  # would pull the whole dimension up if it were compared
    shared = adapting.shared_items(v2, check)
    result = score_round(v2, _rows(now, "b"), 5, _rows(before, "a"), shared=shared)
    row = next(d for d in result.dimensions if d.dimension == dim.name)
    assert row.change is not None
    assert row.change.on_items == tuple(n for n in kept if n in shared)
    reverse = {i.name: i.reverse for i in dim.items}
    span = 6.0

    def mean_of(answers: dict[str, list[float]]) -> float:
        means = [
            float(np.mean([span - v if reverse[n] else v for v in answers[n]]))
            for n in row.change.on_items
        ]
        return math.fsum(means) / len(means)

    assert row.change.difference == pytest.approx(mean_of(now) - mean_of(before))
    whole = next(i for i in result.items if i.item == own)
    assert whole.change is None  # a question only the new version asks has no change
    same = score_round(check, _rows(before, "b"), 5, _rows(before, "a"))
    assert next(d for d in same.dimensions if d.dimension == dim.name).change.on_items == ()
