"""Round scores: readings, suppression, divergence and change, on small inline tables."""

from __future__ import annotations

import numpy as np
import pytest

from joinedup.analysis.readings import Band, band, change_is_marked, is_split, polarity
from joinedup.analysis.scoring import score_round
from joinedup.analysis.suppression import Suppressed, check_k, guard, guard_groups
from tests.scoring.helpers import instrument, rows

TRUST = instrument({"purpose": ["p1", "p2", "p3"], "trust": ["t1", "t2"]}, reverse=["t2"])

# Staff rate purpose high, the board low; t2 ("I hold back concerns") is reverse-scored.
ROUND = """
who group p1 p2 p3 t1 t2
r1  staff 4 5 4 2 5
r2  staff 5 5 4 2 4
r3  staff 4 4 ? 3 4
r4  staff 4 4 5 1 .
r5  staff 3 4 4 2 4
r6  board 2 2 1 5 1
r7  board 3 2 2 4 1
r8  board 2 1 2 5 2
r9  board 1 2 2 4 2
r10 board 2 3 2 5 1
"""


def test_k_below_three_is_refused():
    with pytest.raises(ValueError, match="below the floor of 3"):
        check_k(2)
    with pytest.raises(ValueError, match="minimum number"):
        score_round(TRUST, rows(ROUND), k=2)


def test_guard_and_secondary_suppression():
    assert guard(3.5, 4, 5) == Suppressed("fewer than 5 answers")
    assert guard(3.5, 5, 5) == 3.5
    hidden = guard_groups({"board": 7, "staff": 6, "residents": 2}, 5)
    assert hidden["residents"] == "fewer than 5 answers"
    assert hidden["staff"]  # the smallest shown group goes too
    assert hidden["board"] is None
    # Two small groups of 2: together 4, under k, so the only shown group must go
    # too, or 11 × overall − 7 × board gives the four people's combined answers.
    both = guard_groups({"board": 7, "staff": 2, "residents": 2}, 5)
    assert both["board"] == "hidden to protect a smaller group"
    # Small groups that together reach k protect each other.
    enough = guard_groups({"board": 7, "staff": 3, "residents": 2}, 5)
    assert enough["board"] is None


def test_item_and_dimension_scores_by_hand():
    result = score_round(TRUST, rows(ROUND), k=5)
    p1 = next(i for i in result.items if i.item == "p1")
    assert p1.n == 10
    assert p1.mean == pytest.approx(3.0)
    assert p1.median == 3.0
    assert p1.distribution == {"1": 0.1, "2": 0.3, "3": 0.2, "4": 0.3, "5": 0.1}
    p3 = next(i for i in result.items if i.item == "p3")
    assert p3.n == 9
    assert p3.dont_know_share == pytest.approx(0.1)
    t2 = next(i for i in result.items if i.item == "t2")
    assert t2.mean == pytest.approx((1 + 2 + 2 + 2 + 5 + 5 + 4 + 4 + 5) / 9)  # reversed
    purpose = result.dimensions[0]
    # respondent means: staff 13/3, 14/3, 4 (two of three answered), 13/3, 11/3; board …
    staff = [13 / 3, 14 / 3, 4, 13 / 3, 11 / 3]
    board = [5 / 3, 7 / 3, 5 / 3, 5 / 3, 7 / 3]
    assert purpose.n == 10
    assert purpose.sd == pytest.approx(float(np.std(staff + board, ddof=1)))
    # The published mean is the mean of the item means (3.0, 3.2 and 26/9), not the
    # mean of respondents' scores (46/15), since r3 skipped p3 (issue 16).
    assert purpose.mean == pytest.approx((3.0 + 3.2 + 26 / 9) / 3)
    assert purpose.split is True  # the two groups sit far either side of the median
    # Staff's p3 mean rests on 4 answers and is withheld (board's with it), so
    # neither group's purpose mean may be shown: it would give the p3 means back.
    hidden = Suppressed("hidden to protect a smaller group")
    assert purpose.divergence.means == {"board": hidden, "staff": hidden}
    p1 = next(i for i in result.items if i.item == "p1")
    assert p1.divergence.means == {"board": 2.0, "staff": 4.0}
    assert p1.divergence.differs


def test_small_round_is_suppressed_everywhere():
    small = "\n".join(ROUND.strip().splitlines()[:5])
    result = score_round(TRUST, rows(small), k=5)
    assert isinstance(result.respondents, Suppressed)
    for d in result.dimensions:
        for figure in (d.n, d.mean, d.ci, d.median, d.sd, d.rwg_j, d.alpha, d.band):
            assert isinstance(figure, Suppressed)
            assert figure.reason == "fewer than 5 answers"


def test_bands_thresholds_and_polarity():
    assert band(4.0, 1, 5, polarity("health-check", [])) is Band.STRENGTH
    assert band(3.99, 1, 5, polarity("health-check", [])) is Band.DISCUSS
    assert band(2.99, 1, 5, polarity("health-check", [])) is Band.CONCERN
    assert band(4.2, 1, 5, polarity("barriers", ["hardy:financial"])) is Band.CONCERN
    assert band(4.2, 1, 5, polarity("dynamics", ["newman:vertical:+"])) is None


def test_split_rule():
    # four answers more than one point from a median of 4, out of ten
    assert is_split([4, 4, 4, 4, 4, 4, 1, 1, 2, 2], 1, 5)
    assert not is_split([4, 4, 4, 4, 4, 4, 4, 1, 1, 2], 1, 5)  # three only
    assert not is_split([4] * 20 + [1] * 4, 1, 5)  # four, but under a fifth


def test_change_marked_only_when_significant_and_large():
    assert change_is_marked(0.5, 0.01, 1, 5)
    assert not change_is_marked(0.2, 0.001, 1, 5)  # significant but below 0.4
    assert not change_is_marked(0.9, 0.2, 1, 5)


def test_change_between_rounds():
    before = rows(ROUND)
    after = rows(ROUND.replace("r6  board 2 2 1", "r6  board 5 5 5"))
    result = score_round(TRUST, after, k=5, previous=before)
    purpose = result.dimensions[0]
    assert purpose.change is not None
    assert purpose.change.previous_n == 10
    # The difference of the published (item-derived) means: r6 gains 3 on p1 and
    # p2 (10 answers each) and 4 on p3 (9 answers, r3 said "don't know").
    assert purpose.change.difference == pytest.approx((3 / 10 + 3 / 10 + 4 / 9) / 3)
    assert purpose.change.test == "Welch's t-test"
    assert purpose.change.marked is False  # one person changing is not a change


def test_to_dict_is_json_and_has_the_grid():
    import json

    data = score_round(TRUST, rows(ROUND), k=5).to_dict()
    text = json.dumps(data)
    assert '"grid"' in text
    assert data["grid"]["issues"] == ["purpose", "trust"]
