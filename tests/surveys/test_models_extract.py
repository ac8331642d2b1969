"""Models, their constraints, and the extract functions other apps read through."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.analysis.data import AnswerRow, RelationRow
from joinedup.surveys.extract import partnership_rounds, round_answers, round_relations
from joinedup.surveys.models import Answer, Invitation, RelationAnswer, Response, ResponseSource
from joinedup.surveys.rounds import Invitee, invite
from tests.surveys.conftest import make_round


def _respond(round_, org, group, answers, submitted=True, key=""):
    response = Response.objects.create(
        round=round_,
        organisation=org,
        group=group,
        source=ResponseSource.IMPORT,
        respondent_key=key,
        submitted=timezone.now() if submitted else None,
    )
    for item, value in answers.items():
        Answer.objects.create(response=response, item=item, value=value)
    return response


def test_used_version_is_frozen(lsp, check_version):
    make_round(lsp, check_version)
    check_version.title = "Something else"
    with pytest.raises(ValidationError, match="used by a survey round"):
        check_version.save()


def test_unused_version_may_be_edited(check_version):
    check_version.title = "A shorter health check"
    check_version.save()
    check_version.refresh_from_db()
    assert check_version.title == "A shorter health check"


def test_one_invitation_per_person_and_hashed_token(lsp, check_version):
    round_ = make_round(lsp, check_version)
    person = lsp.memberships.first().organisation.people.first()
    tokens = invite(round_, [Invitee(person, "officer")], send=False)
    ((inv_id, token),) = tokens.items()
    inv = Invitation.objects.get(pk=inv_id)
    assert token not in inv.token_hash
    assert len(inv.token_hash) == 64
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert invite(round_, [Invitee(person, "officer")], send=False) == {}
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            round=round_,
            person=person,
            organisation=person.organisation,
            group="officer",
            token_hash="x" * 64,
        )


def test_round_must_close_after_opening(lsp, check_version):
    from joinedup.surveys.rounds import create_round

    now = timezone.now()
    with pytest.raises(ValidationError):
        create_round(lsp, check_version, "never", now, now - dt.timedelta(days=1))


def test_round_answers_counts_only_submitted(lsp, check_version):
    round_ = make_round(lsp, check_version)
    council, police = lsp.lead, lsp.memberships.exclude(organisation=lsp.lead).first().organisation
    done = _respond(round_, council, "officer", {"hc_shared_aims": 4, "hc_reports_back": 2})
    _respond(round_, police, "board member", {"hc_shared_aims": 1}, submitted=False)
    Answer.objects.create(
        response=done, item="hc_comment", text="Meetings run long", dont_know=False
    )
    Answer.objects.filter(response=done, item="hc_reports_back").update(dont_know=True)
    rows = round_answers(round_.pk)
    assert [r.item for r in rows] == ["hc_comment", "hc_reports_back", "hc_shared_aims"]
    assert rows[2] == AnswerRow(
        done.pseudonym, str(council.pk), council.sector, "officer", "hc_shared_aims", 4.0, False, ""
    )
    assert rows[1].value is None
    assert rows[1].dont_know
    assert rows[0].text == "Meetings run long"


def test_round_relations(lsp, network_version):
    round_ = make_round(lsp, network_version)
    council = lsp.lead
    other = lsp.memberships.exclude(organisation=council).first().organisation
    response = _respond(round_, council, "officer", {})
    RelationAnswer.objects.create(response=response, target=other, item="net_depth", value=3)
    pending = _respond(round_, other, "officer", {}, submitted=False)
    RelationAnswer.objects.create(response=pending, target=council, item="net_depth", value=5)
    assert round_relations(round_.pk) == [
        RelationRow(response.pseudonym, str(council.pk), str(other.pk), "net_depth", 3.0)
    ]


def test_partnership_rounds_in_date_order(lsp, check_version, django_assert_num_queries):
    from joinedup.surveys.rounds import create_round

    later = make_round(lsp, check_version)
    d = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    earlier = create_round(lsp, check_version, "spring 2025", d, d + dt.timedelta(days=30))
    ours = [r for r in partnership_rounds(lsp) if r.pk in (later.pk, earlier.pk)]
    assert ours == [earlier, later]
    with django_assert_num_queries(1):
        round_answers(later.pk)
