"""The network map's readability rule, checked on the demo town.

Every demo partnership's map, as administrators see it (directed) and as
everyone else does (without direction): no label's box overlaps another's;
a label that could not be placed is a number that the key names; every
organisation has a label; short names are unique within a map; labels stay
inside the picture. The geometry is the server's own (``network_map``), the one
drawn in the page and printed in the PDF.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from joinedup.analysis.network.build import Node, make_network
from joinedup.analysis.network.draw import network_map
from joinedup.analysis.network.labels import (
    Box,
    node_box,
    overlapping,
    place_labels,
    short_names,
    text_width,
)

SVG = "{http://www.w3.org/2000/svg}"


def _check(drawn, names: list[str]) -> None:
    assert overlapping(drawn.labels) == []
    assert [label.node for label in drawn.labels] == list(range(len(names)))
    for label in drawn.labels:
        assert label.box.inside(drawn.width, drawn.height)
        if label.number is None:
            assert label.text == drawn.short[label.node]
    assert [(n, v) for n, v, _ in drawn.key] == [
        (label.number, label.node) for label in drawn.labels if label.number is not None
    ]
    assert len(set(drawn.short)) == len(drawn.short)
    root = ET.fromstring(drawn.svg)  # noqa: S314 (our own output)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert sorted(texts) == sorted(label.text for label in drawn.labels)


@pytest.mark.django_db
def test_no_label_overlaps_another_on_any_demo_map(demo) -> None:
    from joinedup.networks.netmap import draw
    from joinedup.networks.services import partnership_network

    checked = 0
    for partnership in demo.values():
        for directed in (False, True):
            result = partnership_network(partnership, directed=directed)
            if result is None:
                continue
            drawn = draw(result)
            _check(drawn, [n.label for n in result.report.network.nodes])
            checked += 1
    assert checked >= 4


def test_a_crowded_map_falls_back_to_numbers_with_a_key() -> None:
    names = [f"Organisation with a long name number {i}" for i in range(30)]
    nodes = [Node(str(i), name, "public") for i, name in enumerate(names)]
    ties = {(str(i), str(j)): 1.0 for i in range(30) for j in range(30) if i != j}
    drawn = network_map(make_network(nodes, ties, directed=False), [1.0] * 30)
    _check(drawn, names)
    assert drawn.key, "thirty long names cannot all fit: some become numbers"
    assert all(name in names for _, _, name in drawn.key)


def test_placement_avoids_marks_and_other_labels() -> None:
    pos = [(100.0, 100.0), (100.0, 130.0), (130.0, 100.0)]
    radii = [8.0, 8.0, 8.0]
    labels = place_labels(["Alpha", "Beta", "Gamma"], pos, radii, (300, 300))
    assert overlapping(labels) == []
    marks = [node_box(x, y, r) for (x, y), r in zip(pos, radii, strict=True)]
    for label in labels:
        assert not any(label.box.overlaps(m) for m in marks)


def test_short_names_are_short_unique_and_readable() -> None:
    names = [
        "Kestermouth Borough Council",
        "Kestermouth Council for Voluntary Service",
        "Westshire Police, Kestermouth District",
        "Westshire County Council",
        "Vale Coast Buses Ltd",
        "Same Name",
        "Same Name",
    ]
    short = short_names(names)
    assert short[:5] == [
        "Borough Council",
        "CVS",
        "Police",
        "County Council",
        "Vale Coast Buses",
    ]
    assert len(set(short)) == len(short)
    assert text_width("Borough Council", 12) < text_width("Kestermouth Borough Council", 12)
    assert Box(0, 0, 10, 10).overlaps(Box(5, 5, 15, 15))
    assert not Box(0, 0, 10, 10).overlaps(Box(10, 0, 20, 10))


def _lines(page: str) -> list[tuple[int, int, float]]:
    return [
        (int(a), int(b), float(s))
        for a, b, s in re.findall(
            r'<line [^>]*data-a="(\d+)" data-b="(\d+)" data-s="([\d.]+)"', page
        )
    ]


@pytest.mark.django_db
def test_tie_strength_tells_a_member_nothing_the_picture_does_not(personas, demo) -> None:
    """A member's strengths are partners in common, worked out from the ties the
    picture shows (so no rating leaks); an administrator's are the pair's rung."""
    from tests.conftest import PARTNERSHIP_A

    pk = demo[PARTNERSHIP_A].pk
    page = personas.client("member_a").get(f"/partnerships/{pk}/section/networks/").content.decode()
    ties = _lines(page)
    assert ties
    near: dict[int, set[int]] = {}
    for a, b, _ in ties:
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)
    for a, b, strength in ties:
        assert strength == len(near[a] & near[b])
    admin = personas.client("admin").get(f"/partnerships/{pk}/section/networks/").content.decode()
    assert {s for _, _, s in _lines(admin)} <= {2.0, 3.0, 4.0, 5.0}
