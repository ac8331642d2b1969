"""The respondent's hot path in plain SQL (``joinedup.surveys.hot``) against the ORM
it stands in for, on whichever database the suite runs (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from joinedup.surveys import hot
from joinedup.surveys.models import Answer, Invitation, RelationAnswer, Response, TokenThrottle
from joinedup.surveys.respond import open_link, response_for, submit
from joinedup.surveys.rounds import Invitee, invite
from tests.surveys.conftest import make_round


@pytest.fixture
def link_token(lsp, check_version):
    round_ = make_round(lsp, check_version)
    person = lsp.lead.people.first()
    (token,) = invite(round_, [Invitee(person, "officer")], send=False).values()
    return token


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def test_link_reads_what_the_orm_reads(link_token):
    inv, response = hot.link(digest(link_token))
    assert response is None
    orm = Invitation.objects.select_related("round__partnership", "round__instrument").get(
        token_hash=digest(link_token)
    )
    assert isinstance(inv, Invitation)
    assert (inv.pk, inv.round_id, inv.organisation_id, inv.group, inv.token_hash) == (
        orm.pk,
        orm.round_id,
        orm.organisation_id,
        orm.group,
        orm.token_hash,
    )
    # Datetimes come back aware and equal to the ORM's, on either engine.
    assert inv.round.opens == orm.round.opens
    assert inv.round.closes == orm.round.closes
    assert timezone.is_aware(inv.round.opens)
    assert inv.round.status == orm.round.status
    assert inv.round.partnership.name == orm.round.partnership.name
    version = inv.round.instrument
    assert (version.pk, version.key, version.version, version.created) == (
        orm.round.instrument.pk,
        orm.round.instrument.key,
        orm.round.instrument.version,
        orm.round.instrument.created,
    )
    # The definition is left unread, and reading it still works (deferred field).
    assert "definition" in version.get_deferred_fields()
    assert version.definition == orm.round.instrument.definition


def test_link_finds_the_started_response_and_nothing_for_an_unknown_token(link_token):
    assert hot.link(digest("not a token")) == (None, None)
    assert open_link("not a token") == (None, None)
    inv, _ = open_link(link_token)
    assert inv is not None
    started = response_for(inv)
    again, response = open_link(link_token)
    assert isinstance(response, Response)
    orm = Response.objects.get(pk=started.pk)
    assert (response.pk, response.round_id, response.organisation_id, response.group) == (
        orm.pk,
        orm.round_id,
        orm.organisation_id,
        orm.group,
    )
    assert (response.page, response.submitted, response.source) == (0, None, "web")
    assert response.round is again.round  # shared, not read twice


def test_a_second_start_of_the_same_response_reads_the_first(link_token):
    inv, _ = open_link(link_token)
    first = response_for(inv)
    # Another tab of the same respondent, which also saw no response yet.
    second = response_for(inv)
    assert second.pk == first.pk
    assert Response.objects.filter(invitation=inv).count() == 1


def test_replace_answers_writes_what_the_orm_reads_back(link_token):
    inv, _ = open_link(link_token)
    response = response_for(inv)
    Answer.objects.create(response=response, item="kept", value=2)
    Answer.objects.create(response=response, item="a", value=1)
    with transaction.atomic():
        hot.replace_answers(
            response.pk,
            ["a", "b", "c"],
            [("a", 4.0, "", False), ("b", None, "", True), ("c", None, "Too many meetings", False)],
            page=2,
        )
    rows = {
        a.item: (a.value, a.text, a.dont_know) for a in Answer.objects.filter(response=response)
    }
    assert rows == {
        "kept": (2.0, "", False),
        "a": (4.0, "", False),
        "b": (None, "", True),
        "c": (None, "Too many meetings", False),
    }
    assert Response.objects.get(pk=response.pk).page == 2
    assert hot.has_answers(response.pk, ["b", "zzz"])
    assert not hot.has_answers(response.pk, ["zzz"])
    assert not hot.has_answers(response.pk, [])
    RelationAnswer.objects.create(
        response=response, item="net_depth", target=inv.organisation, value=3
    )
    assert hot.answered_items(response.pk) == {"kept", "a", "b", "c", "net_depth"}


def test_a_page_of_more_rows_than_one_insert_takes(link_token):
    inv, _ = open_link(link_token)
    response = response_for(inv)
    many = [(f"item_{i:03d}", float(i), "", False) for i in range(hot.ROWS_PER_INSERT * 2 + 7)]
    with transaction.atomic():
        hot.replace_answers(response.pk, [r[0] for r in many], many, page=1)
    assert Answer.objects.filter(response=response).count() == len(many)


def test_a_failed_page_write_raises_djangos_error_and_changes_nothing(link_token):
    inv, _ = open_link(link_token)
    response = response_for(inv)
    Answer.objects.create(response=response, item="a", value=1)
    # The same item twice breaks the one-answer-per-item constraint; on PostgreSQL
    # the statements went out as one pipeline, so the error arrives at its end.
    with pytest.raises(IntegrityError), transaction.atomic():
        hot.replace_answers(response.pk, ["a"], [("a", 4.0, "", False), ("a", 5.0, "", False)], 3)
    assert list(Answer.objects.filter(response=response).values_list("item", "value")) == [
        ("a", 1.0)
    ]
    assert Response.objects.get(pk=response.pk).page == 0


def test_submission_time_round_trips_exactly(link_token):
    inv, _ = open_link(link_token)
    response = response_for(inv)
    when = timezone.now().replace(microsecond=123456)
    with transaction.atomic():
        found = hot.locked_for_submission(response.pk)
        assert found is not None
        locked, round_ = found
        assert locked.submitted is None
        assert round_.accepts_answers()
        hot.mark_submitted(response.pk, when)
    assert Response.objects.get(pk=response.pk).submitted == when
    assert hot.locked_for_submission(response.pk)[0].submitted == when
    assert hot.locked_for_submission(10**9) is None


def test_submit_refuses_a_round_closed_after_the_page_was_read(link_token):
    inv, _ = open_link(link_token)
    response = response_for(inv)
    Answer.objects.create(response=response, item="hc_shared_aims", value=4)
    # The round is closed by its coordinator while the respondent reads the review page.
    type(inv.round).objects.filter(pk=inv.round_id).update(status="closed")
    assert not submit(response)
    assert Response.objects.get(pk=response.pk).submitted is None


def test_throttle_row_reads_what_the_orm_reads(db):
    start = timezone.now() - dt.timedelta(minutes=3)
    TokenThrottle.objects.create(address="192.0.2.9", window_start=start, failures=7)
    row = hot.throttle_row("192.0.2.9")
    assert row is not None
    assert (row.address, row.window_start, row.failures) == ("192.0.2.9", start, 7)
    assert hot.throttle_row("192.0.2.10") is None


def test_parts_name_columns_in_the_models_order_with_the_key_first():
    part = hot._Part.of("i", Invitation, ("token_hash", "id", "group"))
    assert part.names == ("id", "group", "token_hash")
    with pytest.raises(ValueError, match="no columns"):
        hot._Part.of("i", Invitation, ("id", "colour"))
    with pytest.raises(ValueError, match="primary key"):
        hot._Part.of("i", Invitation, ("group",))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_postgresql_prepares_the_hot_statements_once_per_connection(link_token):
    for _ in range(3):
        inv, _ = open_link(link_token)
        assert inv is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%surveys_invitation%"],
        )
        prepared = [row[0] for row in cursor.fetchall()]
    assert len(prepared) == 1
    assert "token_hash" in prepared[0]
