"""Disclosure control for sets of published figures: nothing recoverable by subtraction.

Threat model. A reader of joinedup's pages, downloads and API answers knows their own
answers and who belongs to which stakeholder group or sector. Every published mean
with its ``n`` (and every share of a distribution) is, to that reader, a linear
equation: the sum of the answers of a known set of respondents. Published side by
side, these equations can be added and subtracted. The rule this module enforces is
the one statistical agencies apply to linked tables (Hundepool et al., *Statistical
Disclosure Control*, Wiley 2012, §4.3 "secondary cell suppression"; Willenborg & de
Waal, *Elements of Statistical Disclosure Control*, Springer 2001, ch. 4):

    every set of respondents whose combined answers follow from the published
    figures by linear algebra has either no one in it or at least ``k`` people.

Under that rule a reader who subtracts their own answers learns at most the combined
answers of ``k − 1`` others — exactly what a single published group of ``k``
already tells its own members — and never one person's answers.

Two ways to apply it:

:func:`protect_groups`
    One partition (groups of one figure, e.g. a dimension's mean per stakeholder
    group beside the overall mean). Groups under ``k`` are hidden (primary
    suppression); while the hidden groups together hold between 1 and ``k − 1``
    respondents, the smallest shown group is hidden as well (secondary
    suppression), so ``overall × N − Σ shown`` always covers zero or at least ``k``
    people. The sizes of hidden groups are never returned.

:func:`protect_cells`
    Any family of overlapping sets published together (per-organisation received
    ratings beside sector averages; groups and sectors of the same respondents).
    It audits the family with :func:`disclosures` and hides the smallest
    contributing set until the audit finds nothing.

:func:`disclosures` is the auditor (and the adversary in joinedup's tests): it
splits the elements into *atoms* (elements that belong to exactly the same
published sets; every published sum is a sum of whole atoms), then searches unions
of atoms owned by fewer than ``k`` people for one whose indicator vector lies in the
row space of the published sets. Membership is tested against a basis of the null
space of the set-by-atom matrix (``v`` is determinable iff ``Nᵀ v = 0``).
Elements need not be respondents: for network ratings an element is a
(rater, rated) pair and ``owner`` maps it to the rater, so "fewer than ``k``" counts
raters.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from joinedup.analysis.suppression import HIDDEN_BY_SUBTRACTION, check_k, reason_for
from joinedup.analysis.suppression import guard_groups as protect_groups

__all__ = [
    "HIDDEN_BY_SUBTRACTION",
    "disclosures",
    "protect_cells",
    "protect_groups",
]

G = TypeVar("G", bound=Hashable)
E = TypeVar("E", bound=Hashable)

#: How many unions of atoms the auditor tries before it gives up and reports the
#: family as unsafe (the safe direction: more is hidden, never less).
SEARCH_LIMIT = 200_000


def _atoms(cells: Sequence[frozenset[E]]) -> tuple[list[list[E]], NDArray[np.float64]]:
    """Elements grouped by the exact sets they belong to, and the set-by-atom matrix."""
    signature: dict[E, list[int]] = {}
    for index, cell in enumerate(cells):
        for element in cell:
            signature.setdefault(element, []).append(index)
    by_signature: dict[tuple[int, ...], list[E]] = {}
    for element, where in signature.items():
        by_signature.setdefault(tuple(where), []).append(element)
    atoms = list(by_signature.values())
    matrix = np.zeros((len(cells), len(atoms)))
    for column, rows in enumerate(by_signature):
        matrix[list(rows), column] = 1.0
    return atoms, matrix


def _null_space(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """Orthonormal basis (as columns) of ``{v : matrix @ v = 0}``."""
    if matrix.size == 0:
        return np.eye(matrix.shape[1])
    _, singular, vt = np.linalg.svd(matrix)
    tol = max(matrix.shape) * np.finfo(float).eps * (singular[0] if singular.size else 0.0)
    rank = int(np.count_nonzero(singular > tol))
    return np.asarray(vt[rank:].T)


def disclosures(
    cells: Sequence[Collection[E]],
    k: int,
    owner: Callable[[E], Hashable] | None = None,
    limit: int = SEARCH_LIMIT,
) -> list[frozenset[E]]:
    """Sets owned by 1 … ``k − 1`` people whose combined answers the cells determine.

    ``cells`` are the published sets (each published sum is over one of them).
    Returns the disclosed sets found, smallest first (empty when the family is safe).
    Unions of atoms are searched depth first, growing a union only while it is owned
    by fewer than ``k`` people. When the search would exceed ``limit`` unions it
    returns the union of all small atoms as a (conservative) disclosure, so callers
    hide more rather than less.
    """
    check_k(k)
    own = owner or (lambda e: e)
    frozen = [frozenset(c) for c in cells if c]
    if not frozen:
        return []
    atoms, matrix = _atoms(frozen)
    projector = _null_space(matrix).T  # v is determinable iff projector @ v == 0
    owners = [frozenset(own(e) for e in atom) for atom in atoms]
    small = [i for i, who in enumerate(owners) if len(who) < k]
    found: list[frozenset[E]] = []
    tried = 0
    stack: list[tuple[int, tuple[int, ...], frozenset[Hashable], NDArray[np.float64]]] = [
        (0, (), frozenset(), np.zeros(projector.shape[0]))
    ]
    while stack:
        start, combo, people, image = stack.pop()
        for position in range(start, len(small)):
            atom = small[position]
            grown = people | owners[atom]
            if len(grown) >= k:
                continue
            tried += 1
            if tried > limit:
                return [frozenset(e for i in small for e in atoms[i])]
            moved = image + projector[:, atom]
            chosen = (*combo, atom)
            if not moved.size or np.allclose(moved, 0.0, atol=1e-9):
                found.append(frozenset(e for i in chosen for e in atoms[i]))
            stack.append((position + 1, chosen, grown, moved))
    return sorted(found, key=len)


def protect_cells(
    cells: Mapping[G, Collection[E]],
    k: int,
    keep: Collection[G] = (),
    owner: Callable[[E], Hashable] | None = None,
) -> dict[G, str | None]:
    """For each published set, ``None`` if it may be shown, else the reason it is hidden.

    Sets owned by fewer than ``k`` people are hidden first. Then, while
    :func:`disclosures` finds a set that the shown ones determine, the smallest
    shown set (not in ``keep``, e.g. the overall total) that touches the disclosed
    set is hidden. Sets in ``keep`` are hidden only by the primary rule.
    """
    check_k(k)
    own = owner or (lambda e: e)
    hidden: dict[G, str | None] = {}
    for key, cell in cells.items():
        people = {own(e) for e in cell}
        hidden[key] = reason_for(k) if 0 < len(people) < k else None
    while True:
        shown = [key for key in cells if hidden[key] is None and cells[key]]
        leaks = disclosures([cells[key] for key in shown], k, own)
        if not leaks:
            return hidden
        leak = leaks[0]
        candidates = [key for key in shown if key not in keep and leak & frozenset(cells[key])]
        if not candidates:
            candidates = [key for key in shown if key not in keep]
        if not candidates:
            return hidden
        victim = min(candidates, key=lambda key: (len(cells[key]), str(key)))
        hidden[victim] = HIDDEN_BY_SUBTRACTION
