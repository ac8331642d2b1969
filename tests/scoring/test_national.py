"""National path: bulk extraction from the real database, then DuckDB, checked
against the per-round scores of each partnership."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.instruments import parse_instrument
from joinedup.analysis.national import item_map, national_scores
from joinedup.analysis.scoring import score_round
from joinedup.analysis.suppression import Suppressed, guard_groups
from tests.scoring.helpers import instrument
from tests.scoring.test_web_scores import CHECK, _round

FORM = instrument({"purpose": ["p1", "p2", "p3"], "trust": ["t1", "t2"]}, reverse=["t2"])


def synthetic(partnerships: int, seed: int = 5) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(partnerships):
        for r in range(2 + 2 * p):
            group = ("board", "staff", "residents")[r % 3]
            for item in ("p1", "p2", "p3", "t1", "t2"):
                value = None if rng.random() < 0.1 else float(rng.integers(1, 6))
                rows.append(
                    {
                        "partnership": p,
                        "respondent": f"{p}-{r}",
                        "grp": group,
                        "item": item,
                        "value": value,
                    }
                )
    return rows


def test_national_equals_per_round_scores():
    rows = synthetic(6)
    result = national_scores(pa.Table.from_pylist(rows), item_map(FORM), k=3)
    dims = {(d["partnership"], d["dimension"]): d for d in result.dimensions.to_pylist()}
    groups = {(g["partnership"], g["dimension"], g["grp"]): g for g in result.groups.to_pylist()}
    for p in range(6):
        answers = [
            AnswerRow(r["respondent"], "", "", r["grp"], r["item"], r["value"])
            for r in rows
            if r["partnership"] == p
        ]
        for d in score_round(FORM, answers, k=3).dimensions:
            ours = dims[(p, d.dimension)]
            if isinstance(d.n, Suppressed):
                assert ours["n"] is None
                assert ours["suppressed"] == "fewer than 3 answers"
                continue
            assert ours["n"] == d.n
            assert ours["mean"] == pytest.approx(d.mean)
            assert (ours["ci_low"], ours["ci_high"]) == pytest.approx(d.ci)
            gap = d.divergence.largest_gap
            assert ours["largest_gap"] == (pytest.approx(gap) if gap is not None else None)
            for g, mean in d.divergence.means.items():
                row = groups[(p, d.dimension, g)]
                if isinstance(mean, Suppressed):
                    assert row["mean"] is None
                    assert row["suppressed"] == mean.reason
                else:
                    assert row["mean"] == pytest.approx(mean)


def test_national_icc_and_k_floor():
    rows = synthetic(6)
    result = national_scores(pa.Table.from_pylist(rows), item_map(FORM), k=5)
    icc = result.icc.to_pylist()
    assert [r["dimension"] for r in icc] == ["purpose", "trust"]
    assert all(r["partnerships"] == 4 for r in icc)  # 6, 8, 10, 12 respondents
    with pytest.raises(ValueError, match="floor"):
        national_scores(pa.Table.from_pylist(rows), item_map(FORM), k=2)


@pytest.mark.django_db(transaction=True)
def test_bulk_extract_from_the_database():
    from joinedup.registry.models import Organisation, Partnership
    from joinedup.reports.national_extract import national_answers, national_scores_for
    from joinedup.surveys.library import store_instrument

    Organisation.objects.create(name="Kestermouth Borough Council", sector="public")
    version = store_instrument(parse_instrument(CHECK), "yaml")
    start = timezone.make_aware(dt.datetime(2025, 3, 1))
    parts = []
    for name in ("Kestermouth Safer Streets", "Kestermouth Health Board"):
        p = Partnership.objects.create(name=name, basis="voluntary", start_date=dt.date(2020, 1, 1))
        _round(p, version, "spring", start, [("board", 1, 1, 1)] * 6)
        _round(
            p,
            version,
            "autumn",
            start + dt.timedelta(days=180),
            [("board", 4, 5, 3)] * 3 + [("staff", 2, 3, 5)] * 3,
        )
        parts.append(p)
    table = national_answers(version)
    assert table.num_rows == 2 * 6 * 3  # the latest round only
    assert set(table.column("partnership").to_pylist()) == {p.pk for p in parts}
    result = national_scores_for(version, k=5)
    trust = [d for d in result.dimensions.to_pylist() if d["dimension"] == "trust"]
    assert [d["n"] for d in trust] == [6, 6]
    assert trust[0]["mean"] == pytest.approx((4.5 * 3 + 2.5 * 3) / 6)
    assert trust[0]["largest_gap"] is None  # groups of 3 are below k


GROUP_NAMES = ("board", "business", "officers", "residents", "staff", "voluntary")


@given(
    partnerships=st.lists(
        st.lists(st.integers(0, 8), min_size=1, max_size=len(GROUP_NAMES)),
        min_size=1,
        max_size=6,
    ),
    k=st.sampled_from([3, 5]),
)
@hsettings(max_examples=60, deadline=None)
def test_national_group_rule_is_guard_groups(partnerships, k):
    """The national path's window-function copy of the group rule hides exactly the
    groups :func:`guard_groups` hides, including several small groups at once (issue
    16: before, a second small group left every other group shown)."""
    form = instrument({"d": ["i1"]})
    rows = []
    for p, sizes in enumerate(partnerships):
        for group, size in zip(GROUP_NAMES, sizes, strict=False):
            # a group of size 0 has one respondent who skipped the item (n = 0)
            for r in range(max(size, 1)):
                value = float(1 + (r + p) % 5) if size else None
                rows.append(
                    {"partnership": p, "respondent": f"{p}-{group}-{r}", "grp": group}
                    | {"item": "i1", "value": value}
                )
    result = national_scores(pa.Table.from_pylist(rows), item_map(form), k=k)
    got = {(g["partnership"], g["grp"]): g for g in result.groups.to_pylist()}
    for p, sizes in enumerate(partnerships):
        expected = guard_groups(dict(zip(GROUP_NAMES, sizes, strict=False)), k)
        for group, reason in expected.items():
            row = got[(p, group)]
            assert row["suppressed"] == reason, (p, sizes, group)
            assert (row["n"] is None) == (reason is not None)


def test_national_repro_one_shows_no_gap_beside_two_small_groups():
    """Issue 16, reproduction 1, on the national path: 6 officers, 6 board, 1 business,
    1 voluntary. Board goes with the two small groups, so one group is left and no
    gap between shown groups (officers − board) can be combined with the scores
    page's officers mean to give the pair's answers."""
    form = instrument({"d": ["i1"]})
    sizes = {"officers": 6, "board": 6, "business": 1, "voluntary": 1}
    rows = [
        {"partnership": 1, "respondent": f"{g}{r}", "grp": g, "item": "i1", "value": 3.0 + r % 2}
        for g, size in sizes.items()
        for r in range(size)
    ]
    result = national_scores(pa.Table.from_pylist(rows), item_map(form), k=5)
    shown = [g["grp"] for g in result.groups.to_pylist() if g["suppressed"] is None]
    assert shown == ["officers"]
    assert result.dimensions.to_pylist()[0]["largest_gap"] is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("share", [0.0, 0.5, 2.0])
def test_whole_table_scan_and_indexed_read_agree(monkeypatch, share):
    # share 0: the answer table is always read whole; 2: always through the
    # indexes; 0.5: the default, here the other instrument holds most responses.
    from django.db import connection

    from joinedup.registry.models import Organisation, Partnership
    from joinedup.reports import national_extract
    from joinedup.surveys.library import store_instrument

    Organisation.objects.create(name="Kestermouth Borough Council", sector="public")
    version = store_instrument(parse_instrument(CHECK), "yaml")
    other = store_instrument(parse_instrument({**CHECK, "id": "other-check"}), "yaml")
    start = timezone.make_aware(dt.datetime(2025, 3, 1))
    p = Partnership.objects.create(name="Kestermouth Board", basis="voluntary", start_date=start)
    _round(p, other, "spring", start, [("board", 5, 5, 5)] * 9)
    _round(p, version, "autumn", start, [("board", 4, 5, 3)] * 3 + [("staff", 2, 3, 5)] * 3)
    monkeypatch.setattr(national_extract, "SCAN_SHARE", share)
    answers, respondents = national_extract.extract(version)
    assert respondents.num_rows == 6
    result = national_extract.national_scores_for(version, k=5)
    trust = [d for d in result.dimensions.to_pylist() if d["dimension"] == "trust"]
    assert [d["n"] for d in trust] == [6]
    assert trust[0]["mean"] == pytest.approx((4.5 * 3 + 2.5 * 3) / 6)
    # The whole-table read (SQLite only) also brings the other instrument's
    # answers, which the join on respondent leaves out.
    whole = share == 0.0 and connection.vendor == "sqlite"
    assert answers.num_rows == ((6 + 9) * 3 if whole else 6 * 3)


def test_same_answers_in_any_order_give_the_same_figures_to_the_last_digit():
    """PostgreSQL hands rows over in no fixed order: a benchmark download read twice
    over the same closed rounds must not differ in the last digit of an SD (the
    running-mean SD did, and the open-round check saw a change where none was)."""
    rows = synthetic(8, seed=11)
    rng = np.random.default_rng(3)
    first = national_scores(pa.Table.from_pylist(rows), item_map(FORM), k=3)
    for _ in range(5):
        shuffled = [rows[i] for i in rng.permutation(len(rows))]
        again = national_scores(pa.Table.from_pylist(shuffled), item_map(FORM), k=3)
        assert again.items.to_pylist() == first.items.to_pylist()
        assert again.dimensions.to_pylist() == first.dimensions.to_pylist()
        assert again.groups.to_pylist() == first.groups.to_pylist()
