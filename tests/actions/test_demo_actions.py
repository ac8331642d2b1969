"""The demo's Health and Social Care Board: three actions from spring 2026, one
published, a recorded workshop view, and the autumn 2026 round that shows each
action's effect with its uncertainty."""

from __future__ import annotations

import pytest

from joinedup.actions import effects, workshop
from joinedup.actions.models import Action, WorkshopView
from joinedup.analysis.reliable_change import Verdict
from tests.conftest import PARTNERSHIP_C

pytestmark = pytest.mark.django_db


def test_three_actions_one_published_and_a_workshop_view(demo) -> None:
    hsc = demo[PARTNERSHIP_C]
    actions = list(Action.objects.filter(partnership=hsc))
    assert len(actions) == 3
    assert [a.title for a in actions if a.published] == ["Rebuild trust with community members"]
    views = WorkshopView.objects.filter(round__partnership=hsc)
    assert {v.dimension for v in views} == {"purpose", "ownership_trust", "incentives_resources"}
    assert {v.round.period for v in views} == {"spring 2026"}


def test_the_next_round_shows_each_effect_with_its_uncertainty(demo) -> None:
    hsc = demo[PARTNERSHIP_C]
    by_title = {a.title: a for a in Action.objects.filter(partnership=hsc)}
    trust = effects.effect(by_title["Rebuild trust with community members"])
    assert trust is not None
    assert trust.after_period == "autumn 2026"
    assert trust.verdict == Verdict.IMPROVED
    assert trust.interval is not None
    assert trust.interval[0] > 0
    assert trust.rci is not None
    assert trust.rci > 1.96
    budget = effects.effect(by_title["Agree a pooled budget for carers' support"])
    assert budget is not None
    assert budget.verdict == Verdict.NOISE
    assert budget.interval is not None
    assert budget.interval[0] < 0 < budget.interval[1]
    assert "cannot be told from noise" in budget.reading
    carers = effects.effect(by_title["Reach more carers with a support plan"])
    assert carers is not None
    assert (carers.before, carers.after) == (61.0, 66.0)
    assert "records no uncertainty" in carers.reading


def test_workshop_view_beside_the_members_median(demo) -> None:
    hsc = demo[PARTNERSHIP_C]
    recorded = workshop.latest_recorded(hsc)
    assert recorded is not None
    assert recorded.period == "spring 2026"
    rows = {r["dimension"]: r for r in workshop.comparison(recorded)}
    trust = rows["ownership_trust"]
    assert trust["agreed"] == "4.2"
    assert trust["gap"].startswith(("+", "-"))
    assert trust["gap"] == "+1.0"
    assert "some way above" in trust["reading"]
    assert trust["median"] not in ("", "—")
