"""Confidentiality rule of the scoring core: no figure rests on fewer than k people.

Every figure that leaves :mod:`joinedup.analysis.scoring` (a mean, an interval, an
agreement index, a count, a group mean) passes through :func:`guard`. When the
number of respondents behind it is below ``k`` the figure is replaced by a
:class:`Suppressed` value that says why, so a caller can print the reason but can
never recover the number. ``k`` is passed in by the caller (the Django side reads
``settings.MIN_RESPONDENTS``; the command line takes ``--min-respondents``); it
defaults to 5 and values below 3 are refused.

Secondary suppression. When respondents are split into stakeholder groups, and
exactly one group is too small to show, its mean could be worked out from the
overall mean and the other groups' means and sizes. :func:`guard_groups`
therefore also hides the smallest shown group in that case (the classic
complementary-cell rule of statistical disclosure control; see Hundepool et al.,
*Statistical Disclosure Control*, Wiley 2012, ch. 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

DEFAULT_K = 5
HIDDEN_BY_SUBTRACTION = "hidden to protect a smaller group"
SMALLEST_K = 3

T = TypeVar("T")


@dataclass(frozen=True)
class Suppressed:
    """A figure withheld for confidentiality; ``reason`` says why, in words."""

    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"suppressed": True, "reason": self.reason}

    def __str__(self) -> str:
        return self.reason


def check_k(k: int) -> int:
    """Return ``k`` if it is an allowed minimum group size, else raise ``ValueError``."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise ValueError("the minimum number of respondents must be a whole number")
    if k < SMALLEST_K:
        raise ValueError(
            f"the minimum number of respondents is {k}, below the floor of {SMALLEST_K}; "
            "smaller groups would let readers identify individual answers"
        )
    return k


def reason_for(k: int, what: str = "answers") -> str:
    return f"fewer than {k} {what}"


def guard(value: T, n: int, k: int, what: str = "answers") -> T | Suppressed:
    """``value`` if it rests on at least ``k`` respondents, else a :class:`Suppressed`."""
    check_k(k)
    if n < k:
        return Suppressed(reason_for(k, what))
    return value


def guard_groups(sizes: Mapping[str, int], k: int) -> dict[str, str | None]:
    """For each group, ``None`` if it may be shown or the reason it may not.

    Primary rule: a group with fewer than ``k`` respondents is hidden. Secondary
    rule: if exactly one group with respondents is hidden, the smallest shown group
    is hidden too, so the hidden mean cannot be recovered by subtraction.
    """
    check_k(k)
    hidden: dict[str, str | None] = {
        g: (reason_for(k) if 0 < n < k else None) for g, n in sizes.items()
    }
    primary = [g for g, why in hidden.items() if why]
    shown = sorted((n, g) for g, n in sizes.items() if hidden[g] is None and n > 0)
    if len(primary) == 1 and shown:
        hidden[shown[0][1]] = HIDDEN_BY_SUBTRACTION
    return hidden


def as_json(value: object) -> object:
    """A figure as JSON-ready data (suppressed figures become a small mapping)."""
    if isinstance(value, Suppressed):
        return value.to_dict()
    if isinstance(value, tuple):
        return [as_json(v) for v in value]
    if isinstance(value, float) and value != value:  # NaN has no JSON form
        return None
    return value
