"""The per-principle governance grid, read as an attacker would.

The attacker sees, for each principle's question, the overall mean with its n and
each shown group's mean with its n, and knows their own answer and group. Each
published ``n × mean`` is the sum over a known set of respondents. The grid is safe
when no set of 1 … k − 1 respondents (k − 2 others for a respondent who subtracts
their own answer) has a sum that follows from the published totals: the auditor
:func:`joinedup.analysis.disclosure.disclosures` searches every such set. We also
check the subtraction directly: overall × n − Σ shown group totals is the sum of
the withheld groups, which must hold zero or at least k people.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.disclosure import disclosures
from joinedup.analysis.library import builtin
from joinedup.analysis.principles import principle_grid, principle_items
from joinedup.analysis.scoring import score_round
from joinedup.analysis.suppression import Suppressed

GOVERNANCE = builtin("governance")
K = 5


def round_of(sizes: dict[str, int], seed: int = 1, skip: float = 0.0) -> list[AnswerRow]:
    rng = random.Random(seed)
    rows = []
    person = 0
    for group, n in sizes.items():
        for _ in range(n):
            for item in GOVERNANCE.scored_items():
                value = None if rng.random() < skip else float(rng.randint(1, 5))
                rows.append(
                    AnswerRow(f"r{person}", f"o{person}", "public", group, item.name, value)
                )
            person += 1
    return rows


def published_sets(rows: list[AnswerRow], item: str, shown: set[str]) -> list[frozenset[str]]:
    """The respondent sets whose totals the page gives for one principle."""
    answered = [r for r in rows if r.item == item and r.value is not None]
    overall = frozenset(r.respondent for r in answered)
    groups = [frozenset(r.respondent for r in answered if r.group == g) for g in sorted(shown)]
    return [overall, *groups]


def check(rows: list[AnswerRow]) -> None:
    result = score_round(GOVERNANCE, rows, K)
    found = principle_grid(result, GOVERNANCE)
    if found is None:
        return
    grid = found.grid
    for item in grid.issues:
        overall = next(i for i in result.items if i.item == item)
        shown = {g for g in grid.groups if isinstance(grid.cells[g][item], float)}
        sets = published_sets(rows, item, shown) if isinstance(overall.mean, float) else []
        # the auditor: no small set is determined by what is published
        assert disclosures(sets, K) == [], (item, shown)
        # a respondent who subtracts their own answer: k − 2 others is the most they learn
        for me in {r.respondent for r in rows}:
            mine = [s - {me} for s in sets]
            for leak in disclosures([s for s in mine if s], K - 1):
                assert len(leak) >= K - 1, (item, me, leak)
        # the subtraction by hand
        hidden = [g for g in grid.groups if isinstance(grid.cells[g][item], Suppressed)]
        behind = sum(
            1 for r in rows if r.item == item and r.value is not None and r.group in hidden
        )
        if isinstance(overall.mean, float):  # no total shown: nothing to subtract from
            assert behind == 0 or behind >= K


def test_one_small_group_beside_the_total_is_hidden_with_its_complement():
    rows = round_of({"board member": 8, "officers": 9, "community": 3})
    result = score_round(GOVERNANCE, rows, K)
    grid = principle_grid(result, GOVERNANCE).grid
    for item in grid.issues:
        assert isinstance(grid.cells["community"][item], Suppressed)
        assert isinstance(grid.cells["board member"][item], Suppressed)  # the smaller of the rest
        assert grid.cells["board member"][item].reason == "hidden to protect a smaller group"
        assert isinstance(grid.cells["officers"][item], float)
    check(rows)


def test_the_grid_has_one_column_per_principle_with_plain_names():
    rows = round_of({"board member": 6, "officers": 7})
    found = principle_grid(score_round(GOVERNANCE, rows, K), GOVERNANCE)
    assert len(found.grid.issues) == len(principle_items(GOVERNANCE)) == 10
    assert found.labels["gv_citizen_engagement"] == "Involves local people"
    assert not any(
        isinstance(c, Suppressed) for cells in found.grid.cells.values() for c in cells.values()
    )


def test_no_grid_for_a_questionnaire_without_principles():
    health = builtin("health-check")
    assert principle_grid(score_round(health, [], K), health) is None


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=9), min_size=2, max_size=5),
    skip=st.sampled_from([0.0, 0.15]),
    seed=st.integers(0, 1000),
)
def test_no_subtraction_recovers_a_small_set(sizes, skip, seed):
    rows = round_of({f"group {i}": n for i, n in enumerate(sizes)}, seed, skip)
    check(rows)


@pytest.mark.parametrize("k", [5])
def test_the_dimension_grid_is_withheld_where_a_principle_cell_is(k):
    rows = round_of({"board member": 8, "officers": 9, "community": 6}, skip=0.0)
    # community answer only 4 of them to one principle: that cell is withheld,
    # and so is community's mean of the whole principles dimension
    rows = [
        r
        for r in rows
        if not (
            r.group == "community"
            and r.item == "gv_transparency"
            and r.respondent in {"r17", "r18"}
        )
    ]
    result = score_round(GOVERNANCE, rows, k)
    grid = principle_grid(result, GOVERNANCE).grid
    assert isinstance(grid.cells["community"]["gv_transparency"], Suppressed)
    dims = result.grid()
    assert isinstance(dims.cells["community"]["principles"], Suppressed)
