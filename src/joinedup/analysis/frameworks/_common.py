"""Small helpers shared by the framework modules (no Django, no settings)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from joinedup.analysis.data import AnswerRow

Tags = Mapping[str, Sequence[str]]


def agreement(value: float) -> float:
    """A 1–5 agreement answer on the −1…+1 scale: ``(v − 3) / 2``."""
    return (min(5.0, max(1.0, value)) - 3.0) / 2.0


def unit(value: float, low: float = 1.0, high: float = 5.0) -> float:
    """A bounded answer on the 0…1 scale: ``(v − low) / (high − low)``."""
    return (min(high, max(low, value)) - low) / (high - low)


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def item_tags(instrument: Any) -> dict[str, list[str]]:
    """Item name → tags of the item plus those of its dimension.

    ``instrument`` is an :class:`joinedup.analysis.instruments.Instrument`.
    """
    found: dict[str, list[str]] = {}
    for dimension in instrument.dimensions:
        for item in dimension.items:
            found[item.name] = list(dimension.tags) + list(item.tags)
    return found


def tagged(tags: Tags, prefix: str) -> dict[str, str]:
    """Item → the part of its first tag after ``prefix`` (e.g. ``hardy:``)."""
    found: dict[str, str] = {}
    for item, item_tags_ in tags.items():
        for tag in item_tags_:
            if tag.startswith(prefix):
                found[item] = tag[len(prefix) :]
                break
    return found


def by_respondent(answers: Iterable[AnswerRow]) -> dict[str, dict[str, float]]:
    """Respondent → item → numeric answer (missing and don't-know left out)."""
    table: dict[str, dict[str, float]] = {}
    for row in answers:
        if row.value is None or row.dont_know:
            continue
        table.setdefault(row.respondent, {})[row.item] = float(row.value)
    return table


def suppression_reason(n: int, k: int, what: str = "respondents") -> str | None:
    """The reason a figure is withheld, or ``None`` when ``n ≥ k``."""
    if n >= k:
        return None
    return f"withheld: {n} {what}, fewer than the minimum of {k}"
