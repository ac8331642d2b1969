"""An imported Kobo/ODK form with logic, answered through the respondent pages
(server-side, no JavaScript): skip logic, checks, a cascading list, "or other",
dates, a range with a default, a nested group, labels filled from a calculation,
a list file; then scored, with skipped questions "not asked"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.analysis.scoring import score_round
from joinedup.surveys.extract import round_answers
from joinedup.surveys.library import import_instrument_file
from joinedup.surveys.models import Answer, Response
from joinedup.surveys.respond import missing_required
from joinedup.surveys.rounds import Invitee, invite
from tests.analysis.partnership_form import write_partnership_form
from tests.surveys.conftest import make_round

FIRST = {"page": 1, "sector": "voluntary", "area": "south", "ward": "harbour"}
SHOWN_1 = "sector area ward joined"
SHOWN_2 = "working_note trust shared_aims met barriers confidence"
SHOWN_2_MET = f"{SHOWN_2} meetings_n meetings_useful meeting_time"


@pytest.fixture
def pulse(lsp, tmp_path):
    version = import_instrument_file(write_partnership_form(tmp_path))
    round_ = make_round(lsp, version)
    people = [p for m in lsp.memberships.all() for p in m.organisation.people.all()][:6]
    tokens = invite(round_, [Invitee(p, "officer") for p in people], send=False)
    urls = [reverse("surveys:respond", args=[t]) for t in tokens.values()]
    return round_, urls


def test_skip_logic_checks_and_cascade_as_in_odk(client, pulse):
    round_, urls = pulse
    url = urls[0]
    first = client.get(url).content.decode()
    assert "Voluntary or community group" in first  # from sectors.csv beside the form
    assert 'name="ward"' not in first  # asked once an area is chosen
    # The area makes the ward apply; a day in the future fails the check.
    page = client.post(
        url, {**FIRST, "ward": "", "joined": "2999-01-01", "_shown": "sector area joined"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "cannot be in the future" in text
    assert 'name="ward"' in text
    assert "Harbour" in text
    assert "Hillside" not in text
    done = client.post(url, {**FIRST, "joined": "2019-04-01", "_shown": SHOWN_1})
    assert done.status_code == 302
    assert done["Location"].endswith("?page=2")
    second = client.get(url + "?page=2").content.decode()
    assert "Partners in South Kestermouth trust each other." in second  # calculate in a label
    assert "work in South Kestermouth over the last" in second  # the note
    assert 'name="meetings_n"' not in second
    assert 'name="confidence" value="5"' in second  # the default
    # "Yes" makes the meetings group apply: the page comes back with it.
    answers = {"page": 2, "trust": "4", "shared_aims": "5", "met": "yes", "confidence": "7"}
    more = client.post(url, {**answers, "_shown": SHOWN_2})
    assert more["Location"].endswith("?page=2&more=1")
    again = client.get(more["Location"]).content.decode()
    assert "About the meetings" in again
    assert 'name="meetings_n"' in again
    assert "a further question applies" in again
    meetings = {**answers, "meetings_useful": "4", "meeting_time": "17:30", "_shown": SHOWN_2_MET}
    wrong = client.post(url, {**meetings, "meetings_n": "60"}).content.decode()
    assert "Please give a number from 1 to 52." in wrong
    other = client.post(url, {**meetings, "meetings_n": "12", "barriers": ["time", "other"]})
    assert other["Location"].endswith("&more=1")  # "other" asks for its text
    full = {**meetings, "meetings_n": "12", "barriers": ["time", "other"]}
    final = client.post(
        url, {**full, "barriers_other": "Paperwork", "_shown": SHOWN_2_MET + " barriers_other"}
    )
    assert final["Location"].endswith("?page=3")
    response = Response.objects.get(round=round_, answers__item="meetings_n")
    stored = {a.item: a for a in Answer.objects.filter(response=response)}
    assert stored["joined"].text == "2019-04-01"
    assert stored["meeting_time"].text == "17:30"
    assert stored["barriers"].text == "time other"
    assert stored["barriers_other"].text == "Paperwork"
    assert "area_name" not in stored  # a calculation is never stored as an answer
    # Back to page 2: "No" now — the meeting answers are not asked, so removed.
    client.post(url, {**answers, "met": "no", "barriers": ["time"], "_shown": SHOWN_2_MET})
    stored = {a.item for a in Answer.objects.filter(response=response)}
    assert not stored & {"meetings_n", "meetings_useful", "meeting_time", "barriers_other"}
    assert missing_required(response) == []  # required, but not asked


def _answer(client, url: str, trust: int, met: bool) -> None:
    client.post(url, {**FIRST, "joined": "2020-01-01", "_shown": SHOWN_1})
    page = {"page": 2, "trust": str(trust), "shared_aims": "4", "met": "yes" if met else "no"}
    if met:
        page |= {"meetings_n": "3", "meetings_useful": str(trust)}
    client.post(url, {**page, "_shown": SHOWN_2_MET if met else SHOWN_2})
    client.post(url, {"page": 3, "comment": ""})
    assert "Thank you" in client.post(url, {"page": 4, "submit": "1"}).content.decode()


def test_scores_count_only_those_asked(client, pulse):
    round_, urls = pulse
    for n, url in enumerate(urls):
        _answer(client, url, trust=n % 5 + 1, met=n < 3)
    scores = score_round(round_.instrument.instrument(), round_answers(round_.pk), k=5)
    items = {i.item: i for i in scores.items}
    assert items["trust"].n == 6
    assert items["trust"].mean == pytest.approx(sum(n % 5 + 1 for n in range(6)) / 6)
    assert items["shared_aims"].mean == pytest.approx(4)
    # Asked of three respondents only: not six with three missing, and below k.
    assert not isinstance(items["meetings_useful"].n, int)
    assert Answer.objects.filter(item="meetings_useful").count() == 3
    assert [d.dimension for d in scores.dimensions] == ["working"]
