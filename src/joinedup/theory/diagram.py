"""The theory of change drawn as SVG, server-side (no script, prints in the PDF).

Steps are boxes in three columns (activities, outputs, outcomes) placed by
:func:`joinedup.analysis.theory.layout`; a link is an arrow whose line says how
much evidence it has: solid (evidence at both ends), dashed (one end), dotted
(assumption only). Line style and words carry the meaning, never colour alone,
and the page gives the same content as a table.
"""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from django.utils.translation import gettext

from joinedup.analysis import theory as th

BOX_W, LINE_H, PAD, GAP_Y = 210, 16, 8, 18
COL_X = (10, 300, 590)
TOP = 34
WIDTH = COL_X[-1] + BOX_W + 40
STYLE = {
    "both": 'stroke="#1d3557" stroke-width="2.5"',
    "one": 'stroke="#1d3557" stroke-width="1.8" stroke-dasharray="7 4"',
    "assumption": 'stroke="#6c757d" stroke-width="1.5" stroke-dasharray="2 4"',
}


def column_titles() -> tuple[str, str, str]:
    return (gettext("Activities"), gettext("Outputs"), gettext("Outcomes"))


def support_words() -> dict[str, str]:
    return {
        "both": gettext("evidence at both ends"),
        "one": gettext("evidence at one end"),
        "assumption": gettext("assumption only"),
    }


def _lines(title: str) -> list[str]:
    lines = textwrap.wrap(title, 30) or [""]
    if len(lines) > 4:
        lines = [*lines[:3], lines[3][:27] + "…"]
    return lines


def draw(reading: th.TheoryReading) -> str:
    """The SVG of ``reading`` (an empty string when it has no steps)."""
    if not reading.steps:
        return ""
    steps = {s.key: s for s in reading.steps}
    placed = th.layout(reading.steps, [r.link for r in reading.links])
    boxes: dict[str, tuple[float, float, float]] = {}  # key -> x, y, height
    bottom: dict[int, float] = {0: TOP, 1: TOP, 2: TOP}
    for p in placed:
        height = len(_lines(steps[p.key].title)) * LINE_H + LINE_H + 2 * PAD
        boxes[p.key] = (COL_X[p.column], bottom[p.column], height)
        bottom[p.column] += height + GAP_Y
    total = max(bottom.values()) + 44
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="toc-diagram" '
        f'viewBox="0 0 {WIDTH} {total}" width="{WIDTH}" height="{total}" role="img" '
        'aria-labelledby="toc-title">',
        f'<title id="toc-title">{escape(gettext("Theory of change: steps and links"))}</title>',
        '<defs><marker id="toc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#1d3557"/></marker></defs>',
    ]
    for x, title in zip(COL_X, column_titles(), strict=True):
        out.append(
            f'<text x="{x}" y="18" font-size="14" font-weight="bold" fill="#212529">'
            f"{escape(title)}</text>"
        )
    for r in reading.links:
        sx, sy, sh = boxes[r.link.source]
        tx, ty, th_ = boxes[r.link.target]
        if sx == tx:  # outcome to outcome: round the right-hand side
            x1, y1, x2, y2 = sx + BOX_W, sy + sh / 2, tx + BOX_W, ty + th_ / 2
            bend = x1 + 32
            d = f"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2 + 2},{y2}"
        else:
            x1, y1, x2, y2 = sx + BOX_W, sy + sh / 2, tx - 2, ty + th_ / 2
            mid = (x1 + x2) / 2
            d = f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"
        label = escape(support_words()[r.support])
        out.append(
            f'<path d="{d}" fill="none" {STYLE[r.support]} marker-end="url(#toc-arrow)">'
            f"<title>{label}</title></path>"
        )
    for key, (bx, by, h) in boxes.items():
        s = steps[key]
        fill = "#ffffff" if s.has_evidence else "#f1f3f5"
        out.append(
            f'<rect x="{bx}" y="{by}" width="{BOX_W}" height="{h}" rx="6" fill="{fill}" '
            f'stroke="#1d3557" stroke-width="{1.6 if s.has_evidence else 1}"/>'
        )
        for i, line in enumerate(_lines(s.title)):
            out.append(
                f'<text x="{bx + PAD}" y="{by + PAD + (i + 1) * LINE_H - 3}" font-size="13" '
                f'fill="#212529">{escape(line)}</text>'
            )
        mark = gettext("✓ evidence") if s.has_evidence else gettext("no evidence yet")
        out.append(
            f'<text x="{bx + PAD}" y="{by + h - PAD - 2}" font-size="11" fill="#495057" '
            f'font-style="italic">{escape(mark)}</text>'
        )
    legend_y = total - 18
    lx = 10.0
    for support, words in support_words().items():
        out.append(
            f'<line x1="{lx}" y1="{legend_y}" x2="{lx + 40}" y2="{legend_y}" {STYLE[support]}/>'
        )
        out.append(
            f'<text x="{lx + 48}" y="{legend_y + 4}" font-size="12" fill="#212529">'
            f"{escape(words)}</text>"
        )
        lx += 60 + 7 * len(words)
    out.append("</svg>")
    return "".join(out)
