"""Answers in words and ticks: written comments and multiple-choice counts, under k.

Two kinds of answer carry no score: free text (``ItemType.TEXT``) and "tick all
that apply" (``ItemType.MULTIPLE``). This module decides what of them may be
shown; it is pure (no Django), and its one source of randomness is a secret key
passed in.

Written comments
    A question's comments are shown only when at least ``k`` respondents wrote
    something for it (a blank answer is no answer). Comments a coordinator hid
    still count towards ``k`` — they were answers — and the number hidden is said,
    so hiding never makes the rule pass or fail silently. The comments are listed
    in an order that is random but stable: sorted by an HMAC-SHA256 of each
    answer's id under a secret key (RFC 2104). Reloading the page keeps the order;
    the order carries nothing of when, by whom or in which group a comment was
    written, and since each answer (not each respondent) has its own key, the
    positions of one person's comments on two questions are unrelated.

Multiple-choice counts
    A question's counts are shown only when at least ``k`` respondents ticked
    something. Each option's count ``c`` out of ``N`` respondents splits them into
    two sets, those who ticked it and those who did not, and both are answers
    ("we share no budget" is as telling as "we do"). The threshold rule of
    statistical disclosure control (Hundepool et al., *Statistical Disclosure
    Control*, Wiley 2012, §4.2) is applied to both sides: ``c`` is shown exactly
    only when each side is empty or holds at least ``k`` people, i.e.
    ``c ∈ {0, N}`` or ``k ≤ c ≤ N − k``. Otherwise it is shown as a band:
    "fewer than k" (``1 ≤ c < k``) or "all but fewer than k" (``N − k < c < N``).
    Options are not exclusive, so the counts of a question do not sum to ``N``
    and no withheld count follows from ``N`` and the shown ones; a share of
    respondents is shown only beside an exact count.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from joinedup.analysis.suppression import check_k

__all__ = [
    "CommentSet",
    "OptionCount",
    "OptionCounts",
    "comment_set",
    "option_counts",
    "order_key",
]


def order_key(secret: bytes, answer_id: int) -> str:
    """The sort key of one comment: HMAC-SHA256 of the answer's id under ``secret``."""
    return hmac.new(secret, str(int(answer_id)).encode("ascii"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CommentSet:
    """One text question's comments as they may be shown.

    ``answered`` counts the respondents who wrote something (hidden comments
    included); ``comments`` is empty unless ``shown``; ``hidden`` is how many a
    coordinator hid."""

    answered: int
    shown: bool
    comments: tuple[str, ...] = ()
    hidden: int = 0


def comment_set(answers: Iterable[tuple[int, str, bool]], k: int, secret: bytes) -> CommentSet:
    """The comments of one question from ``(answer id, text, hidden)`` triples.

    Blank texts are no answers. With fewer than ``k`` answers nothing is shown;
    otherwise the texts not hidden, stripped, in :func:`order_key` order."""
    k = check_k(k)
    given = [(pk, text.strip(), hidden) for pk, text, hidden in answers if text.strip()]
    hidden = sum(1 for _pk, _text, h in given if h)
    if len(given) < k:
        return CommentSet(answered=len(given), shown=False, hidden=hidden)
    kept = sorted(((order_key(secret, pk), text) for pk, text, h in given if not h))
    return CommentSet(len(given), True, tuple(text for _key, text in kept), hidden)


@dataclass(frozen=True)
class OptionCount:
    """One option of a multiple-choice question as it may be shown: ``count`` and
    ``share`` (of respondents, 0–1) are None when withheld, and ``band`` then says
    which way ("fewer" than k ticked it, or all but "fewer" than k did: "most")."""

    value: str
    label: str
    count: int | None
    share: float | None
    band: str | None = None


@dataclass(frozen=True)
class OptionCounts:
    """A multiple-choice question's counts: ``respondents`` ticked at least one
    option; ``options`` is empty unless ``shown``."""

    respondents: int
    shown: bool
    options: tuple[OptionCount, ...] = field(default=())


def _option(value: str, label: str, count: int, n: int, k: int) -> OptionCount:
    if count in (0, n) or k <= count <= n - k:
        return OptionCount(value, label, count, count / n)
    band = "fewer" if count < k else "most"
    return OptionCount(value, label, None, None, band)


def option_counts(
    options: Sequence[tuple[str, str]], ticked: Iterable[Iterable[str]], k: int
) -> OptionCounts:
    """Counts per option (``(value, label)`` pairs, in the instrument's order) of
    the respondents' ticks (one collection of values per respondent; an empty one
    is no answer). Values not among ``options`` are left out."""
    k = check_k(k)
    known = {value for value, _label in options}
    sets = [set(t) & known for t in ticked]
    sets = [s for s in sets if s]
    n = len(sets)
    if n < k:
        return OptionCounts(n, False)
    counts = {value: 0 for value, _label in options}
    for chosen in sets:
        for value in chosen:
            counts[value] += 1
    shown = tuple(_option(value, label, counts[value], n, k) for value, label in options)
    return OptionCounts(n, True, shown)
