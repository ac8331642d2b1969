"""The adversary's algebra: which small sets of people do the published sums determine?

Written apart from :mod:`joinedup.analysis.disclosure` on purpose, so the rule is not
tested with its own code. It works on one *family* at a time (one variable: an item,
a dimension score, an axis of the dynamics plane, the ratings one organisation
received on one item). An element is one reading of that variable (a respondent's
score; for network ratings a (rater, rated) pair) and ``owner`` says whose it is.

Each published figure whose set of elements is known is one row of a 0/1 matrix
``A`` (the elements behind a mean of ``n``; ``n × mean`` is their sum). The
attacker's own readings are unit rows. A set ``T`` of elements has a sum that
follows from the published figures iff its indicator vector lies in the row space
of ``A``, tested by rank: ``rank([A; 1_T]) == rank(A)``. Every row is constant on
*atoms* (elements in exactly the same published sets), so every determined set is
a union of atoms and only unions of atoms need trying; the columns of ``A`` are
compressed to atoms before the rank tests.

A *recovery* is a determined set that holds readings of 1 … ``k − 1`` people other
than the attacker (the attacker's own readings are known to them; subtracting them
is the attack). Without an attacker (``known`` empty) it is the rule itself: every
determined set holds zero or at least ``k`` people. With an attacker who is one of
the respondents, the bound is ``k − 2`` others: an attacker inside a published group
of ``k`` legitimately learns the combined answers of the ``k − 1`` others, exactly
what the group's figure tells every member of it.

:func:`solve` then checks a recovery numerically: least squares on the published
sums (and the attacker's own values) gives the set's sum, which must equal the
truth; a mismatch means the figures were mapped to the wrong sets, and the test
says so rather than reporting a false recovery.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

Element = Hashable


@dataclass(frozen=True)
class Equation:
    """One published figure: the elements behind it and their published sum."""

    elements: frozenset[Element]
    total: float
    source: str  # where it was read (for the failure message)


@dataclass(frozen=True)
class Recovery:
    family: str
    attacker: Hashable | None
    people: frozenset[Hashable]
    elements: frozenset[Element]
    recovered: float
    true: float
    sources: tuple[str, ...]

    def __str__(self) -> str:
        who = "the published figures alone" if self.attacker is None else f"{self.attacker}"
        return (
            f"{self.family}: {len(self.people)} other(s) {sorted(map(str, self.people))} "
            f"recovered by {who}: sum {self.recovered:.4f} (true {self.true:.4f}) "
            f"from {len(self.sources)} figure(s), e.g. {list(self.sources)[:3]}"
        )


def _atoms(rows: Sequence[frozenset[Element]], universe: Iterable[Element]) -> list[list[Element]]:
    by_signature: dict[tuple[int, ...], list[Element]] = {}
    for element in universe:
        signature = tuple(i for i, row in enumerate(rows) if element in row)
        if signature:  # an element in no published set is in no determined set
            by_signature.setdefault(signature, []).append(element)
    return list(by_signature.values())


def _rank(matrix: np.ndarray) -> int:
    return int(np.linalg.matrix_rank(matrix)) if matrix.size else 0


def determined(
    rows: Sequence[frozenset[Element]],
    universe: Iterable[Element],
    owner: Callable[[Element], Hashable],
    limit_people: int,
    exclude: frozenset[Hashable] = frozenset(),
    max_atoms: int = 18,
) -> list[frozenset[Element]]:
    """Unions of atoms in the row space of ``rows`` owned by 1 … ``limit_people``
    people outside ``exclude`` (the attacker's own atoms are left out of the count)."""
    atoms = _atoms(rows, universe)
    owners = [frozenset(owner(e) for e in atom) - exclude for atom in atoms]
    matrix = np.array([[1.0 if atom[0] in row else 0.0 for atom in atoms] for row in rows])
    base = _rank(matrix)
    candidates = [i for i, who in enumerate(owners) if len(who) <= limit_people]
    found = []
    for size in range(1, min(len(candidates), max_atoms) + 1):
        for combo in combinations(candidates, size):
            people = frozenset().union(*(owners[i] for i in combo))
            if not 0 < len(people) <= limit_people:
                continue
            vector = np.zeros(len(atoms))
            vector[list(combo)] = 1.0
            if _rank(np.vstack([matrix, vector])) == base:
                found.append(frozenset(e for i in combo for e in atoms[i]))
    return found


def _solve_sum(equations: Sequence[Equation], target: frozenset[Element]) -> tuple[float, float]:
    """Least-squares sum of ``target`` from the equations, and the largest weight."""
    elements = sorted({e for eq in equations for e in eq.elements}, key=repr)
    index = {e: i for i, e in enumerate(elements)}
    a = np.zeros((len(equations), len(elements)))
    for r, eq in enumerate(equations):
        a[r, [index[e] for e in eq.elements]] = 1.0
    b = np.array([eq.total for eq in equations])
    want = np.zeros(len(elements))
    want[[index[e] for e in target]] = 1.0
    weights, *_ = np.linalg.lstsq(a.T, want, rcond=None)
    return float(weights @ b), float(np.abs(weights).sum())


def _attackers(published: Sequence[Equation], truth: Mapping[Element, float], owner) -> list:  # type: ignore[no-untyped-def]
    """One attacker per distinct position: people whose readings fall in the same
    published sets are interchangeable to the algebra."""
    rows = [eq.elements for eq in published]
    seen: dict[frozenset[tuple[int, ...]], Hashable] = {}
    for element in sorted(truth, key=repr):
        person = owner(element)
        mine = frozenset(
            tuple(i for i, row in enumerate(rows) if e in row) for e in truth if owner(e) == person
        )
        seen.setdefault(mine, person)
    return [None, *seen.values()]


def solve(
    family: str,
    equations: Sequence[Equation],
    truth: Mapping[Element, float],
    owner: Callable[[Element], Hashable],
    k: int,
) -> list[Recovery]:
    """Every recovery in one family: by the published figures alone, and by each
    respondent who subtracts their own readings (one per distinct position)."""
    unique = {eq.elements: eq for eq in equations if eq.elements}
    published = list(unique.values())
    if not published:
        return []
    found: list[Recovery] = []
    for attacker in _attackers(published, truth, owner):
        own = frozenset(e for e in truth if attacker is not None and owner(e) == attacker)
        known = [Equation(frozenset([e]), truth[e], "own answer") for e in own]
        rows = [eq.elements for eq in published + known]
        limit = k - 1 if attacker is None else k - 2
        exclude = frozenset() if attacker is None else frozenset([attacker])
        for elements in determined(rows, truth, owner, limit, exclude):
            others = elements - own
            value, _weight = _solve_sum(published + known, others)
            found.append(
                Recovery(
                    family,
                    attacker,
                    frozenset(owner(e) for e in others),
                    others,
                    value,
                    sum(truth[e] for e in others),
                    tuple(sorted({eq.source for eq in published if eq.elements & elements})),
                )
            )
    return found
