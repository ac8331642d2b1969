"""The methods page names every statistic, reading and rule the scoring core offers."""

from __future__ import annotations

import inspect
from pathlib import Path

from joinedup.analysis import divergence, readings, stats, suppression

DOC = Path(__file__).resolve().parents[2] / "docs" / "methods-scoring.md"


def public_functions(module) -> list[str]:
    return [
        name
        for name, obj in inspect.getmembers(module, inspect.isfunction)
        if obj.__module__ == module.__name__ and not name.startswith("_")
    ]


def test_every_statistic_is_documented():
    text = DOC.read_text(encoding="utf-8")
    names = [*public_functions(stats), "band", "is_split", "change_is_marked", "polarity"]
    names += ["guard_groups", "check_k", "grid", "national_scores"]
    missing = [n for n in names if f"`{n}`" not in text]
    assert not missing, f"not in docs/methods-scoring.md: {missing}"


def test_thresholds_in_the_doc_match_the_code():
    text = DOC.read_text(encoding="utf-8")
    assert f"p ≥ {readings.STRENGTH_FROM}" in text
    assert f"p < {readings.CONCERN_BELOW}" in text
    assert f"at least {readings.SPLIT_MIN_FAR} answers" in text
    assert f"{readings.CHANGE_MIN_SHARE} × (high − low)" in text
    assert f"below {suppression.SMALLEST_K} are refused" in text
    assert divergence.DIVERGENCE_ALPHA == 0.05
