"""The quality pages: a coordinator and an evaluator read how well each dimension
measured once the round has closed (the figures the analysis gives for the round's
answers), nobody reads them while it is open, and members never."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from joinedup.analysis.psychometrics import dimension_quality
from joinedup.registry.models import Access, AccessRole
from joinedup.surveys.extract import round_answers
from joinedup.surveys.importing import import_responses
from joinedup.surveys.library import import_instrument_file
from joinedup.surveys.rounds import close_round_once
from tests.analysis import tool_exports as t
from tests.surveys.conftest import make_round


@pytest.fixture
def round_(lsp, tmp_path):
    round_ = make_round(lsp, import_instrument_file(t.write_form(tmp_path / "form.xlsx")))
    import_responses(round_, t.kobo_csv(tmp_path / "kobo.csv"))
    return round_


def _client(round_, role, partnership=True):
    user = get_user_model().objects.create_user(f"u-{role}", f"{role}@example.org", "x")
    Access.objects.create(
        user=user, role=role, partnership=round_.partnership if partnership else None
    )
    client = Client()
    client.force_login(user)
    return client


def test_figures_only_once_the_round_has_closed(round_):
    coordinator = _client(round_, AccessRole.COORDINATOR)
    url = reverse("surveys:round_quality", args=[round_.pk])
    assert coordinator.get(url).status_code == 403
    close_round_once(round_.pk)
    page = coordinator.get(url).content.decode()
    [purpose, trust] = dimension_quality(
        round_.instrument.instrument(), round_answers(round_.pk), k=5, seed=round_.pk
    )
    assert "How well the questions measured" in page
    assert f"{trust.alpha:.2f} ({trust.alpha_ci[0]:.2f} to {trust.alpha_ci[1]:.2f})" in page
    assert f"{trust.omega:.2f} ({trust.omega_ci[0]:.2f} to {trust.omega_ci[1]:.2f})" in page
    assert "10 respondents answered these questions, 9 of them every one." in page
    assert "10 respondents answered these questions, 6 of them every one." in page
    assert "Partners keep their word, even at a cost." in page
    assert purpose.items[0].item == "hc_purpose_shared"
    assert (
        "How well the questions measured"
        in coordinator.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    )


def test_members_never_evaluators_across_rounds(round_):
    close_round_once(round_.pk)
    url = reverse("surveys:round_quality", args=[round_.pk])
    assert _client(round_, AccessRole.MEMBER).get(url).status_code == 403
    evaluator = _client(round_, AccessRole.EVALUATOR, partnership=False)
    assert evaluator.get(url).status_code == 200
    across = reverse("web:instrument_psychometrics", args=["partnership_check"])
    page = evaluator.get(across).content.decode()
    assert "Harbour Partnership · autumn 2026" in page
    assert "McDonald’s omega" in page
    assert evaluator.get(reverse("web:instrument_psychometrics", args=["nope"])).status_code == 404
    member = Client()
    member.force_login(get_user_model().objects.get(username="u-member"))
    assert member.get(across).status_code == 403
