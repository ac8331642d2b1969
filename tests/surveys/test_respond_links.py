"""What a respondent's link finds and what each respondent is shown: the link's
query, starting a response once, each respondent's own CSRF token, answers and
language, and a submission's time and checks."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from joinedup.surveys.models import Answer, Response, Round
from joinedup.surveys.respond import (
    Given,
    TokenState,
    open_link,
    pages,
    response_for,
    save_page,
    submit,
)
from joinedup.surveys.rounds import Invitee, invite
from tests.surveys.conftest import make_round

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def link_tokens(lsp, check_version):
    round_ = make_round(lsp, check_version)
    people = list(lsp.lead.people.all()[:2])
    return list(invite(round_, [Invitee(p, "officer") for p in people], send=False).values())


@pytest.fixture
def two_links(link_tokens):
    return [reverse("surveys:respond", args=[t]) for t in link_tokens]


def test_one_query_finds_the_link_with_its_round_and_started_response(link_tokens):
    from django.db import connection

    token = link_tokens[0]
    assert open_link("not a token") == (None, None)
    inv, response = open_link(token)
    assert inv is not None
    assert response is None
    started = response_for(inv)
    with CaptureQueriesContext(connection) as queries:
        again, response = open_link(token)
        assert again is not None
        assert isinstance(response, Response)
        assert again.round.partnership.name == "Harbour Partnership"
        assert again.round.instrument.key == "mini-check"
        assert response.round is again.round  # shared, not read twice
    assert len(queries) == 1
    assert (response.pk, response.page, response.submitted, response.source) == (
        started.pk,
        0,
        None,
        "web",
    )
    # The definition was left unread; reading it still works.
    assert "definition" in again.round.instrument.get_deferred_fields()
    assert again.round.instrument.instrument().title


def test_a_second_start_of_the_same_response_reads_the_first(link_tokens):
    inv, _ = open_link(link_tokens[0])
    first = response_for(inv)
    # Another tab of the same respondent, which also saw no response yet.
    second = response_for(inv)
    assert second.pk == first.pk
    assert Response.objects.filter(invitation=inv).count() == 1


def test_a_failed_page_write_changes_nothing(link_tokens):
    inv, _ = open_link(link_tokens[0])
    response = response_for(inv)
    page = pages(inv.round.instrument.instrument())[0]
    assert save_page(response, page, [Given("hc_shared_aims", value=1.0)], 1) == TokenState.OK
    # The same item twice breaks the one-answer-per-item constraint mid-transaction.
    twice = [Given("hc_shared_aims", value=4.0), Given("hc_shared_aims", value=5.0)]
    with pytest.raises(IntegrityError):
        save_page(response, page, twice, 2)
    stored = Answer.objects.filter(response=response).values_list("item", "value")
    assert list(stored) == [("hc_shared_aims", 1.0)]
    assert Response.objects.get(pk=response.pk).page == 1


def test_submission_time_is_stored_exactly_and_a_second_submit_is_refused(link_tokens):
    inv, _ = open_link(link_tokens[0])
    response = response_for(inv)
    page = pages(inv.round.instrument.instrument())[0]
    save_page(response, page, [Given("hc_shared_aims", value=4.0)], 1)
    before = timezone.now()
    assert submit(response)
    stored = Response.objects.get(pk=response.pk).submitted
    assert stored == response.submitted
    assert before <= stored <= timezone.now()
    assert not submit(response)
    assert Response.objects.get(pk=response.pk).submitted == stored


def test_submit_refuses_a_round_closed_after_the_page_was_read(link_tokens):
    inv, _ = open_link(link_tokens[0])
    response = response_for(inv)
    Answer.objects.create(response=response, item="hc_shared_aims", value=4)
    # The round is closed by its coordinator while the respondent reads the review page.
    Round.objects.filter(pk=inv.round_id).update(status="closed")
    assert not submit(response)
    assert Response.objects.get(pk=response.pk).submitted is None


def test_each_respondent_gets_their_own_working_csrf_token(two_links):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_a = first.get(two_links[0]).content.decode()
    page_b = second.get(two_links[1]).content.decode()
    token_a, token_b = CSRF.search(page_a).group(1), CSRF.search(page_b).group(1)
    assert token_a != token_b
    assert CSRF.sub("", page_a) == CSRF.sub("", page_b)  # otherwise the same page
    refused = second.post(
        two_links[1], {"csrfmiddlewaretoken": "x" * 64, "page": 1, "hc_shared_aims": "4"}
    )
    assert refused.status_code == 403
    saved = second.post(
        two_links[1], {"csrfmiddlewaretoken": token_b, "page": 1, "hc_shared_aims": "4"}
    )
    assert saved.status_code == 302
    assert Answer.objects.get(item="hc_shared_aims").value == 4


def test_saved_answers_are_shown_to_their_respondent_only(two_links):
    first, second = Client(), Client()
    second.get(two_links[1])
    first.post(two_links[0], {"page": 1, "hc_shared_aims": "5", "hc_purpose_kind": "process"})
    mine = first.get(two_links[0] + "?page=1").content.decode()
    theirs = second.get(two_links[1] + "?page=1").content.decode()
    assert re.search(r'name="hc_shared_aims" value="5"[^>]*checked', mine)
    assert "checked" not in theirs


def test_each_respondent_gets_their_language(two_links):
    english = Client().get(two_links[0]).content.decode()
    welsh = Client().get(two_links[1] + "?lang=cy").content.decode()
    again = Client().get(two_links[0]).content.decode()
    assert "A short health check" in english
    assert "Gwiriad iechyd byr" in welsh
    assert "A short health check" not in welsh
    assert "A short health check" in again


def test_a_signed_in_visitor_can_answer_a_link_too(two_links, django_user_model):
    user = django_user_model.objects.create_user("someone", "s@example.org", "pass-12345-x")
    client = Client()
    client.force_login(user)
    page = client.get(two_links[0])
    assert page.status_code == 200
    assert 'name="hc_shared_aims"' in page.content.decode()
    assert client.post(two_links[0], {"page": 1, "hc_shared_aims": "3"}).status_code == 302
