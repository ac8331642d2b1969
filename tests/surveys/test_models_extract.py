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


def test_the_door_finds_rounds_and_versions_in_one_query_each(
    lsp, check_version, network_version, django_assert_num_queries
):
    from joinedup.surveys import extract

    closed = make_round(lsp, check_version, status="closed")
    make_round(lsp, network_version)  # open: its version is not a closed round's
    with django_assert_num_queries(1):
        found = extract.find_round(closed.pk)
        assert (found.partnership.name, found.instrument.key) == (lsp.name, "mini-check")
    with django_assert_num_queries(1):
        assert extract.find_round(closed.pk + 1000) is None
    assert extract.round_exists(closed.pk)
    assert not extract.round_exists(closed.pk + 1000)
    assert extract.round_periods([closed.pk, closed.pk + 1000]) == {closed.pk: "autumn 2026"}
    assert extract.closed_round_versions("questionnaire") == [check_version]
    assert extract.closed_round_versions("network") == []
    assert extract.find_version("mini-network", 1) == network_version
    assert extract.find_version("mini-network", 2) is None
    assert list(extract.versions()) == [check_version, network_version]


def test_the_door_counts_a_rounds_invitations_and_submissions(lsp, check_version):
    from joinedup.surveys import extract

    round_ = make_round(lsp, check_version)
    people = [m.organisation.people.first() for m in lsp.memberships.all()[:3]]
    invite(round_, [Invitee(p, "officer") for p in people], send=False)
    inv = Invitation.objects.filter(round=round_).first()
    Invitation.objects.filter(pk=inv.pk).update(submitted=True)
    before = extract.submitted_state(round_)
    _respond(round_, lsp.lead, "officer", {"hc_shared_aims": 4})
    _respond(round_, lsp.lead, "officer", {"hc_shared_aims": 2}, submitted=False)
    (counted,) = extract.rounds_with_counts([lsp.pk])
    assert (counted.invited, counted.responded, counted.count) == (3, 1, 1)
    after = extract.submitted_state(round_)
    assert after != before
    assert (after[0], after[2]) == (1, 1)  # one submitted response, one answer
    assert round_.pk in set(extract.answered_round_ids().values_list("round_id", flat=True))
