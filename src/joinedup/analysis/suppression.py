"""Confidentiality rule of the scoring core: no figure rests on fewer than k people.

Every figure that leaves :mod:`joinedup.analysis.scoring` (a mean, an interval, an
agreement index, a count, a group mean) passes through :func:`guard`. When the
number of respondents behind it is below ``k`` the figure is replaced by a
:class:`Suppressed` value that says why, so a caller can print the reason but can
never recover the number. ``k`` is passed in by the caller (the Django side reads
``settings.MIN_RESPONDENTS``; the command line takes ``--min-respondents``); it
defaults to 5 and values below 3 are refused.

Secondary suppression. When respondents are split into stakeholder groups, the
hidden groups' combined answers follow from the overall figure and the shown
groups' figures by subtraction. :func:`guard_groups` therefore hides further groups,
smallest first, until the hidden respondents number zero or at least ``k`` (the
complementary-cell rule of statistical disclosure control; see Hundepool et al.,
*Statistical Disclosure Control*, Wiley 2012, ch. 4). The general rule for any
family of published sets is in :mod:`joinedup.analysis.disclosure`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

DEFAULT_K = 5
HIDDEN_BY_SUBTRACTION = "hidden to protect a smaller group"
SMALLEST_K = 3

T = TypeVar("T")
G = TypeVar("G", bound=Hashable)


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


def guard_groups(sizes: Mapping[G, int], k: int) -> dict[G, str | None]:
    """For each group, ``None`` if its figure may be shown, else the reason in words.

    ``sizes`` maps each group to the number of respondents behind its figure (groups
    with no respondents are shown as empty, not hidden). Primary rule: a group with
    ``0 < n < k`` is hidden. Secondary rule: groups are then hidden smallest first
    (ties by name) until the hidden groups together hold zero or at least ``k``
    respondents, so ``overall × N − Σ shown`` never isolates fewer than ``k``
    people, however many groups are small. The sizes of hidden groups are not
    returned. Families of overlapping sets are handled by
    :func:`joinedup.analysis.disclosure.protect_cells`.
    """
    check_k(k)
    hidden: dict[G, str | None] = {
        g: (reason_for(k) if 0 < n < k else None) for g, n in sizes.items()
    }
    behind = sum(n for g, n in sizes.items() if hidden[g])
    shown = sorted((n, str(g), g) for g, n in sizes.items() if hidden[g] is None and n > 0)
    for n, _name, g in shown:
        if behind == 0 or behind >= k:
            break
        hidden[g] = HIDDEN_BY_SUBTRACTION
        behind += n
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
