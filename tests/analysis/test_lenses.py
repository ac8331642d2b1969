"""The framework lenses: every tag has a heading, headings score as dimensions do,
small headings and small groups show no figure."""

from __future__ import annotations

import random

import pytest

from joinedup.analysis import lenses
from joinedup.analysis.data import AnswerRow
from joinedup.analysis.library import builtin
from joinedup.analysis.scoring import score_round
from joinedup.analysis.suppression import Suppressed

HEALTH = builtin("health-check")


def answers(people: int, groups: tuple[str, ...] = ("board", "officers"), seed: int = 7):
    rng = random.Random(seed)
    rows = []
    for p in range(people):
        group = groups[p % len(groups)]
        for item in HEALTH.scored_items():
            scale = HEALTH.scale_of(item)
            value = float(rng.randint(int(scale.low), int(scale.high)))
            rows.append(AnswerRow(f"r{p}", f"o{p}", "public", group, item.name, value))
    return rows


@pytest.mark.parametrize("lens", sorted(lenses.LENSES))
def test_every_tag_of_the_health_check_has_a_heading(lens):
    assert lenses.uncovered_tags(HEALTH, lenses.LENSES[lens]) == []
    assert lenses.applies(HEALTH, lenses.LENSES[lens])


def test_the_four_lenses_of_the_brief_have_the_frameworks_headings():
    assert len(lenses.LENSES["theme"].headings) == 6
    assert len(lenses.LENSES["nuffield"].headings) == 6
    assert len(lenses.LENSES["audit"].headings) == 5
    assert len(lenses.LENSES["evans_killoran"].headings) == 6


def test_a_heading_scores_as_a_dimension_of_its_items_would():
    rows = answers(20)
    result = lenses.compute(HEALTH, rows, "nuffield", k=5)
    trust = next(h for h in result.headings if h.key == "trust")
    assert trust.items == ["hc_trust_word", "hc_trust_open", "hc_trust_fair"]
    item_means = {i.item: i.mean for i in score_round(HEALTH, rows, 5).items}
    expected = sum(item_means[name] for name in trust.items) / 3
    assert trust.score.mean == pytest.approx(expected)
    assert trust.score.n == 20
    low, high = trust.score.ci
    assert low < trust.score.mean < high
    assert set(trust.score.divergence.means) == {"board", "officers"}


def test_theme_lens_matches_the_dimension_where_items_are_the_same():
    rows = answers(12)
    result = lenses.compute(HEALTH, rows, "theme", k=5)
    dims = {d.dimension: d for d in score_round(HEALTH, rows, 5).dimensions}
    trust = next(h for h in result.headings if h.key == "ownership_trust")
    assert trust.score.mean == pytest.approx(dims["ownership_trust"].mean)


def test_a_heading_with_one_question_shows_no_figure_and_says_why():
    result = lenses.compute(HEALTH, answers(20), "audit", k=5)
    deciding = next(h for h in result.headings if h.key == "deciding")
    assert deciding.items == ["hc_purpose_need"]
    assert deciding.score is None
    assert "1 question only" in deciding.note
    assert "Too few questions to score: Deciding to work in partnership" in lenses.explain(result)


def test_a_heading_no_item_asks_about_says_so():
    only_purpose = HEALTH.model_copy(update={"dimensions": HEALTH.dimensions[:1]})
    result = lenses.compute(only_purpose, answers(10), "nuffield", k=5)
    trust = next(h for h in result.headings if h.key == "trust")
    assert trust.items == []
    assert trust.score is None
    assert trust.note == "no question of this questionnaire asks about it"


def test_fewer_than_k_respondents_withholds_every_heading_figure():
    result = lenses.compute(HEALTH, answers(4), "evans_killoran", k=5)
    scored = [h for h in result.headings if h.score is not None]
    assert scored
    for h in scored:
        assert isinstance(h.score.mean, Suppressed)
        assert isinstance(h.score.ci, Suppressed)
        assert isinstance(h.score.n, Suppressed)


def test_a_small_group_is_withheld_under_every_heading_and_its_complement_too():
    rows = answers(23, groups=("board",) * 10 + ("officers",) * 10 + ("business",) * 3)
    result = lenses.compute(HEALTH, rows, "nuffield", k=5)
    for h in result.headings:
        if h.score is None:
            continue
        means = h.score.divergence.means
        assert isinstance(means["business"], Suppressed)
        # 3 hidden alone could be recovered from the total: one more group is hidden
        assert sum(isinstance(m, Suppressed) for m in means.values()) >= 2


def test_unknown_lens_falls_back_to_the_themes_and_to_dict_is_plain():
    result = lenses.compute(HEALTH, answers(6), "astrology", k=5)
    assert result.lens == "theme"
    data = result.to_dict()
    assert data["headings"][0]["label"] == "A purpose partners share"
