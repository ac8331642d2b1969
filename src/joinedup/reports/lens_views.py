"""Framework lenses and the per-principle governance grid of a round, for the scores
section, the report and the API (figures from :mod:`joinedup.analysis.lenses` and
:mod:`joinedup.analysis.principles`, with ``settings.MIN_RESPONDENTS`` as k).

The section computes every lens of a round once (kept per process, keyed by the
round's submitted answers and k); the template shows the one the reader chose with
``?lens=`` (a plain GET form, so it works without JavaScript and in the PDF)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.conf import settings

from joinedup.analysis import lenses, principles
from joinedup.analysis.instruments import Instrument
from joinedup.analysis.scoring import RoundScores
from joinedup.surveys.extract import Round, round_answers, submitted_state

_CACHE: OrderedDict[tuple[Any, ...], list[lenses.LensResult]] = OrderedDict()
_CACHE_SIZE = 64


def round_lenses(round_: Round, instrument: Instrument) -> list[lenses.LensResult]:
    """Every lens that applies to the round's questionnaire, scored (cached)."""
    key = (round_.pk, *submitted_state(round_), settings.MIN_RESPONDENTS)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    wanted = any(lenses.applies(instrument, lens) for lens in lenses.LENSES.values())
    answers = round_answers(round_.pk) if wanted else []
    found = lenses.compute_all(instrument, answers, int(settings.MIN_RESPONDENTS))
    _CACHE[key] = found
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return found


def lens_rows(result: lenses.LensResult) -> list[dict[str, Any]]:
    """One row per heading: its figures as the scores table shows a dimension's."""
    from joinedup.reports.scores import _alpha, _cell, _reading

    rows = []
    for h in result.headings:
        row: dict[str, Any] = {"label": h.label, "items": len(h.items), "note": h.note}
        d = h.score
        if d is not None:
            row["figures"] = [_cell(d.n), _cell(d.mean), _cell(d.ci), _cell(d.rwg_j)]
            row["alpha"] = _alpha(d.alpha)
            row["band"] = _cell(d.band)
            row["band_class"] = str(d.band).replace(" ", "-") if isinstance(d.band, str) else ""
            row["reading"] = _reading(d.split)
        rows.append(row)
    return rows


def principle_view(result: RoundScores, instrument: Instrument) -> dict[str, Any] | None:
    """The groups × principles grid ready for the template (None: not a governance round)."""
    from joinedup.reports.scores import _cell

    found = principles.principle_grid(result, instrument)
    if found is None:
        return None
    g = found.grid
    return {
        "issues": [(found.labels[i], g.differs[i]) for i in g.issues],
        "rows": [(group, [_cell(c) for c in cells]) for group, cells in g.rows()],
    }


def round_extras(
    round_: Round, result: RoundScores, instrument: Instrument | None, latest: bool
) -> dict[str, Any]:
    """What the scores section adds to a round: its lenses (latest round of each
    questionnaire only) and its per-principle grid."""
    if instrument is None:
        return {"lenses": [], "lens_keys": [], "principles": None}
    found = round_lenses(round_, instrument) if latest else []
    views = [
        {
            "key": r.lens,
            "title": r.title,
            "source": r.source,
            "rows": lens_rows(r),
            "uncovered": lenses.uncovered_tags(instrument, lenses.LENSES[r.lens]),
        }
        for r in found
    ]
    return {
        "lenses": views,
        "lens_keys": [v["key"] for v in views],
        "principles": principle_view(result, instrument),
    }
