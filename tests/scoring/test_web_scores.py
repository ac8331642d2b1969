"""The scores section of a partnership's page, on rounds answered in the test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from joinedup.analysis.instruments import parse_instrument
from tests.conftest import PARTNERSHIP_A
from tests.scoring.helpers import AGREE

CHECK = {
    "id": "trust-check",
    "title": "Trust check",
    "scales": {"agree": AGREE},
    "dimensions": [
        {
            "name": "trust",
            "label": "Trust between partners",
            "items": [
                {"name": "t1", "label": "Partners keep their word.", "scale": "agree"},
                {"name": "t2", "label": "I can raise a problem openly.", "scale": "agree"},
            ],
        },
        {
            "name": "purpose",
            "label": "Shared purpose",
            "items": [{"name": "p1", "label": "We agree what we are for.", "scale": "agree"}],
        },
    ],
}

# (group, t1, t2, p1) per respondent; spring is poor on trust, autumn better.
SPRING = [("board", 2, 2, 4)] * 3 + [("staff", 1, 2, 4)] * 3 + [("residents", 2, 1, 3)] * 2
AUTUMN = [("board", 4, 5, 4)] * 3 + [("staff", 4, 4, 4)] * 3 + [("residents", 5, 4, 3)] * 2


def _round(partnership, version, period, opens, answers):
    from joinedup.registry.models import Organisation
    from joinedup.surveys.models import Answer, Response, Round

    org = Organisation.objects.first()
    r = Round.objects.create(
        partnership=partnership,
        instrument=version,
        period=period,
        opens=opens,
        closes=opens + dt.timedelta(days=30),
        status="closed",
    )
    for group, t1, t2, p1 in answers:
        resp = Response.objects.create(
            round=r, organisation=org, group=group, source="web", submitted=opens
        )
        for item, value in (("t1", t1), ("t2", t2), ("p1", p1)):
            Answer.objects.create(response=resp, item=item, value=value)
    return r


@pytest.fixture
def two_rounds(demo):
    from joinedup.surveys.library import store_instrument

    version = store_instrument(parse_instrument(CHECK), "yaml")
    lsp = demo[PARTNERSHIP_A]
    start = timezone.make_aware(dt.datetime(2025, 3, 1))
    _round(lsp, version, "spring 2025", start, SPRING)
    _round(lsp, version, "autumn 2025", start + dt.timedelta(days=200), AUTUMN)
    return lsp


def test_member_sees_every_round_latest_first_with_change(personas, two_rounds):
    page = personas.client("member_a").get(f"/partnerships/{two_rounds.pk}/section/scores/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Survey scores" in html
    scores = html[html.index('id="scores-heading"') :]
    assert scores.index("Trust check — autumn 2025") < scores.index("Trust check — spring 2025")
    # Autumn trust: 8 respondents, mean of (4.5×3, 4×3, 4.5×2) / 8 = 4.3125.
    assert "4.31" in scores
    assert "strength" in scores
    assert "concern" in scores
    assert "change-marked" in html  # trust rose by about 2.6 points
    # Three groups, the residents with 2 answers (< k = 5): suppressed, with the reason.
    assert 'class="suppressed">fewer than 5 answers' in html


def test_outsider_sees_no_scores(personas, two_rounds):
    from joinedup.registry.viewer import Viewer
    from joinedup.reports.scores import section

    assert section(Viewer.of(personas.outsider), two_rounds, None) is None
    assert section(Viewer.of(personas.member_a), two_rounds, None) is not None


def test_every_demo_round_shows_its_scores(personas, demo):
    from joinedup.surveys.extract import partnership_rounds

    client = personas.client("admin")
    for partnership in demo.values():
        html = client.get(f"/partnerships/{partnership.pk}/section/scores/").content.decode()
        scores = html[html.index('id="scores-heading"') :]
        scored = [r for r in partnership_rounds(partnership) if r.instrument.kind != "network"]
        assert scored, partnership
        for r in scored:
            assert f"{r.instrument.title} — {r.period}" in scores
        assert scores.count('class="score-round"') == len(scored)
        assert "rwg(J)" in scores
