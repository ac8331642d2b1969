"""Results of a round appear when it closes (issue 16, reproduction 3).

With a health-check round and a network round of partnership A open, a member and
an evaluator read every page, API answer and download they may at 13 responses
(6 network raters), then again after one more person answered (and a 7th rater
rated the same organisation). The only thing that may differ is the response
count; everything else, the closed rounds' results included, reads the same.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from joinedup.surveys.models import Round
from joinedup.surveys.visibility import Showing, preview_threshold, round_view
from tests.conftest import PARTNERSHIP_A
from tests.surveys.round_helpers import OPEN_PERIOD, answer, builtin, invite_everyone, open_round

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


@pytest.fixture
def open_rounds(personas, demo):
    """Partnership A with an open health check (13 answered) and an open network
    round (6 organisations rated the lead organisation)."""
    a = demo[PARTNERSHIP_A]
    check = open_round(a, "health-check")
    people = invite_everyone(check)
    assert len(people) >= 15
    for index, invitation in enumerate(people[:13]):
        answer(invitation, 4.0 if index % 2 else 3.0)
    net = open_round(a, "network")
    raters = [
        i for i in invite_everyone(net, one_per_organisation=True) if i.organisation_id != a.lead_id
    ]
    assert len(raters) >= 8
    for invitation in raters[:6]:
        answer(invitation, 3.0, {a.lead_id: 4.0})
    return {"partnership": a, "check": check, "net": net, "people": people, "raters": raters}


def _urls(a, check: Round, net: Round, version_pk: int) -> list[str]:
    orgs = list(a.memberships.values_list("organisation_id", flat=True)[:2])
    return [
        "/",
        f"/partnerships/{a.pk}/",
        *(f"/organisations/{pk}/" for pk in [a.lead_id, *orgs]),
        f"/surveys/partnership/{a.pk}/",
        f"/surveys/rounds/{check.pk}/",
        f"/surveys/rounds/{net.pk}/",
        f"/surveys/rounds/{check.pk}/reminders.csv",
        f"/reports/partnership/{a.pk}/",
        f"/reports/partnership/{a.pk}/?round={check.pk}",
        f"/reports/rounds/{check.pk}/preview/",
        f"/api/surveys/partnerships/{a.pk}/rounds",
        f"/api/surveys/rounds/{check.pk}/rate",
        f"/api/surveys/rounds/{net.pk}/rate",
        f"/api/networks/partnerships/{a.pk}/",
        f"/api/diagnoses/partnerships/{a.pk}/",
        f"/api/context/partnerships/{a.pk}/",
        *(f"/networks/{a.pk}/download/{kind}/" for kind in ("nodes", "edges", "graphml", "gexf")),
        "/reports/benchmark/",
        f"/reports/benchmark/{version_pk}/csv/",
        f"/reports/benchmark/{version_pk}/changes/csv/",
    ]


def _read(client, urls: list[str], count: int, raters: int) -> dict[str, tuple[int, str]]:
    """Every answer, with what may change (the count, the CSRF token) taken out."""
    out = {}
    for url in urls:
        response = client.get(url)
        text = response.content.decode("utf-8", "replace")
        text = CSRF.sub(r"\1CSRF", text)
        for n in (count, raters):
            text = text.replace(f"{n} responses so far", "N responses so far")
            text = text.replace(f"{n} so far", "N so far")
            text = text.replace(f'"count": {n}', '"count": N')
        out[url] = (response.status_code, text)
    return out


# The benchmark reads the database through its own connection: the data is committed.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", ["member_a", "evaluator"])
def test_one_more_answer_changes_only_the_count(personas, open_rounds, persona) -> None:
    a, check, net = open_rounds["partnership"], open_rounds["check"], open_rounds["net"]
    urls = _urls(a, check, net, builtin("health-check").pk)
    client = personas.client(persona)
    before = _read(client, urls, 13, 6)
    answer(open_rounds["people"][13], 1.0)  # the 14th respondent, far from the mean
    answer(open_rounds["raters"][6], 1.0, {a.lead_id: 1.0})  # the 7th rater
    after = _read(client, urls, 14, 7)
    changed = [url for url in urls if before[url] != after[url]]
    assert changed == []
    # What they do see: the count and nothing more of the open rounds.
    round_page = after[f"/surveys/rounds/{check.pk}/"][1]
    assert "N responses so far" in round_page
    assert "Response rate by sector" not in round_page
    assert "Response rate by stakeholder group" not in round_page
    assert after[f"/surveys/rounds/{check.pk}/reminders.csv"][0] == 403
    assert after[f"/reports/rounds/{check.pk}/preview/"][0] == 403
    rate = client.get(f"/api/surveys/rounds/{check.pk}/rate").json()
    assert rate == {
        "round_id": check.pk,
        "status": "open",
        "showing": "count",
        "count": 14,
        "overall": None,
        "by_sector": [],
        "by_group": [],
    }
    # The closed rounds' results are still there, and nothing of the open round.
    if persona == "evaluator":
        assert "spring 2026" in after[f"/reports/benchmark/{builtin('health-check').pk}/csv/"][1]
    page = after[f"/partnerships/{a.pk}/"][1]
    assert "spring 2026" in page
    assert f"— {OPEN_PERIOD}" not in page
    network = client.get(f"/api/networks/partnerships/{a.pk}/").json()
    assert network["period"] != OPEN_PERIOD


def test_coordinator_chases_without_breakdowns(personas, open_rounds) -> None:
    check = open_rounds["check"]
    client = personas.client("coordinator_a")
    page = client.get(f"/surveys/rounds/{check.pk}/").content.decode()
    invited = len(open_rounds["people"])
    assert f"13 of {invited} invited people have submitted" in page
    assert "Download who has not answered" in page
    assert "Response rate by sector" not in page
    assert "Response rate by stakeholder group" not in page
    chasing = client.get(reverse("surveys:reminders", args=[check.pk])).content.decode()
    assert len(chasing.strip().splitlines()) - 1 == invited - 13
    rate = client.get(f"/api/surveys/rounds/{check.pk}/rate").json()
    assert rate["overall"]["responded"] == 13
    assert rate["by_sector"] == rate["by_group"] == []
    # Administrators keep the breakdowns while the round is open.
    admin_page = personas.client("admin").get(f"/surveys/rounds/{check.pk}/").content.decode()
    assert "Response rate by stakeholder group" in admin_page


def test_preview_hidden_under_2k_then_provisional_and_rounded(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    check = open_round(a, "health-check")
    people = invite_everyone(check)
    threshold = preview_threshold()
    assert threshold == 10  # k = 5
    values = [3.0, 4.0, 5.0, 2.0, 4.0, 3.0, 5.0, 4.0, 2.0, 4.0, 1.0]
    for invitation, value in zip(people[: threshold - 1], values, strict=False):
        answer(invitation, value)
    coordinator = personas.client("coordinator_a")
    url = reverse("reports:round_preview", args=[check.pk])
    assert coordinator.get(url).status_code == 403
    page = coordinator.get(f"/surveys/rounds/{check.pk}/").content.decode()
    assert "Preview provisional results" not in page
    assert "once 10 people have answered" in page

    answer(people[threshold - 1], values[threshold - 1])
    assert round_view(personas.coordinator_a, check).showing == Showing.PROVISIONAL
    assert round_view(personas.member_a, check).showing == Showing.COUNT
    page = coordinator.get(f"/surveys/rounds/{check.pk}/").content.decode()
    assert "Preview provisional results" in page
    preview = coordinator.get(url).content.decode()
    assert "Provisional results" in preview
    assert "Provisional: the round is still open." in preview
    figures = re.findall(r"<td>([0-9.–]+)</td>", preview)
    assert figures, preview
    for figure in figures:
        for number in figure.split("–"):
            assert re.fullmatch(r"\d\.\d", number), figure
    # the mean of 3, 4, 5, 2, 4, 3, 5, 4, 2, 4 is 3.6, shown as such
    assert "<td>3.6</td>" in preview
    assert personas.client("member_a").get(url).status_code == 403
    assert personas.client("evaluator").get(url).status_code == 403
    # Administrators see it unrounded.
    full = personas.client("admin").get(url).content.decode()
    assert "<td>3.60</td>" in full


@pytest.mark.django_db(transaction=True)
def test_reports_benchmark_and_dashboards_read_the_latest_closed_round(
    personas, open_rounds, tmp_path
) -> None:
    from joinedup.cli import main
    from joinedup.reports import bulk
    from joinedup.reports.national_extract import extract
    from joinedup.site.dashboards import cards

    a, check = open_rounds["partnership"], open_rounds["check"]
    closed = Round.objects.get(partnership=a, period="spring 2026", instrument=check.instrument)
    assert bulk._latest_round_id(a) != check.pk
    assert Round.objects.get(pk=bulk._latest_round_id(a)).status == "closed"
    report = personas.client("member_a").get(f"/reports/partnership/{a.pk}/").content.decode()
    scores = report[report.index('id="scores-heading"') :]
    scores = scores[: scores.index("</section>")]
    assert f"{closed.instrument.title} — spring 2026" in scores
    # The open round is named only to say that it is open (issue 19), never scored.
    assert f"{closed.instrument.title} — {OPEN_PERIOD}" not in scores
    assert f"{OPEN_PERIOD}, is open: its results appear when it closes" in scores
    methods = report[report.index('id="methods-h"') :]
    assert "spring 2026" in methods
    assert OPEN_PERIOD not in methods
    assert main(["report", "--round", str(check.pk), "-o", str(tmp_path / "x.html")]) == 1
    _answers, respondents = extract(check.instrument, depth=2)
    rounds = set(respondents.column("round").to_pylist())
    assert check.pk not in rounds
    assert closed.pk in rounds
    (card,) = [c for c in cards(type(a).objects.filter(pk=a.pk)) if c.partnership == a]
    assert card.latest is not None
    assert card.latest.status == "closed"
    assert {r.pk for r in card.open_rounds} == {check.pk, open_rounds["net"].pk}
