"""Anonymising response-level data for evaluators: coarsened quasi-identifiers and
pseudonyms that live for one export only.

Quasi-identifiers
-----------------
A respondent's row carries a few descriptive columns besides the answers: their
stakeholder group, their organisation's sector and tier, and their organisation's
role in the partnership. Each is harmless alone, but together they can single
somebody out ("the only business representative on the board"). A release is
*k-anonymous* when every combination of those columns that appears in it is shared
by at least ``k`` rows (Sweeney, "k-anonymity: a model for protecting privacy",
*Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems* 10(5), 2002).

:func:`generalise` reaches it for one survey round in three moves, each coarser
than the last:

1. *merging*: the values of a column held by fewer than ``k`` respondents become
   :data:`OTHER`; while that merged value itself has 1 to ``k``-1 respondents, the
   next smallest value joins it (so "other" never points at a small group either);
2. *greedy generalisation*: while some combination of the columns has 1 to ``k``-1
   respondents, the smallest remaining value of one column joins :data:`OTHER`,
   choosing the step that leaves the fewest respondents in small combinations,
   then the one that loses least information;
3. *suppression* of whole columns (released blank) and of whole rounds: steps 1–2
   are run with none, the last, the last two, … of the columns blanked, and the
   result that loses least wins, information loss counting changed cells weighted by the column's
   importance (group 4, sector 3, tier 2, role 1; the weighted form of Samarati's
   minimal generalisation); a round with fewer than ``k`` respondents cannot be
   released at all and is left out whole.

With every value of every column merged the round is one combination holding all
its respondents, so for a round of ``k`` or more respondents step 2 always ends.
The recoding depends only on the round's own respondents, so every export that
contains the round (its partnership's, the national one, next week's) shows each
row with the same coarse values: two exports cannot be intersected to recover
finer ones. Rounds are
exported once closed, when the set of respondents no longer changes.

Pseudonyms
----------
:class:`Pseudonymiser` names respondents by a keyed hash (HMAC-SHA-256) of an
internal key under a random secret that is drawn for the export and never stored:
the names are the same for the same person across the rounds of one export, differ
between exports, and cannot be computed from ids without the secret.

Linking a person's rounds adds a risk: the coarse values of all their rounds
together may be rarer than each round's. :func:`unlinkable` finds the people whose
combination of (round, coarse values) over the export is shared by fewer than ``k``
people; the export then names each of their rounds separately.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

OTHER = "(other)"
BLANK = ""

Key = tuple[str, ...]
P = TypeVar("P", bound=Hashable)


@dataclass
class Recoding:
    """How one round's quasi-identifier values are released.

    ``merged[c]`` holds the values of column ``c`` released as :data:`OTHER`;
    ``blanked`` the columns released empty. ``suppressed`` is True when the round
    has fewer than k respondents and is not released at all."""

    columns: tuple[str, ...]
    merged: dict[str, set[str]] = field(default_factory=dict)
    blanked: set[str] = field(default_factory=set)
    suppressed: bool = False

    def apply(self, values: Sequence[str]) -> Key:
        out = []
        for column, value in zip(self.columns, values, strict=True):
            if column in self.blanked:
                out.append(BLANK)
            elif value in self.merged.get(column, ()):
                out.append(OTHER)
            else:
                out.append(value)
        return tuple(out)

    def copy(self) -> Recoding:
        return Recoding(
            self.columns,
            {c: set(v) for c, v in self.merged.items()},
            set(self.blanked),
            self.suppressed,
        )


def _small(counts: Mapping[Key, int], recoding: Recoding, k: int) -> int:
    """Respondents in released combinations held by 1 to k-1 respondents."""
    released: Counter[Key] = Counter()
    for values, n in counts.items():
        released[recoding.apply(values)] += n
    return sum(n for n in released.values() if n < k)


def _loss(counts: Mapping[Key, int], recoding: Recoding) -> int:
    """Cells released with a value other than their own, each weighted by its
    column's importance (the first of ``columns`` weighs most)."""
    width = len(recoding.columns)
    total = 0
    for values, n in counts.items():
        released = recoding.apply(values)
        for i, (a, b) in enumerate(zip(values, released, strict=True)):
            if a != b:
                total += n * (width - i)
    return total


def _column_counts(counts: Mapping[Key, int], index: int) -> Counter[str]:
    per: Counter[str] = Counter()
    for values, n in counts.items():
        per[values[index]] += n
    return per


def _merge_step(per: Counter[str], merged: set[str], k: int) -> set[str]:
    """``merged`` topped up, smallest value first (ties by name), until the merged
    values hold no respondent or at least k, or nothing is left to merge."""
    merged = set(merged)
    while True:
        held = sum(per[v] for v in merged)
        rest = sorted((n, v) for v, n in per.items() if v not in merged)
        if held == 0 or held >= k or not rest:
            return merged
        merged.add(rest[0][1])


def _start(
    counts: Mapping[Key, int], columns: tuple[str, ...], blank: set[str], k: int
) -> Recoding:
    """Step 1 (merging each column's small values) with the columns ``blank`` blanked."""
    recoding = Recoding(columns, blanked=set(blank))
    for i, column in enumerate(columns):
        if column in blank:
            continue
        per = _column_counts(counts, i)
        merged = _merge_step(per, {v for v, n in per.items() if n < k}, k)
        if merged:
            recoding.merged[column] = merged
    return recoding


def _merges(counts: Mapping[Key, int], recoding: Recoding, k: int) -> Iterable[Recoding]:
    """Every one-step merge of ``recoding`` (a column's smallest unmerged value
    into :data:`OTHER`, topped up to k)."""
    for i, column in enumerate(recoding.columns):
        if column in recoding.blanked:
            continue
        per = _column_counts(counts, i)
        merged = recoding.merged.get(column, set())
        rest = sorted((n, v) for v, n in per.items() if v not in merged)
        if rest:
            step = recoding.copy()
            step.merged[column] = _merge_step(per, merged | {rest[0][1]}, k)
            yield step


def _greedy(counts: Mapping[Key, int], recoding: Recoding, k: int) -> Recoding:
    while _small(counts, recoding, k) > 0:
        # Never empty while some combination is small: with every value of every
        # column merged, the round is one combination of >= k respondents.
        steps = [(_small(counts, step, k), step) for step in _merges(counts, recoding, k)]
        fewest = min(n for n, _ in steps)
        tied = [step for n, step in steps if n == fewest]
        recoding = min(tied, key=lambda step: _loss(counts, step)) if len(tied) > 1 else tied[0]
    return recoding


def _tidy(counts: Mapping[Key, int], recoding: Recoding) -> Recoding:
    """A column whose every value is merged says nothing: release it blank."""
    for i, column in enumerate(recoding.columns):
        values = set(_column_counts(counts, i))
        if column in recoding.merged and recoding.merged[column] >= values:
            recoding.blanked.add(column)
            del recoding.merged[column]
    return recoding


def generalise(counts: Mapping[Key, int], columns: Sequence[str], k: int) -> Recoding:
    """The recoding of one round that makes it k-anonymous on ``columns``.

    ``counts`` maps each combination of original values (in the order of
    ``columns``, most important first) to its number of respondents. The least
    important columns are tried blank in turn (none, the last, the last two, …;
    skipping a set whose blanking alone loses more than the best found), with
    merging and greedy merges on the others; the recoding with the least weighted
    loss (:func:`_loss`) wins."""
    columns = tuple(columns)
    total = sum(counts.values())
    if total < k:
        return Recoding(columns, suppressed=True)
    width = len(columns)
    # Blank the least important columns first: nothing, role, tier and role, ...
    subsets = [set(columns[width - n :]) if n else set() for n in range(width + 1)]
    best: Recoding | None = None
    best_loss = 0
    for blank in subsets:
        floor = total * sum(width - columns.index(c) for c in blank)
        if best is not None and floor >= best_loss:
            continue
        candidate = _greedy(counts, _start(counts, columns, blank, k), k)
        loss = _loss(counts, candidate)
        if best is None or loss < best_loss:
            best, best_loss = candidate, loss
    assert best is not None
    return _tidy(counts, best)


def k_anonymous(rows: Iterable[Hashable], k: int) -> bool:
    """True when every distinct value among ``rows`` occurs at least k times."""
    return all(n >= k for n in Counter(rows).values())


class Pseudonymiser:
    """Per-export pseudonyms: ``prefix`` + the first 16 hex digits of
    HMAC-SHA-256(secret, key), the 32-byte secret drawn fresh for each instance and
    kept only in memory. 64 bits make a collision among a million respondents a
    one-in-ten-million chance."""

    def __init__(self, prefix: str = "R") -> None:
        self._secret = secrets.token_bytes(32)
        self._prefix = prefix

    def __call__(self, key: str) -> str:
        digest = hmac.new(self._secret, key.encode(), hashlib.sha256).hexdigest()
        return self._prefix + digest[:16]


def unlinkable(appearances: Mapping[P, Iterable[tuple[int, Key]]], k: int) -> set[P]:
    """The people whose rounds must not be linked under one pseudonym.

    ``appearances`` maps a person to their (round, released values) pairs in the
    export. A person seen in two or more rounds is kept linked only when at least
    k people share the same set of (round, released values); the others are
    returned (people seen in one round never need unlinking)."""
    signature: dict[P, tuple[tuple[int, Key], ...]] = {}
    for person, seen in appearances.items():
        pairs = tuple(sorted(seen))
        if len(pairs) > 1:
            signature[person] = pairs
    sizes = Counter(signature.values())
    return {p for p, s in signature.items() if sizes[s] < k}


def coarsening_report(recodings: Mapping[int, Recoding]) -> dict[str, object]:
    """What was coarsened across the export's rounds, for the codebook: per column
    the values merged into :data:`OTHER` and in how many rounds, how many rounds
    blanked the column, and how many rounds were left out."""
    merged: dict[str, Counter[str]] = defaultdict(Counter)
    blanked: Counter[str] = Counter()
    suppressed = 0
    for recoding in recodings.values():
        if recoding.suppressed:
            suppressed += 1
            continue
        for column, values in recoding.merged.items():
            merged[column].update(values)
        blanked.update(recoding.blanked)
    columns = next(iter(recodings.values())).columns if recodings else ()
    return {
        "columns": {
            c: {
                "merged_into_other": dict(sorted(merged[c].items())),
                "blanked_in_rounds": blanked[c],
            }
            for c in columns
        },
        "rounds_released": len(recodings) - suppressed,
        "rounds_left_out": suppressed,
    }
