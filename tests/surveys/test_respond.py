"""The respondent's survey: tokens, pages, save and resume, submit, and the plain
pages for unknown, used-up and closed links."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from joinedup.surveys.extract import round_answers, round_relations
from joinedup.surveys.models import Answer, RelationAnswer, Response
from joinedup.surveys.rounds import Invitee, close_round, invite
from tests.surveys.conftest import make_round


@pytest.fixture
def invited(lsp, check_version):
    round_ = make_round(lsp, check_version)
    person = lsp.lead.people.first()
    (token,) = invite(round_, [Invitee(person, "officer")], send=False).values()
    return round_, reverse("surveys:respond", args=[token])


def test_answer_resume_and_submit(client, invited):
    round_, url = invited
    first = client.get(url)
    assert first.status_code == 200
    assert "Page 1 of 3" in first.content.decode()
    assert 'name="hc_shared_aims"' in first.content.decode()
    saved = client.post(url, {"page": 1, "hc_shared_aims": "4", "hc_purpose_kind": "process"})
    assert saved.status_code == 302
    # Leave and come back with the same link: the survey resumes on page 2.
    again = client.get(url)
    assert "Page 2 of 3" in again.content.decode()
    back = client.get(url + "?page=1").content.decode()
    assert re.search(r'name="hc_shared_aims" value="4"[^>]*checked', back)
    client.post(url, {"page": 2, "hc_reports_back": "dk", "hc_comment": "Too many meetings"})
    review = client.get(url)
    assert "Submit my answers" in review.content.decode()
    done = client.post(url, {"page": 3, "submit": "1"})
    assert "Thank you" in done.content.decode()
    rows = {r.item: r for r in round_answers(round_.pk)}
    assert rows["hc_shared_aims"].value == 4
    assert rows["hc_reports_back"].dont_know
    assert rows["hc_comment"].text == "Too many meetings"
    used = client.get(url)
    assert used.status_code == 410
    assert "already answered" in used.content.decode()


def test_required_item_gets_a_clear_message_and_other_answers_are_kept(client, invited):
    _round, url = invited
    page = client.post(url, {"page": 1, "hc_purpose_kind": "outcome"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Please answer this question" in text
    assert Answer.objects.get(item="hc_purpose_kind").text == "outcome"
    review = client.get(url + "?page=3").content.decode()
    assert "Some required questions are not answered yet" in review
    refused = client.post(url, {"page": 3, "submit": "1"})
    assert "Thank you" not in refused.content.decode()
    assert Response.objects.get().submitted is None


def test_guessed_token_is_unknown_and_changes_nothing(client, invited):
    guess = reverse("surveys:respond", args=["not-a-real-token-at-all"])
    assert client.get(guess).status_code == 404
    page = client.post(guess, {"page": 1, "hc_shared_aims": "5"})
    assert page.status_code == 404
    assert "We do not recognise this link" in page.content.decode()
    assert not Response.objects.exists()


def test_closed_round_refuses_answers(client, invited):
    round_, url = invited
    client.post(url, {"page": 1, "hc_shared_aims": "2"})
    close_round(round_.pk)
    page = client.post(url, {"page": 1, "hc_shared_aims": "5"})
    assert page.status_code == 410
    assert "This survey has closed" in page.content.decode()
    assert Answer.objects.get(item="hc_shared_aims").value == 2
    assert round_answers(round_.pk) == []


def test_welsh_chrome(client, invited):
    _round, url = invited
    page = client.get(url + "?lang=cy").content.decode()
    assert 'lang="cy"' in page
    assert "Gwiriad iechyd byr" in page
    assert "Tudalen 1 o 3" in page
    assert "Cadw a pharhau" in page
    assert "Ddim yn gwybod" in page


def test_network_roster_asks_follow_up_only_about_partners(client, lsp, network_version):
    round_ = make_round(lsp, network_version)
    person = lsp.lead.people.first()
    (token,) = invite(round_, [Invitee(person, "officer")], send=False).values()
    url = reverse("surveys:respond", args=[token])
    roster = lsp.members_on(round_.opens.date()).exclude(organisation=lsp.lead)
    orgs = [m.organisation for m in roster]
    text = client.get(url).content.decode()
    assert all(o.name.replace("'", "&#x27;") in text for o in orgs)
    assert lsp.lead.name not in text.split("<h1>")[1]
    partner, stranger = orgs[0], orgs[1]
    client.post(url, {"page": 1, f"net_depth__{partner.pk}": "4", f"net_depth__{stranger.pk}": "1"})
    follow = client.get(url).content.decode()
    assert f"net_trust_reliable__{partner.pk}" in follow
    assert f"net_trust_reliable__{stranger.pk}" not in follow
    client.post(url, {"page": 2, f"net_trust_reliable__{partner.pk}": "5"})
    # Lowering the depth removes the follow-up rating of that partner.
    client.post(url, {"page": 1, f"net_depth__{partner.pk}": "1", f"net_depth__{stranger.pk}": "1"})
    assert not RelationAnswer.objects.filter(item="net_trust_reliable").exists()
    client.post(url, {"page": 1, f"net_depth__{partner.pk}": "3"})
    client.post(url, {"page": 2, f"net_trust_reliable__{partner.pk}": "4"})
    client.post(url, {"page": 3, "submit": "1"})
    items = {(r.target, r.item): r.value for r in round_relations(round_.pk)}
    assert items == {
        (str(partner.pk), "net_depth"): 3.0,
        (str(partner.pk), "net_trust_reliable"): 4.0,
    }


def test_used_token_refuses_new_answers(client, invited):
    round_, url = invited
    client.post(url, {"page": 1, "hc_shared_aims": "3"})
    client.post(url, {"page": 3, "submit": "1"})
    page = client.post(url, {"page": 1, "hc_shared_aims": "5"})
    assert page.status_code == 410
    assert "already answered" in page.content.decode()
    assert [r.value for r in round_answers(round_.pk)] == [3.0]


def test_reminder_sends_the_original_link_again(client, invited, settings):
    """A reminder carries the link the person was invited with; it keeps working.
    (Before links were kept, a reminder made a new link and the first one died.)"""
    from django.core import mail

    from joinedup.outbox.delivery import deliver_all
    from joinedup.surveys.rounds import remind

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    round_, url = invited
    assert remind(round_).queued == 1
    assert mail.outbox == []  # queued, not sent within the request
    assert deliver_all().sent == 1
    assert mail.outbox[0].subject.startswith("Reminder:")
    reminded = re.search(r"/surveys/s/[\w-]+/", mail.outbox[0].body).group(0)
    assert reminded == url
    assert client.get(url).status_code == 200
    assert round_.invitations.get().reminded_at is not None
