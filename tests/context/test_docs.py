"""docs/methods-context.md names every derived figure and rule the code computes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from joinedup.analysis import context

DOC = Path(__file__).resolve().parents[2] / "docs" / "methods-context.md"
TEXT = DOC.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize(
    "phrase",
    [
        "expiring share",
        "short-term share",
        "bid share",
        "short-term or bid share",
        "earmarked share",
        "funding timeline",
        "measure balance",
        "purpose-kind disagreement",
        "one in three or more",
        "fewer than k answers",
        "market signals",
        "hierarchy signals",
        "new targets",
        "live funding",
        "three years or less",
        "12 calendar months",
        "import-funding",
        "import-measures",
    ],
)
def test_figure_is_documented(phrase):
    assert phrase in TEXT


def test_every_signal_field_is_documented():
    names = {f.name for f in dataclasses.fields(context.ContextSignals)}
    names |= {f.name for f in dataclasses.fields(context.FundingFigures)}
    spoken = {
        "as_of": "as of",
        "live_total": "live funding",
        "expiring_amount": "expiring share and amount",
        "expiring_share": "expiring share",
        "expiring_streams": "streams ending",
        "short_term_share": "short-term share",
        "bid_share": "bid share",
        "short_term_or_bid_share": "short-term or bid share",
        "earmarked_share": "earmarked share",
        "market": "market signals",
        "hierarchy": "hierarchy signals",
        "new_targets": "new targets",
        "new_targets_since": "targets_since",
        "measures": "measure balance",
    }
    assert names <= set(spoken)
    for name in names:
        assert spoken[name] in TEXT, name


def test_thresholds_in_doc_match_code():
    assert context.EXPIRY_MONTHS == 12
    assert context.SHORT_TERM_YEARS == 3
    assert str(context.DISAGREEMENT_THRESHOLD) == "1/3"
    assert "≥ 1/3" in TEXT
