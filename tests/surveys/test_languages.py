"""Welsh and bilingual rounds: the respondent's language choice, the round's Welsh
texts and its bilingual invitations (issue 20)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from joinedup.outbox.models import Message
from joinedup.surveys import languages, mailing
from joinedup.surveys.models import Answer, Response, RoundLanguages
from joinedup.surveys.rounds import Invitee, invite
from tests.conftest import PARTNERSHIP_A
from tests.surveys.conftest import make_round
from tests.surveys.round_helpers import builtin

PURPOSE_CY = "Gallai pawb o amgylch y bwrdd ddweud mewn brawddeg beth yw diben y bartneriaeth hon."
PURPOSE_EN = "Everyone round the table could say in a sentence what this partnership is for."


def _round(lsp, setting: str = ""):
    round_ = make_round(lsp, builtin("health-check"))
    round_.languages = setting
    round_.save(update_fields=["languages"])
    return round_


def _link(round_, send: bool = False) -> str:
    person = round_.partnership.lead.people.first()
    (token,) = invite(round_, [Invitee(person, "officer")], send=send).values()
    return reverse("surveys:respond", args=[token])


def test_what_each_setting_offers(lsp):
    assert languages.offered(_round(lsp)) == ["en", "cy"], "the instrument's own languages"
    assert languages.offered(_round(lsp, RoundLanguages.CY)) == ["cy"]
    assert languages.offered(_round(lsp, RoundLanguages.CY_EN)) == ["cy", "en"]
    assert languages.mail_languages(_round(lsp, RoundLanguages.EN_CY)) == ["en", "cy"]
    assert languages.mail_languages(_round(lsp, RoundLanguages.EN)) == ["en"]


def test_a_bilingual_round_asks_first_and_keeps_the_choice(lsp):
    url = _link(_round(lsp, RoundLanguages.CY_EN))
    client = Client()
    first = client.get(url).content.decode()
    assert "survey-choose" in first, "asked to choose before beginning"
    assert re.search(r'<button[^>]*name="lang" value="cy"[^>]*>Cymraeg</button>', first)
    # Choosing Welsh with an answer already ticked keeps the answer and the page.
    chosen = client.post(url, {"page": 1, "hc_purpose_clear": "4", "lang": "cy"})
    assert chosen.status_code == 302
    assert chosen["Location"].endswith("?page=1")
    response = Response.objects.get()
    assert response.language == "cy"
    assert Answer.objects.get(item="hc_purpose_clear").value == 4
    welsh = client.get(url).content.decode()
    assert "survey-choose" not in welsh
    assert '<html lang="cy">' in welsh
    assert PURPOSE_CY in welsh
    assert PURPOSE_EN not in welsh
    assert "Cytuno&#x27;n gryf" in welsh or "Cytuno'n gryf" in welsh
    assert re.search(r'name="hc_purpose_clear" value="4"[^>]*checked', welsh)
    # The choice is the response's, not the browser's: another browser gets Welsh too.
    assert PURPOSE_CY in Client().get(url).content.decode()


def test_a_welsh_only_round_has_no_switch(lsp):
    url = _link(_round(lsp, RoundLanguages.CY))
    page = Client().get(url + "?lang=en").content.decode()
    assert PURPOSE_CY in page
    assert PURPOSE_EN not in page
    assert 'name="lang"' not in page
    assert "?lang=" not in page


def test_the_switch_saves_the_page_and_enter_still_continues(lsp):
    url = _link(_round(lsp))
    client = Client()
    page = client.get(url).content.decode()
    # The first submit button tied to the form (what Enter presses) is "next".
    first_button = re.search(r'<button type="submit" form="survey-form" name="(\w+)"', page)
    assert first_button
    assert first_button.group(1) == "next"
    assert "survey-choose" not in page, "only a bilingual round asks first"
    client.post(url, {"page": 1, "hc_purpose_shared": "2", "lang": "cy"})
    client.post(url, {"page": 1, "hc_purpose_shared": "5", "lang": "en"})
    english = client.get(url + "?page=1").content.decode()
    assert PURPOSE_EN in english
    assert re.search(r'name="hc_purpose_shared" value="5"[^>]*checked', english)
    assert Response.objects.get().language == "en"


def test_welsh_readers_get_the_welsh_introduction(lsp):
    round_ = _round(lsp, RoundLanguages.EN_CY)
    round_.introduction = "Ten minutes, please."
    round_.introduction_cy = "Deg munud, os gwelwch yn dda."
    round_.save()
    url = _link(round_)
    client = Client()
    assert "Ten minutes, please." in client.get(url + "?lang=en").content.decode()
    welsh = client.get(url + "?lang=cy").content.decode()
    assert "Deg munud, os gwelwch yn dda." in welsh
    assert "Ten minutes" not in welsh


@pytest.mark.parametrize(
    ("setting", "order"),
    [(RoundLanguages.CY_EN, ["cy", "en"]), (RoundLanguages.EN_CY, ["en", "cy"])],
)
def test_a_bilingual_invitation_carries_both_languages_in_order(lsp, setting, order):
    round_ = _round(lsp, setting)
    _link(round_, send=True)
    message = Message.objects.get()
    parts = message.body.split(mailing.LANGUAGE_BREAK)
    assert len(parts) == 2
    for part, language in zip(parts, order, strict=True):
        with translation.override(language):
            # Each part is written in its own language, down to the closing day.
            assert mailing.closing_day(round_) in part
            assert str(mailing.DEFAULT_INVITATION).split("{name}")[0] in part
        assert "/surveys/s/" in part, "the same link in each language"
    with translation.override("cy"):
        assert date_format(dt.date(2026, 12, 1), "j F Y") == "1 Rhagfyr 2026"
    titles = {"cy": "Gwiriad iechyd y bartneriaeth", "en": "Partnership health check"}
    assert message.subject.index(titles[order[0]]) < message.subject.index(titles[order[1]])


def test_a_one_language_round_keeps_a_one_language_invitation(lsp):
    round_ = _round(lsp)
    _link(round_, send=True)
    message = Message.objects.get()
    assert message.body.startswith("Dear")
    assert "* * *" not in message.body


def test_the_coordinator_sets_languages_and_welsh_texts(personas, demo):
    from tests.surveys.round_helpers import open_round

    round_ = open_round(demo[PARTNERSHIP_A], "health-check")
    coordinator = personas.client("coordinator_a")
    url = reverse("surveys:round_texts_edit", args=[round_.pk])
    form = coordinator.get(url).content.decode()
    assert "Welsh and English, Welsh first" in form
    # The Welsh fields start from what Welsh readers would read now.
    assert "Pa mor dda mae&#x27;r bartneriaeth yn gweithio?" in form
    data = {
        "languages": RoundLanguages.CY_EN,
        "introduction": "Our spring check.",
        "privacy_notice": "",
        "introduction_cy": "Ein gwiriad y gwanwyn.",
        "privacy_notice_cy": "",
    }
    assert coordinator.post(url, data).status_code == 302
    round_.refresh_from_db()
    assert round_.languages == "cy,en"
    assert (round_.introduction, round_.introduction_cy) == (
        "Our spring check.",
        "Ein gwiriad y gwanwyn.",
    )
    assert round_.privacy_notice_cy == "", "left empty: joinedup's notice in Welsh"
    page = coordinator.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    assert "Welsh and English, Welsh first" in page
