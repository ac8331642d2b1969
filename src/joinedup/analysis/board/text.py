"""Shared pieces of the board wording: a weighted question, a section's lines, and
small helpers for numbers and lists in English.

Questions carry a *weight* so the report can order the questions of all sections
together and keep the most pressing ones. The scale is the project's own, fixed
here so every section uses it the same way:

- 3 and above: a figure in the "concern" band, or an alert the diagnoses raised;
- 2 to 3: a divided partnership (groups far apart, answers split, low agreement),
  tokenism, feedback not given, purpose disputed, money about to end;
- below 2: worth raising when there is room (the periphery, clashes, depth gaps).

Within a band, a larger gap or a lower score adds up to one point, so the worst of
several similar findings comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from joinedup.analysis.words import ngettext

ALERT = 3.0
DIVIDED = 2.0
ROOM = 1.0

# A section's status on the partnership's overview (see ``BoardLines.status``).
GOOD = "good"
WATCH = "watch"
NEEDS_ATTENTION = "alert"
NO_DATA = "none"


@dataclass(frozen=True)
class Prompt:
    """One question for the board; ``str(prompt)`` is its text."""

    text: str
    weight: float

    def __str__(self) -> str:
        return self.text


@dataclass
class BoardLines:
    """What one report section adds to the summary, the questions and the methods."""

    summary: list[str] = field(default_factory=list)
    questions: list[Prompt] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    #: The one sentence of the section's overview card, and its status there
    #: (GOOD, WATCH, NEEDS_ATTENTION, NO_DATA, or empty when it only informs).
    headline: str = ""
    status: str = ""

    def context(self) -> dict[str, Any]:
        """The keys the report reads from a section's context."""
        return {
            "summary_lines": list(self.summary),
            "questions_for_the_board": list(self.questions),
            "methods_lines": list(self.methods),
        }


def ranked(prompts: Iterable[Prompt | str], limit: int) -> list[Prompt | str]:
    """Questions by falling weight (plain strings count as weight 0), first
    occurrence of each text only, at most ``limit``. The sort is stable, so equal
    weights keep the sections' order."""
    seen: set[str] = set()
    unique: list[Prompt | str] = []
    for p in prompts:
        if str(p) not in seen:
            seen.add(str(p))
            unique.append(p)
    unique.sort(key=lambda p: -p.weight if isinstance(p, Prompt) else 0.0)
    return unique[:limit]


def names(items: Sequence[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 partner', '3 partners'."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def percent(share: float) -> str:
    return f"{share:.0%}"


def points(value: float) -> str:
    """A difference on a rating scale, in words: '1 point', '0.45 points'."""
    if abs(abs(value) - 1) < 0.005:
        return ngettext("%(n)s point", "%(n)s points", 1) % {"n": 1}
    # A decimal takes the plural's general form (n = 5 selects it in every language).
    return ngettext("%(n)s point", "%(n)s points", 5) % {"n": f"{abs(value):.2f}"}
