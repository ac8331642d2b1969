"""Respondents' writes that meet each other, on a real database (SQLite file or
PostgreSQL), with real threads where the meeting is concurrent.

The link is checked when a request arrives; between that check and the page's
write another tab may submit, or the coordinator may close the round. Saving a
page therefore checks again inside its own transaction, where the response's row
is locked (PostgreSQL) or the database's write lock is held (SQLite).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from joinedup.surveys.models import Answer, Response
from joinedup.surveys.respond import (
    Given,
    TokenState,
    open_link,
    pages,
    response_for,
    save_page,
    submit,
)
from joinedup.surveys.rounds import Invitee, close_round, invite
from tests.surveys.conftest import make_round

WAIT = 10.0  # seconds: the longest any step of these tests may take


@pytest.fixture
def link_tokens(lsp, check_version):
    round_ = make_round(lsp, check_version)
    invitees = [Invitee(p, "officer") for p in lsp.lead.people.all()]
    return list(invite(round_, invitees, send=False).values())


def started(token: str):
    """A respondent who opened the link (checked OK) and answered page one."""
    inv, _ = open_link(token)
    assert inv is not None
    response = response_for(inv)
    page = pages(inv.round.instrument.instrument())[0]
    assert save_page(response, page, [Given("hc_shared_aims", value=4.0)], 1) == TokenState.OK
    return response, page


def stored(response: Response) -> dict[str, float | None]:
    return dict(Answer.objects.filter(response=response).values_list("item", "value"))


def in_thread(target, *args) -> tuple[threading.Thread, list[object]]:
    """Run ``target`` in a thread with its own database connection; its result (or
    exception) lands in the returned list."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(target(*args))
        except Exception as exc:  # handed to the test, which fails on it
            outcome.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_page_saved_after_another_tab_submitted_changes_nothing(link_tokens):
    response, page = started(link_tokens[0])
    # The first tab's request has checked the link; the second tab submits now.
    _inv, other = open_link(link_tokens[0])
    assert submit(other)
    result = save_page(response, page, [Given("hc_shared_aims", value=1.0)], 1)
    assert stored(response) == {"hc_shared_aims": 4.0}
    assert result == TokenState.SUBMITTED


def test_a_page_saved_after_the_round_closed_changes_nothing(link_tokens):
    response, page = started(link_tokens[0])
    close_round(response.round_id)
    result = save_page(response, page, [Given("hc_shared_aims", value=2.0)], 1)
    assert stored(response) == {"hc_shared_aims": 4.0}
    assert Response.objects.get(pk=response.pk).page == 1
    assert result == TokenState.CLOSED


@pytest.mark.django_db(transaction=True)
def test_a_save_meeting_a_submission_in_progress_waits_and_changes_nothing(link_tokens):
    """Two connections: one submits and holds its transaction open; the other saves
    a page of the same response meanwhile. The save must wait for the submission
    and then refuse, or the submitted response's answers would change."""
    response, page = started(link_tokens[0])
    submitting, release = threading.Event(), threading.Event()

    def submit_slowly() -> None:
        with transaction.atomic():
            Response.objects.select_for_update().get(pk=response.pk)
            Response.objects.filter(pk=response.pk).update(submitted=timezone.now())
            submitting.set()
            release.wait(WAIT)

    holder, held = in_thread(submit_slowly)
    assert submitting.wait(WAIT)
    saver, saved = in_thread(save_page, response, page, [Given("hc_shared_aims", value=1.0)], 1)
    saver.join(0.5)  # time enough to write, had it not waited
    release.set()
    holder.join(WAIT)
    saver.join(WAIT)
    assert held == [None]
    assert Response.objects.get(pk=response.pk).submitted is not None
    assert stored(response) == {"hc_shared_aims": 4.0}
    assert saved == [TokenState.SUBMITTED]


@pytest.mark.django_db(transaction=True)
def test_two_tabs_starting_the_same_response_at_once_get_one(link_tokens):
    inv, _ = open_link(link_tokens[0])
    both = threading.Barrier(2)

    def start() -> int:
        both.wait(WAIT)
        return response_for(inv).pk

    threads = [in_thread(start) for _ in range(2)]
    for thread, _outcome in threads:
        thread.join(WAIT)
    (first,), (second,) = (outcome for _thread, outcome in threads)
    assert isinstance(first, int)
    assert first == second
    assert Response.objects.filter(invitation=inv).count() == 1


@pytest.mark.django_db(transaction=True)
def test_respondents_saving_at_once_all_get_their_pages_saved(lsp, check_version):
    """Eight respondents, each saving pages back to back from their own thread and
    connection: nobody is refused ("database is locked" on SQLite, a deadlock on
    PostgreSQL) and every answer is stored."""
    from joinedup.registry.models import Person

    round_ = make_round(lsp, check_version)
    people = list(Person.objects.order_by("pk")[:8])
    tokens = list(invite(round_, [Invitee(p, "officer") for p in people], send=False).values())
    responses = [started(token) for token in tokens]

    def answer_again(response: Response, page) -> int:
        for value in (1.0, 2.0, 3.0, 4.0, 5.0) * 4:
            state = save_page(response, page, [Given("hc_shared_aims", value=value)], 1)
            assert state == TokenState.OK
        return response.pk

    threads = [in_thread(answer_again, response, page) for response, page in responses]
    for thread, _outcome in threads:
        thread.join(WAIT * 3)
    outcomes = [outcome for _thread, outcome in threads]
    assert outcomes == [[response.pk] for response, _page in responses]
    for response, _page in responses:
        assert stored(response) == {"hc_shared_aims": 5.0}
