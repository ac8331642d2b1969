"""The disclosure rule: no set of fewer than k respondents follows from published sums."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.analysis.disclosure import disclosures, protect_cells, protect_groups


def _brute_force(cells: list[set[int]], universe: list[int], k: int) -> list[frozenset[int]]:
    """Every subset of 1 … k−1 respondents whose sum lies in the span of the cells."""
    rows = np.array([[1.0 if e in c else 0.0 for e in universe] for c in cells])
    _, singular, vt = np.linalg.svd(rows)
    null = vt[int(np.count_nonzero(singular > 1e-9)) :]  # v is in the span iff null @ v == 0
    found = []
    for size in range(1, k):
        for subset in itertools.combinations(range(len(universe)), size):
            if np.allclose(null[:, list(subset)].sum(axis=1), 0.0, atol=1e-9):
                found.append(frozenset(universe[i] for i in subset))
    return found


def _partition(sizes: dict[str, int]) -> tuple[list[int], dict[str, set[int]]]:
    people, groups, start = [], {}, 0
    for name, n in sizes.items():
        groups[name] = set(range(start, start + n))
        people += list(groups[name])
        start += n
    return people, groups


def test_two_single_respondents_are_not_recoverable_from_the_overall():
    # The case: 6 officers, 6 board members, 1 business, 1 voluntary.
    sizes = {"officer": 6, "board": 6, "business": 1, "voluntary": 1}
    hidden = protect_groups(sizes, 5)
    assert hidden["business"]
    assert hidden["voluntary"]
    assert sum(1 for why in hidden.values() if why is None) == 1
    people, groups = _partition(sizes)
    shown = [set(people)] + [groups[g] for g, why in hidden.items() if why is None]
    assert disclosures(shown, 5) == []
    # Without the secondary suppression, the two would be found.
    leaky = [set(people), groups["officer"], groups["board"]]
    assert disclosures(leaky, 5) == [frozenset({12, 13})]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=4),
    st.integers(min_value=3, max_value=5),
)
def test_protected_groups_never_disclose(sizes_list, k):
    sizes = {f"g{i}": n for i, n in enumerate(sizes_list)}
    hidden = protect_groups(sizes, k)
    people, groups = _partition(sizes)
    if len(people) < k:
        return  # the overall itself is withheld by the primary rule
    shown = [set(people)] + [groups[g] for g, why in hidden.items() if why is None and groups[g]]
    assert _brute_force(shown, people, k) == []
    assert disclosures(shown, k) == []
    # Nothing is hidden that did not need to be: a group of k or more is hidden only
    # when the hidden ones together would otherwise be under k.
    small = sum(n for n in sizes.values() if 0 < n < k)
    if small == 0 or small >= k:
        assert all(why is None for g, why in hidden.items() if sizes[g] >= k)


def test_auditor_agrees_with_brute_force_on_overlapping_sets():
    universe = list(range(12))
    groups = [set(range(6)), set(range(6, 12))]
    sectors = [{0, 1, 2, 6, 7, 8}, {3, 4, 5, 9, 10}]  # respondent 11 has no sector shown
    cells = [set(universe), *groups, *sectors]
    found = {frozenset(s) for s in disclosures(cells, 5)}
    assert found == set(_brute_force(cells, universe, 5))
    assert frozenset({11}) in found


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_protect_cells_leaves_nothing_to_find(data):
    n = data.draw(st.integers(min_value=5, max_value=12))
    universe = list(range(n))
    labels_a = data.draw(st.lists(st.sampled_from("abc"), min_size=n, max_size=n))
    labels_b = data.draw(st.lists(st.sampled_from("xyz"), min_size=n, max_size=n))
    cells: dict[str, set[int]] = {"overall": set(universe)}
    for name, labels in (("group", labels_a), ("sector", labels_b)):
        for value in set(labels):
            cells[f"{name}:{value}"] = {i for i, lab in enumerate(labels) if lab == value}
    hidden = protect_cells(cells, 5, keep=["overall"])
    shown = [c for key, c in cells.items() if hidden[key] is None]
    assert _brute_force(shown, universe, 5) == []
    assert hidden["overall"] is None


def test_raters_not_pairs_are_counted():
    # Ratings of two organisations, each rated by the same four raters: each
    # organisation's received mean rests on four raters and is hidden, whatever the
    # number of ratings.
    pairs = [(r, t) for r in range(4) for t in ("north", "south")]
    cells = {t: [p for p in pairs if p[1] == t] for t in ("north", "south")}
    hidden = protect_cells(cells, 5, owner=lambda p: p[0])
    assert hidden == {"north": "fewer than 5 answers", "south": "fewer than 5 answers"}
    # A sector mean over both organisations plus one shown organisation would give
    # the other by subtraction: with six raters of north and four of south, south
    # is hidden and so is the sector figure that contains it.
    pairs = [(r, "north") for r in range(6)] + [(r, "south") for r in range(4)]
    cells = {
        "north": [p for p in pairs if p[1] == "north"],
        "south": [p for p in pairs if p[1] == "south"],
        "sector": pairs,
    }
    hidden = protect_cells(cells, 5, owner=lambda p: p[0])
    assert hidden["south"]
    assert hidden["north"] is None or hidden["sector"] is None
    assert not (hidden["north"] is None and hidden["sector"] is None)
