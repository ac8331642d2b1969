"""The anonymiser of the response-level export: k-anonymity by merging, then
blanking; pseudonyms that live for one export; linking only where it is safe."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.analysis.anonymise import (
    OTHER,
    Pseudonymiser,
    coarsening_report,
    generalise,
    k_anonymous,
    unlinkable,
)

COLUMNS = ("group", "sector", "tier", "role")


def _released(counts, recoding):
    out: Counter = Counter()
    for values, n in counts.items():
        out[recoding.apply(values)] += n
    return out


def test_a_lone_sector_member_is_merged_and_groups_survive():
    counts = Counter(
        {
            ("board", "public", "local", "member"): 6,
            ("officer", "public", "local", "member"): 6,
            ("board", "private", "local", "member"): 1,
        }
    )
    recoding = generalise(counts, COLUMNS, 5)
    released = _released(counts, recoding)
    assert all(n >= 5 for n in released.values())
    assert not any("private" in key for key in released)
    # The lone member loses their sector, not everybody their group.
    assert "group" not in recoding.blanked


def test_a_round_under_k_is_suppressed_whole():
    assert generalise(Counter({("a", "b", "c", "d"): 4}), COLUMNS, 5).suppressed


def test_other_never_points_at_a_small_group():
    counts = Counter({("a", "x", "x", "x"): 7, ("b", "x", "x", "x"): 2, ("c", "x", "x", "x"): 5})
    recoding = generalise(counts, COLUMNS, 5)
    released = _released(counts, recoding)
    assert released[(OTHER, "x", "x", "x")] >= 5 or "group" in recoding.blanked


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.tuples(*(st.sampled_from("abcd") for _ in COLUMNS)),
        st.integers(1, 6),
        min_size=1,
        max_size=20,
    ),
    st.integers(3, 6),
)
def test_every_released_round_is_k_anonymous(counts, k):
    recoding = generalise(Counter(counts), COLUMNS, k)
    if sum(counts.values()) < k:
        assert recoding.suppressed
    else:
        assert all(n >= k for n in _released(counts, recoding).values())


def test_pseudonyms_hold_within_an_export_and_differ_between_exports():
    one, two = Pseudonymiser(), Pseudonymiser()
    assert one("p12") == one("p12") != one("p13")
    assert one("p12") != two("p12")
    assert len(one("p12")) == 17


def test_people_whose_linked_rounds_single_them_out_are_unlinked():
    common = [(1, ("board",)), (2, ("board",))]
    appearances = {f"p{i}": common for i in range(5)}
    appearances["odd"] = [(1, ("board",)), (2, (OTHER,))]  # changed group between rounds
    appearances["once"] = [(1, ("board",))]
    assert unlinkable(appearances, 5) == {"odd"}


def test_report_counts_what_was_coarsened():
    counts = Counter({("a", "x", "x", "x"): 6, ("b", "x", "x", "x"): 1})
    recodings = {
        1: generalise(counts, COLUMNS, 5),
        2: generalise(Counter({("a",) * 4: 2}), COLUMNS, 5),
    }
    report = coarsening_report(recodings)
    assert report["rounds_left_out"] == 1
    assert report["rounds_released"] == 1
    assert k_anonymous(["x"] * 5, 5)
    assert not k_anonymous(["x"] * 4, 5)
