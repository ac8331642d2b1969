"""A round's life by the clock: it opens and closes on its days by itself (no
command run), its closing day is inclusive in the partnership's time zone, early
and late respondents are told the day, "close now" asks first, a closed round is
reopened only if its results were never published, the closing day can be moved
while it runs, and the coordinator's preview stores nothing.

The clock is moved with time-machine (or ``now`` is passed): nothing sleeps.
Ann Hale coordinates the Harbour Partnership; Ben Ortiz and the others answer.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from joinedup.audit.models import AuditEvent
from joinedup.cli import main
from joinedup.outbox.delivery import deliver_all
from joinedup.registry.models import Access, AccessRole, Partnership
from joinedup.surveys import lifecycle, schedule
from joinedup.surveys.lifecycle import RoundState, round_state
from joinedup.surveys.models import Answer, Invitation, Response, Round
from joinedup.surveys.rounds import create_round, hash_token
from joinedup.surveys.visibility import Showing, is_published, published_rounds, round_view

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = dt.UTC


def at(y, m, d, hh=12, mm=0, ss=0, zone=LONDON):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=zone)


@pytest.fixture
def ann(lsp):
    """Ann Hale's account: coordinator of the Harbour Partnership."""
    user = get_user_model().objects.create_user("ann", "ann.hale@example.org", "x")
    Access.objects.create(user=user, role=AccessRole.COORDINATOR, partnership=lsp)
    return user


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _create_through_the_form(user, partnership, version, opens, closes):
    """The coordinator creates a round on the web form, choosing days."""
    page = _client(user).post(
        reverse("surveys:round_new", args=[partnership.pk]),
        {
            "instrument": version.pk,
            "period": "winter 2030",
            "opens": opens,
            "closes": closes,
            "groups": "board member\nofficer",
        },
    )
    assert page.status_code == 302
    return Round.objects.get(period="winter 2030")


def _invite(round_, person_index=0):
    people = round_.partnership.members_on(lifecycle.opens_on(round_))
    org = people.order_by("organisation__name")[person_index].organisation
    person = org.people.first()
    token = f"harbour-{round_.pk}-{person.pk}"
    Invitation.objects.create(
        round=round_,
        person=person,
        organisation=org,
        group="officer",
        token_hash=hash_token(token),
    )
    return f"/surveys/s/{token}/"


def _submitted(round_, n):
    org = round_.partnership.memberships.first().organisation
    for _ in range(n):
        response = Response.objects.create(
            round=round_, organisation=org, group="officer", source="web", submitted=round_.opens
        )
        Answer.objects.create(response=response, item="hc_shared_aims", value=4)


def test_closing_on_24_december_is_inclusive_across_the_clock_change(ann, lsp, check_version):
    # Created in summer time (BST), closing in winter (GMT): 27 October 2030 lies between.
    with time_machine.travel(at(2030, 9, 20), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
        page = _client(ann).get(reverse("surveys:round", args=[round_.pk])).content.decode()
    assert round_.opens == dt.datetime(2030, 9, 30, 23, 0, tzinfo=UTC)  # midnight BST
    assert round_.closes == dt.datetime(2030, 12, 25, 0, 0, tzinfo=UTC)  # midnight GMT
    assert (lifecycle.opens_on(round_), lifecycle.closes_on(round_)) == (
        dt.date(2030, 10, 1),
        dt.date(2030, 12, 24),
    )
    assert "24 December 2030, at the end of the day (Europe/London)" in page
    assert "25 December" not in page
    assert "1 October 2030" in page
    assert round_state(round_, at(2030, 9, 30, 23, 59, 59)) == RoundState.SCHEDULED
    assert round_state(round_, at(2030, 10, 1, 0, 0)) == RoundState.OPEN
    assert round_state(round_, at(2030, 12, 24, 23, 59, 59)) == RoundState.OPEN
    assert round_state(round_, at(2030, 12, 25, 0, 0)) == RoundState.CLOSED


def test_the_partnerships_time_zone_decides_the_end_of_the_day(ann, lsp, check_version):
    lsp.time_zone = "America/New_York"
    lsp.full_clean()
    lsp.save()
    with time_machine.travel(at(2030, 9, 20), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
    assert round_.closes == dt.datetime(2030, 12, 25, 5, 0, tzinfo=UTC)
    assert lifecycle.closes_on(round_) == dt.date(2030, 12, 24)
    london_midnight = dt.datetime(2030, 12, 25, 0, 30, tzinfo=UTC)
    assert round_state(round_, london_midnight) == RoundState.OPEN  # still the 24th there
    lsp.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(Exception, match="not a time zone name"):
        lsp.full_clean()


def test_a_round_opens_and_closes_by_itself_and_tells_respondents_the_day(ann, lsp, check_version):
    with time_machine.travel(at(2030, 9, 20), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
        link = _invite(round_)
        early = Client().get(link)
    assert early.status_code == 403
    text = early.content.decode()
    assert "This survey is not open yet" in text
    assert "The survey opens on 1 October 2030." in text
    # No command is run between these requests: only the clock moves.
    with time_machine.travel(at(2030, 10, 1, 0, 0, 1), tick=False):
        first_day = Client().get(link)
    assert first_day.status_code == 200
    assert "Purpose and shared vision" in first_day.content.decode()
    with time_machine.travel(at(2030, 12, 24, 23, 59), tick=False):
        assert Client().get(link).status_code == 200  # the whole closing day
    with time_machine.travel(at(2030, 12, 25, 0, 0, 1), tick=False):
        late = Client().get(link)
        assert round_state(Round.objects.get(pk=round_.pk)) == RoundState.CLOSED
    assert late.status_code == 410
    assert "The survey closed on 24 December 2030," in late.content.decode()
    assert Round.objects.get(pk=round_.pk).status == "open"  # nothing had to be written


def test_answers_saved_after_the_closing_time_are_refused(ann, lsp, check_version):
    with time_machine.travel(at(2030, 10, 2), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
        link = _invite(round_)
        respondent = Client()
        assert respondent.get(link).status_code == 200
    with time_machine.travel(at(2030, 12, 25, 0, 0, 1), tick=False):
        late = respondent.post(link, {"page": 1, "hc_shared_aims": "4"})
    assert late.status_code == 410
    assert not Answer.objects.exists()


def test_past_its_date_a_round_is_closed_for_results_lists_and_the_command_line(
    ann, lsp, check_version, capsys
):
    with time_machine.travel(at(2030, 10, 2), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
    _submitted(round_, 6)
    during, after = at(2030, 12, 24, 18), at(2030, 12, 25, 0, 0, 1)
    assert not is_published(round_, during)
    assert round_view(None, round_, now=during).showing == Showing.NOTHING
    assert list(published_rounds(lsp, during)) == []
    assert is_published(round_, after)
    assert round_view(None, round_, now=after).showing == Showing.RESULTS
    assert list(published_rounds(lsp, after)) == [round_]
    assert round_view(ann, round_, now=after).showing == Showing.RESULTS
    with time_machine.travel(at(2030, 12, 27), tick=False):
        assert main(["round", "list"]) == 0
        out = capsys.readouterr().out
        assert f"{round_.pk:>4}  Harbour Partnership" in out
        assert "· closed (01 Oct 2030 to 24 Dec 2030) ·" in out
    # The list stored what the clock had decided, and the log says who: the clock.
    assert Round.objects.get(pk=round_.pk).status == "closed"
    event = AuditEvent.objects.get(action="round.close")
    assert (event.who, event.role) == ("clock", "system")
    assert "closed on its date (24 December 2030)" in event.summary


def test_close_now_is_secondary_and_asks_first(ann, lsp, check_version):
    with time_machine.travel(at(2030, 10, 2), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
        client = _client(ann)
        page = client.get(reverse("surveys:round", args=[round_.pk])).content.decode()
        confirm_url = reverse("surveys:round_close", args=[round_.pk])
        assert f'<a class="button secondary" href="{confirm_url}">Close now…</a>' in page
        assert 'value="close"' not in page  # no button on the round page closes it
        confirm = client.get(confirm_url)
        assert confirm.status_code == 200
        html = confirm.content.decode()
        assert "Close the round now?" in html
        assert "at the end of 24 December 2030" in html
        assert 'name="action" value="close"' in html  # a plain form: no JavaScript needed
        assert round_state(Round.objects.get(pk=round_.pk)) == RoundState.OPEN
        client.post(reverse("surveys:round_status", args=[round_.pk]), {"action": "close"})
        closed = Round.objects.get(pk=round_.pk)
        assert round_state(closed) == RoundState.CLOSED
        assert lifecycle.closes_on(closed) == dt.date(2030, 10, 2)
        assert AuditEvent.objects.filter(action="round.close", who="ann").count() == 1
        member = get_user_model().objects.create_user("ben", "ben@example.org", "x")
        Access.objects.create(user=member, role=AccessRole.MEMBER, partnership=lsp)
        assert _client(member).get(confirm_url).status_code == 403


def test_the_closing_date_is_extended_while_open(ann, lsp, check_version):
    with time_machine.travel(at(2030, 12, 20), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
        link = _invite(round_)
        url = reverse("surveys:round_closing_day", args=[round_.pk])
        client = _client(ann)
        page = client.post(url, {"closes": "2031-01-10"}, follow=True).content.decode()
        assert "The round now closes at the end of 10 January 2031." in page
        refused = client.post(url, {"closes": "2030-12-01"}, follow=True).content.decode()
        assert "The closing date cannot be in the past." in refused
    round_.refresh_from_db()
    assert lifecycle.closes_on(round_) == dt.date(2031, 1, 10)
    event = AuditEvent.objects.get(action="round.extend")
    assert "from 24 December 2030 to 10 January 2031" in event.summary
    with time_machine.travel(at(2031, 1, 2), tick=False):
        assert Client().get(link).status_code == 200  # past the old date, still open


def test_reopen_is_refused_once_results_were_published(ann, lsp, check_version, settings):
    k = settings.MIN_RESPONDENTS
    with time_machine.travel(at(2030, 12, 27), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
        _submitted(round_, k)
        client = _client(ann)
        page = client.get(reverse("surveys:round", args=[round_.pk])).content.decode()
        assert f"This round closed with {k} responses, at least {k}" in page
        assert "cannot be reopened" in page
        assert "Reopen the round" not in page
        url = reverse("surveys:round_closing_day", args=[round_.pk])
        answer = client.post(url, {"closes": "2031-01-31"}, follow=True).content.decode()
        assert "cannot be reopened" in answer
        assert round_state(Round.objects.get(pk=round_.pk)) == RoundState.CLOSED
    assert not AuditEvent.objects.filter(action="round.reopen").exists()


def test_reopen_is_allowed_while_nothing_was_published(ann, lsp, check_version, settings):
    with time_machine.travel(at(2030, 12, 27), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
        _submitted(round_, settings.MIN_RESPONDENTS - 1)
        link = _invite(round_, 1)
        assert Client().get(link).status_code == 410
        client = _client(ann)
        page = client.get(reverse("surveys:round", args=[round_.pk])).content.decode()
        assert "Reopen the round" in page
        url = reverse("surveys:round_closing_day", args=[round_.pk])
        done = client.post(url, {"closes": "2031-01-31"}, follow=True).content.decode()
        assert "The round is open again until 31 January 2031." in done
        assert Client().get(link).status_code == 200
    reopened = Round.objects.get(pk=round_.pk)
    assert reopened.status == "open"
    assert lifecycle.closes_on(reopened) == dt.date(2031, 1, 31)
    assert AuditEvent.objects.filter(action="round.reopen", who="ann").count() == 1


def test_schedule_refuses_a_past_day_and_reopening_an_open_round(lsp, check_version):
    now = at(2030, 11, 1)
    round_ = create_round(
        lsp, check_version, "autumn", at(2030, 10, 1, 0, 0), at(2030, 12, 1, 0, 0), status="open"
    )
    assert not schedule.can_reopen(round_, now).allowed
    with pytest.raises(Exception, match="Only a closed round"):
        schedule.reopen(round_.pk, dt.date(2030, 12, 31), now=now)
    with pytest.raises(Exception, match="cannot be in the past"):
        schedule.change_closing_day(round_.pk, dt.date(2030, 10, 31), now=now)


def test_the_preview_walks_the_real_pages_and_stores_nothing(ann, lsp, check_version):
    with time_machine.travel(at(2030, 10, 2), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
        client = _client(ann)
        url = reverse("surveys:round_try", args=[round_.pk])
        first = client.get(url).content.decode()
        assert "Nothing you enter here is stored." in first
        assert "Purpose and shared vision" in first
        assert "Partners share the same aims." in first
        wrong = client.post(url, {"page": 1})  # the required question left out
        assert wrong.status_code == 200
        assert "Some answers need your attention" in wrong.content.decode()
        step = client.post(url, {"page": 1, "hc_shared_aims": "4"})
        assert step.status_code == 302
        assert step["Location"] == f"{url}?page=2"
        second = client.get(step["Location"]).content.decode()
        assert "Accountability" in second
        end = client.post(url, {"page": 2, "hc_reports_back": "5"})
        assert end["Location"] == f"{url}?page=3"
        assert "nothing was stored" in client.get(end["Location"]).content.decode()
        member = get_user_model().objects.create_user("ben", "ben@example.org", "x")
        Access.objects.create(user=member, role=AccessRole.MEMBER, partnership=lsp)
        assert _client(member).get(url).status_code == 403
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_national_extraction_reads_a_round_past_its_date(check_version):
    from joinedup.registry.models import Organisation
    from joinedup.reports.national_extract import national_answers

    Organisation.objects.create(name="Kestermouth Borough Council", sector="public")
    partnership = Partnership.objects.create(
        name="Kestermouth Safer Streets", basis="voluntary", start_date=dt.date(2020, 1, 1)
    )
    partnership.memberships.create(
        organisation=Organisation.objects.get(), joined=dt.date(2020, 1, 1)
    )
    round_ = create_round(
        partnership,
        check_version,
        "autumn",
        at(2030, 10, 1, 0, 0),
        lifecycle.end_of(dt.date(2030, 12, 24), LONDON),
        status="open",
    )
    _submitted(round_, 6)
    assert national_answers(check_version, now=at(2030, 12, 24, 23, 59)).num_rows == 0
    table = national_answers(check_version, now=at(2030, 12, 25, 0, 0, 1))
    assert table.num_rows == 6
    assert set(table.column("partnership").to_pylist()) == {partnership.pk}
    assert Round.objects.get(pk=round_.pk).status == "open"  # read, not written


def test_the_invitation_gives_the_closing_day_as_entered(ann, lsp, check_version, mailoutbox):
    from joinedup.surveys.rounds import Invitee, invite

    with time_machine.travel(at(2030, 9, 20), tick=False):
        round_ = _create_through_the_form(ann, lsp, check_version, "2030-10-01", "2030-12-24")
        person = lsp.memberships.first().organisation.people.first()
        invite(round_, [Invitee(person, "officer")])
        deliver_all()  # what the e-mail worker does
    assert "The survey closes on 24 December 2030." in mailoutbox[0].body


def test_the_preview_of_a_network_survey_lists_the_members(ann, lsp, network_version):
    with time_machine.travel(at(2030, 10, 2), tick=False):
        round_ = _create_through_the_form(ann, lsp, network_version, "2030-10-01", "2030-12-24")
        client = _client(ann)
        url = reverse("surveys:round_try", args=[round_.pk])
        first = client.get(url).content.decode()
        assert "How closely do you work with them?" in first
        assert "Kestermouth College" in first
        assert "Kestermouth Chamber of Commerce" not in first  # left in 2020
        follow_up = client.get(client.post(url, {"page": 1})["Location"]).content.decode()
        assert "They do what they say." in follow_up
        assert "Kestermouth College" in follow_up
    assert not Response.objects.exists()
