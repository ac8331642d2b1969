"""Question pages kept rendered once per round (views_respond.PageCache): each
respondent still gets their own CSRF token, their own saved answers and their own
language."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from joinedup.surveys import views_respond
from joinedup.surveys.models import Answer
from joinedup.surveys.rounds import Invitee, invite
from joinedup.surveys.views_respond import PAGES
from tests.surveys.conftest import make_round

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def two_links(lsp, check_version):
    round_ = make_round(lsp, check_version)
    people = list(lsp.lead.people.all()[:2])
    tokens = invite(round_, [Invitee(p, "officer") for p in people], send=False)
    return [reverse("surveys:respond", args=[t]) for t in tokens.values()]


def test_second_respondent_gets_the_kept_page_with_their_own_working_token(two_links, monkeypatch):
    renders = []
    real_render = views_respond._render_page
    monkeypatch.setattr(
        views_respond, "_render_page", lambda *a: renders.append(1) or real_render(*a)
    )
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_a = first.get(two_links[0]).content.decode()
    page_b = second.get(two_links[1]).content.decode()
    assert len(renders) == 1  # the second page came from the cache
    token_a, token_b = CSRF.search(page_a).group(1), CSRF.search(page_b).group(1)
    assert token_a != token_b
    assert CSRF.sub("", page_a) == CSRF.sub("", page_b)
    saved = second.post(
        two_links[1], {"csrfmiddlewaretoken": token_b, "page": 1, "hc_shared_aims": "4"}
    )
    assert saved.status_code == 302
    assert Answer.objects.get(item="hc_shared_aims").value == 4


def test_saved_answers_are_shown_to_their_respondent_only(two_links):
    first, second = Client(), Client()
    first.get(two_links[1])
    first.post(two_links[0], {"page": 1, "hc_shared_aims": "5", "hc_purpose_kind": "process"})
    mine = first.get(two_links[0] + "?page=1").content.decode()
    theirs = second.get(two_links[1] + "?page=1").content.decode()
    assert re.search(r'name="hc_shared_aims" value="5"[^>]*checked', mine)
    assert "checked" not in theirs


def test_kept_page_is_per_language(two_links):
    english = Client().get(two_links[0]).content.decode()
    welsh = Client().get(two_links[1] + "?lang=cy").content.decode()
    assert "A short health check" in english
    assert "Gwiriad iechyd byr" in welsh
    assert "A short health check" not in welsh


def test_signed_in_visitors_get_a_fresh_page_that_is_not_kept(two_links, django_user_model):
    user = django_user_model.objects.create_user("someone", "s@example.org", "pass-12345-x")
    client = Client()
    client.force_login(user)
    kept = len(PAGES._pages)
    assert client.get(two_links[0]).status_code == 200
    assert len(PAGES._pages) == kept  # a session (maybe messages): rendered, not kept
    Client().get(two_links[1])
    assert len(PAGES._pages) == kept + 1
