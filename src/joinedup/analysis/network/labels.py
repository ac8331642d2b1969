"""Readable labels for a network picture: short names and where to put them.

Two pure steps, both deterministic:

* :func:`short_names` gives every organisation of a map a short name, unique
  within the map. The name is cut at its first comma; a leading word that begins
  the names of two or more organisations of the map (a place name such as the
  town's) and legal endings (Ltd, plc …) are dropped; what is left is kept when
  it fits :data:`SHORT_LIMIT` characters, otherwise it becomes its longest
  opening of two words or more that fits, or else the initials of its
  capitalised words ("Council for Voluntary Service" → "CVS"). Clashes are
  resolved by falling back to more of the full name.
* :func:`place_labels` puts each label beside its node without covering another
  label, another node or the edge of the picture: nodes are taken from the
  largest down and each label tries a fixed list of spots around its node
  (below, above, right, left, the four corners, then the same spots further
  out). This is greedy label placement in the sense of the map-labelling
  literature (Christensen, Marks & Shieber 1995, "An empirical study of
  algorithms for point-feature label placement", *ACM Transactions on
  Graphics* 14(3)); a label that finds no free spot is replaced by a number,
  placed the same way, and the picture's key then gives the number's name.

Text widths are measured with the advance widths of DejaVu Sans (the report's
font), so the boxes are the ones a PDF prints; browsers using a narrower font
draw inside the same boxes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Longest short name kept as words; a longer one becomes initials.
SHORT_LIMIT = 20
STOP = frozenset({"and", "of", "the", "for", "&", "in", "on", "at"})
ENDINGS = frozenset({"ltd", "ltd.", "limited", "plc", "cic", "llp"})

# Advance widths (em) of DejaVu Sans for the printable ASCII characters, space to "~".
_ADVANCE = (
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318,
    0.361, 0.318, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636,
    0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632,
    0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787,
    0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39,
    0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278,
    0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592,
    0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
)  # fmt: skip
_WIDE = 0.7  # any other character: a little wider than the average letter


def text_width(text: str, size: float) -> float:
    """Width in pixels of ``text`` set in DejaVu Sans at ``size`` pixels."""
    total = 0.0
    for char in text:
        code = ord(char)
        total += _ADVANCE[code - 32] if 32 <= code < 127 else _WIDE
    return total * size


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"\s+", name.split(",")[0].strip()) if w]


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in STOP)


def _shorten(words: list[str], common: set[str]) -> str:
    while len(words) > 1 and words[0] in common:
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in ENDINGS:
        words = words[:-1]
    while len(words) > 1 and words[0].lower() in STOP:
        words = words[1:]
    text = " ".join(words)
    if len(text) <= SHORT_LIMIT:
        return text
    for cut in range(len(words) - 1, 1, -1):  # the longest opening that fits
        opening = words[:cut]
        while opening and opening[-1].lower() in STOP:
            opening = opening[:-1]
        kept = " ".join(opening)
        if len(kept) <= SHORT_LIMIT and sum(w.lower() not in STOP for w in opening) >= 2:
            return kept
    initials = _initials(words)
    return initials if len(initials) >= 2 else text[: SHORT_LIMIT - 1].rstrip() + "…"


def short_names(names: Sequence[str]) -> list[str]:
    """A short name for each of ``names`` (in order), unique within the list."""
    firsts = [(_words(n) or [""])[0] for n in names]
    common = {w for w in firsts if w and firsts.count(w) > 1}
    shorts = [_shorten(_words(n), common) or n for n in names]
    clashing = {s for s in shorts if shorts.count(s) > 1}
    for j, short in enumerate(shorts):  # fall back to the first part of the full name
        whole = " ".join(_words(names[j]))
        if short in clashing and len(whole) <= SHORT_LIMIT + 8:
            shorts[j] = whole
    seen: dict[str, int] = {}
    before = list(shorts)
    for j, short in enumerate(before):  # still the same: number them
        if before.count(short) > 1:
            seen[short] = seen.get(short, 0) + 1
            shorts[j] = f"{short} ({seen[short]})"
    return shorts


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in picture coordinates (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return not (
            self.x1 + gap <= other.x0
            or other.x1 + gap <= self.x0
            or self.y1 + gap <= other.y0
            or other.y1 + gap <= self.y0
        )

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height


@dataclass(frozen=True, slots=True)
class Label:
    """What is written beside node ``node``: its short name, or its ``number`` in
    the key when the name found no free spot; ``box`` is the text's box."""

    node: int
    text: str
    box: Box
    number: int | None = None

    @property
    def x(self) -> float:
        """The text's middle (it is drawn centred)."""
        return (self.box.x0 + self.box.x1) / 2

    @property
    def baseline(self) -> float:
        return self.box.y1 - PAD_Y - 0.22 * FONT


FONT = 12.0  # label size in pixels
PAD_X, PAD_Y = 3.0, 1.5
HEIGHT = FONT * 1.2 + 2 * PAD_Y


def _spots(x: float, y: float, r: float, w: float) -> list[tuple[float, float]]:
    """Top-left corners to try for a ``w`` wide label of a node at (x, y), radius r."""
    h = HEIGHT
    out = []
    for far in (2.0, 10.0, 20.0):
        d = r + far
        out += [
            (x - w / 2, y + d),  # below
            (x - w / 2, y - d - h),  # above
            (x + d, y - h / 2),  # right
            (x - d - w, y - h / 2),  # left
            (x + d * 0.7, y + d * 0.7),  # below right
            (x - d * 0.7 - w, y + d * 0.7),  # below left
            (x + d * 0.7, y - d * 0.7 - h),  # above right
            (x - d * 0.7 - w, y - d * 0.7 - h),  # above left
        ]
    return out


def node_box(x: float, y: float, r: float) -> Box:
    """The box a node's mark fills (its shapes stay within 1.3 r of the centre)."""
    e = r * 1.3
    return Box(x - e, y - e, x + e, y + e)


def _place(
    text: str,
    v: int,
    pos: Sequence[tuple[float, float]],
    radii: Sequence[float],
    taken: list[Box],
    size: tuple[float, float],
) -> Box | None:
    w = text_width(text, FONT) + 2 * PAD_X
    x, y = pos[v]
    nodes = [node_box(*pos[u], radii[u]) for u in range(len(pos))]
    for left, top in _spots(x, y, radii[v], w):
        box = Box(left, top, left + w, top + HEIGHT)
        if not box.inside(*size):
            continue
        if any(box.overlaps(t, 1.0) for t in taken) or any(box.overlaps(n) for n in nodes):
            continue
        return box
    return None


def place_labels(
    texts: Sequence[str],
    pos: Sequence[tuple[float, float]],
    radii: Sequence[float],
    size: tuple[float, float],
) -> list[Label]:
    """A label for every node: its text where a free spot exists, else a number
    (numbered in the order of ``texts``); see the module text. A number that finds
    no free spot either is written on its node."""
    order = sorted(range(len(texts)), key=lambda v: (-radii[v], v))
    taken: list[Box] = []
    placed: dict[int, Box] = {}
    for v in order:
        box = _place(texts[v], v, pos, radii, taken, size)
        if box is not None:
            placed[v] = box
            taken.append(box)
    missing = [v for v in range(len(texts)) if v not in placed]
    labels = [Label(v, texts[v], placed[v]) for v in sorted(placed)]
    for number, v in enumerate(missing, start=1):
        box = _place(str(number), v, pos, radii, taken, size)
        if box is None:
            x, y = pos[v]
            w = text_width(str(number), FONT) + 2 * PAD_X
            box = Box(x - w / 2, y - HEIGHT / 2, x + w / 2, y + HEIGHT / 2)
        taken.append(box)
        labels.append(Label(v, str(number), box, number))
    return sorted(labels, key=lambda label: label.node)


def overlapping(labels: Sequence[Label]) -> list[tuple[int, int]]:
    """Pairs of nodes whose labels' boxes overlap (none, when placement worked)."""
    return [
        (a.node, b.node)
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a.box.overlaps(b.box)
    ]
