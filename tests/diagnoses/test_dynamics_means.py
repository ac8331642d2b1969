"""Newman's plane derived from published item means (issue 16, subtraction leak).

A point used to be the mean of respondents' own signed answers per axis; with one
skipper in a shown group, the group's x·n minus its published item totals gave the
skipper's other answer. These tests show the old algebra, and that every published
point is now the signed mean of the published item means of its scope.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.divergence import group_divergence
from joinedup.analysis.frameworks import dynamics
from joinedup.analysis.frameworks._common import agreement, by_respondent
from joinedup.analysis.suppression import HIDDEN_BY_SUBTRACTION, Suppressed

TAGS = {
    "we_set_our_own_agenda": ["newman:vertical:+"],
    "targets_drive_us": ["newman:vertical:-"],
    "we_adapt_to_outside": ["newman:horizontal:+"],
    "procedures_come_first": ["newman:horizontal:-"],
}
ITEMS = sorted(TAGS)
AXES = {i: [(t.split(":")[1], 1 if t.endswith("+") else -1) for t in TAGS[i]] for i in TAGS}


def rows_from(answers: dict[tuple[str, str], dict[str, float]]) -> list[AnswerRow]:
    """(group, respondent) → item → answer, as answer rows (skipped items have no row)."""
    return [
        AnswerRow(r, "org", "public", g, item, float(v))
        for (g, r), given_answers in answers.items()
        for item, v in given_answers.items()
    ]


def published_items(rows: list[AnswerRow], k: int) -> tuple[dict, dict]:
    """What the scores pages publish for each item: the overall mean (n ≥ k) and the
    group means through :func:`group_divergence`, the function ``score_round`` uses."""
    table = by_respondent(rows)
    people = sorted({r.respondent for r in rows})
    group_of = {r.respondent: r.group for r in rows}
    overall, groups = {}, {}
    for item in ITEMS:
        x = np.array([table.get(p, {}).get(item, np.nan) for p in people])
        answered = x[~np.isnan(x)]
        overall[item] = float(answered.mean()) if answered.size >= k else None
        groups[item] = group_divergence(x, [group_of[p] for p in people], k).means
    return overall, groups


def signed_mean(means: dict[str, object], axis: str) -> float:
    """The axis coordinate implied by published item means (floats only)."""
    signed = [
        s * agreement(m)
        for i, m in means.items()
        if isinstance(m, float)
        for ax, s in AXES[i]
        if ax == axis
    ]
    return math.fsum(signed) / len(signed)


def old_point(rows: list[AnswerRow]) -> tuple[float, float, int]:
    """The former definition: the mean over respondents of their own signed means."""
    points = []
    for answers in by_respondent(rows).values():
        per = {"horizontal": [], "vertical": []}
        for item, v in answers.items():
            for axis, s in AXES[item]:
                per[axis].append(s * agreement(v))
        if per["horizontal"] and per["vertical"]:
            points.append((np.mean(per["horizontal"]), np.mean(per["vertical"])))
    xs, ys = zip(*points, strict=True)
    return float(np.mean(xs)), float(np.mean(ys)), len(points)


def reproduction_round() -> tuple[list[AnswerRow], int]:
    rng = np.random.default_rng(16)
    answers = {}
    for g in ("board", "officers"):
        for i in range(6):
            answers[(g, f"{g}{i}")] = {item: float(rng.integers(1, 6)) for item in ITEMS}
    answers[("board", "board0")]["we_adapt_to_outside"] = 4.0
    del answers[("board", "board0")]["procedures_come_first"]  # the lone skipper
    return rows_from(answers), 4.0


def test_reproduction_old_algebra_leaks_new_point_is_item_means():
    rows, secret = reproduction_round()
    k = 5
    _overall, groups = published_items(rows, k)
    board_rows = [r for r in rows if r.group == "board"]
    a_mean = groups["we_adapt_to_outside"]["board"]
    b_mean = groups["procedures_come_first"]["board"]
    assert isinstance(a_mean, float)
    assert isinstance(b_mean, float)
    # Old definition: board's x with n = 6 and the board's published item figures.
    x_old, _y_old, n = old_point(board_rows)
    a_signed, b_signed = agreement(a_mean), -agreement(b_mean)
    half = n * x_old - (6 * a_signed + 5 * b_signed) / 2  # = ½ · (a_r − 3)/2
    recovered = 3 + 4 * half
    assert recovered == pytest.approx(secret)
    # New: the published board point is the signed mean of the published item means.
    result = dynamics.compute(rows, TAGS, k, seed=3)
    board = {g.label: g for g in result.groups}["board"]
    assert board.n == 6
    assert board.x == pytest.approx((a_signed + b_signed) / 2, abs=1e-12)
    assert board.y == pytest.approx(signed_mean(_group(groups, "board"), "vertical"), abs=1e-12)
    # The old subtraction now gives a function of published B only, not r's answer.
    new_half = n * board.x - (6 * a_signed + 5 * b_signed) / 2
    assert new_half == pytest.approx((n - 6) * a_signed / 2 + (n - 5) * b_signed / 2)
    assert new_half == pytest.approx(b_signed / 2)


def _group(groups: dict, label: str) -> dict[str, object]:
    return {item: groups[item][label] for item in ITEMS}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_complete_answers_give_the_former_point_and_interval(seed):
    rng = np.random.default_rng(seed)
    answers = {
        (g, f"{g}{i}"): {item: float(rng.integers(1, 6)) for item in ITEMS}
        for g, size in (("board", 6), ("officers", 7), ("residents", 5))
        for i in range(size)
    }
    rows = rows_from(answers)
    result = dynamics.compute(rows, TAGS, k=5, seed=seed, n_boot=200)
    x, y, n = old_point(rows)
    assert (result.overall.x, result.overall.y, result.overall.n) == (
        pytest.approx(x, abs=1e-12),
        pytest.approx(y, abs=1e-12),
        n,
    )
    # the former interval: resampled respondents' own points
    pts = []
    for ans in by_respondent(rows).values():
        hs = [s * agreement(v) for i, v in ans.items() for ax, s in AXES[i] if ax == "horizontal"]
        vs = [s * agreement(v) for i, v in ans.items() for ax, s in AXES[i] if ax == "vertical"]
        pts.append((np.mean(hs), np.mean(vs)))
    data = np.asarray(pts)
    picks = np.random.default_rng(seed).integers(0, len(data), size=(200, len(data)))
    lo, hi = np.percentile(data[picks].mean(axis=1), [2.5, 97.5], axis=0)
    assert result.overall.x_ci == pytest.approx((lo[0], hi[0]), abs=1e-12)
    assert result.overall.y_ci == pytest.approx((lo[1], hi[1]), abs=1e-12)
    for group in result.groups:
        gx, gy, gn = old_point([r for r in rows if r.group == group.label])
        assert (group.x, group.y, group.n) == (
            pytest.approx(gx, abs=1e-12),
            pytest.approx(gy, abs=1e-12),
            gn,
        )


def test_a_group_is_withheld_when_one_of_its_axis_items_is():
    rng = np.random.default_rng(5)
    answers = {
        (g, f"{g}{i}"): {item: float(rng.integers(1, 6)) for item in ITEMS}
        for g, size in (("board", 6), ("officers", 6), ("staff", 7))
        for i in range(size)
    }
    for r in ("board0", "board1"):  # board's procedures item rests on 4 answers
        del answers[("board", r)]["procedures_come_first"]
    rows = rows_from(answers)
    _overall, groups = published_items(rows, 5)
    assert isinstance(groups["procedures_come_first"]["board"], Suppressed)
    assert isinstance(groups["procedures_come_first"]["officers"], Suppressed)
    result = dynamics.compute(rows, TAGS, k=5, seed=1)
    readings = {g.label: g for g in result.groups}
    for label in ("board", "officers"):
        assert readings[label].suppressed == f"withheld: {HIDDEN_BY_SUBTRACTION}"
        assert (readings[label].n, readings[label].x, readings[label].y) == (None, None, None)
    assert readings["staff"].n == 7
    assert readings["staff"].x == pytest.approx(
        signed_mean(_group(groups, "staff"), "horizontal"), abs=1e-12
    )


def test_pulls_and_profile_come_from_item_means():
    tags = {**TAGS, "capacity": ["pull:sustainability"], "deadlines": ["pull:pragmatism"]}
    tags |= {"formal": ["pull:accountability"], "fluid": ["pull:flexibility"]}
    tags |= {"fluid2": ["pull:flexibility"], "p1": ["profile:power:pragmatism"]}
    rows = []
    for i in range(6):
        r = f"r{i}"
        for item in ITEMS:
            rows.append(AnswerRow(r, "o", "public", "board", item, 4.0))
        for item, v in (("capacity", 5), ("deadlines", 1), ("formal", 1), ("fluid", 3)):
            rows.append(AnswerRow(r, "o", "public", "board", item, float(v)))
        rows.append(AnswerRow(r, "o", "public", "board", "p1", 2.0))
    # fluid2 answered by five of six (5, 5, 5, 5, 1): mean 4.2
    for i, v in enumerate((5, 5, 5, 5, 1)):
        rows.append(AnswerRow(f"r{i}", "o", "public", "board", "fluid2", float(v)))
    result = dynamics.compute(rows, tags, k=5)
    flex = ((3 - 1) / 4 + (4.2 - 1) / 4) / 2  # mean of item means, not of pooled answers
    raw = {"sustainability": 1.0, "pragmatism": 0.0, "accountability": 0.0, "flexibility": flex}
    total = sum(raw.values())
    assert result.overall.pull_source == "pull items"
    for pull, weight in raw.items():
        assert result.overall.pulls[pull] == pytest.approx(weight / total)
    assert result.overall.reported_profile == {"power": "pragmatism"}


@st.composite
def rounds(draw):
    k = draw(st.integers(3, 6))
    sizes = draw(st.lists(st.integers(1, 9), min_size=2, max_size=4))
    answers = {}
    for g, size in enumerate(sizes):
        for i in range(size):
            given_answers = {}
            for item in ITEMS:
                if draw(st.integers(0, 3)) > 0:  # a quarter of answers skipped
                    given_answers[item] = float(draw(st.integers(1, 5)))
            answers[(f"g{g}", f"g{g}r{i}")] = given_answers
    return rows_from(answers), k


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_every_published_point_is_the_signed_mean_of_published_item_means(case):
    rows, k = case
    if not rows:
        return
    overall_items, groups = published_items(rows, k)
    result = dynamics.compute(rows, TAGS, k, n_boot=20)
    readings = [(result.overall, overall_items)]
    readings += [(g, _group(groups, g.label)) for g in result.groups]
    for reading, means in readings:
        if reading.x is None:
            assert reading.y is None
            continue
        assert not any(isinstance(means[i], Suppressed) for i in ITEMS)
        assert reading.x == pytest.approx(signed_mean(means, "horizontal"), abs=1e-12)
        assert reading.y == pytest.approx(signed_mean(means, "vertical"), abs=1e-12)
        assert reading.n is not None
        assert reading.n >= k
