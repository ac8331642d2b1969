"""The action pages as a coordinator and a member use them: plan an action from a
finding, record progress, publish it, record the board's agreed view, update by
file; members read and may not write."""

from __future__ import annotations

import html
import re

import pytest

from joinedup.actions.models import Action, ProgressNote, WorkshopView
from joinedup.participation.services import set_public_page
from joinedup.surveys.extract import partnership_rounds
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_C

pytestmark = pytest.mark.django_db


def _latest_health_check(partnership):
    return [r for r in partnership_rounds(partnership) if r.instrument.key == "health-check"][-1]


def _plan_link(page: str) -> str:
    found = re.search(r'<a class="plan-action" href="([^"]+)"', page)
    assert found, "no Plan an action link"
    return html.unescape(found.group(1))


def test_coordinator_plans_an_action_from_a_finding(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    client = personas.client("coordinator_a")
    section = client.get(f"/partnerships/{a.pk}/section/scores/").content.decode()
    link = _plan_link(section)
    form = client.get(link)
    assert form.status_code == 200
    body = form.content.decode()
    assert 'name="target_dimension"' in body
    round_ = _latest_health_check(a)
    owner = a.lead
    dimension = re.search(r"key=(\w+)", link).group(1)
    response = client.post(
        link,
        {
            "title": "Talk about purpose at every board",
            "owner": owner.pk,
            "status": "planned",
            "finding_kind": "dimension",
            "finding_key": dimension,
            "finding_round": round_.pk,
            "finding_text": "the words of the day",
            "target_kind": "dimension",
            "target_dimension": dimension,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Talk about purpose at every board")
    assert (action.finding_round_id, action.target_dimension) == (round_.pk, dimension)
    detail = client.get(response["Location"]).content.decode()
    assert "No later round of this questionnaire has results yet." in detail
    client.post(f"/actions/{action.pk}/notes/", {"day": "2026-11-02", "text": "First talk held."})
    assert ProgressNote.objects.get(action=action).text == "First talk held."
    client.post(f"/actions/{action.pk}/publish/", {"published": "1"})
    action.refresh_from_db()
    assert action.published
    page = set_public_page(a, True)
    public = personas.client("outsider").get(f"/participation/public/{page.slug}/")
    text = public.content.decode()
    assert "Talk about purpose at every board" in text
    assert "First talk held." in text


def test_owner_from_outside_the_partnership_is_refused(personas, demo) -> None:
    a, c = demo[PARTNERSHIP_A], demo[PARTNERSHIP_C]
    outside = c.memberships.exclude(organisation__memberships__partnership=a).first()
    client = personas.client("coordinator_a")
    response = client.post(
        f"/actions/partnerships/{a.pk}/new/",
        {
            "title": "X",
            "owner": outside.organisation_id,
            "status": "planned",
            "finding_kind": "other",
        },
    )
    assert response.status_code == 200
    assert not Action.objects.filter(partnership=a).exists()


def test_members_read_and_may_not_write(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    action = Action.objects.create(partnership=a, title="Read me", owner=a.lead)
    member = personas.client("member_a")
    assert member.get(f"/actions/partnerships/{a.pk}/").status_code == 200
    assert member.get(f"/actions/{action.pk}/").status_code == 200
    assert member.get(f"/actions/partnerships/{a.pk}/new/").status_code == 403
    assert member.get(f"/actions/{action.pk}/edit/").status_code == 403
    assert member.post(f"/actions/{action.pk}/notes/", {"text": "x"}).status_code == 403
    assert member.post(f"/actions/{action.pk}/publish/", {"published": "1"}).status_code == 403
    round_ = _latest_health_check(a)
    url = f"/actions/partnerships/{a.pk}/workshop/{round_.pk}/"
    assert member.get(url).status_code == 403
    outsider = personas.client("outsider")
    assert outsider.get(f"/actions/{action.pk}/").status_code == 404


def test_workshop_view_all_or_nothing_and_shown_beside_the_median(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    round_ = _latest_health_check(a)
    client = personas.client("coordinator_a")
    url = f"/actions/partnerships/{a.pk}/workshop/{round_.pk}/"
    bad = client.post(url, {"score-purpose": "3.5", "score-accountability": "9"})
    assert bad.status_code == 200
    assert "between 1 and 5" in bad.content.decode()
    assert not WorkshopView.objects.filter(round_id=round_.pk).exists()
    good = client.post(url, {"score-purpose": "3.5", "note-purpose": "Agreed after a debate."})
    assert good.status_code == 302
    section = client.get(f"/partnerships/{a.pk}/section/actions/").content.decode()
    assert "Board&#x27;s agreed score" in section or "Board's agreed score" in section
    assert "Members&#x27; median" in section or "Members' median" in section
    assert "Agreed after a debate." in section


def test_upload_lists_problems_and_changes_nothing(personas, demo, tmp_path) -> None:
    a = demo[PARTNERSHIP_A]
    action = Action.objects.create(partnership=a, title="Pool the budgets", owner=a.lead)
    client = personas.client("coordinator_a")
    bad = b"title,status,due\nPool the budgets,finished,2027-02-30\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/actions/partnerships/{a.pk}/",
        {"what": "actions", "file": SimpleUploadedFile("plan.csv", bad, "text/csv")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "plan.csv" in page
    assert "finished" in page
    assert "2027-02-30" in page
    action.refresh_from_db()
    assert action.status == "planned"
    good = (
        b"title,status,progress,progress_date\nPool the budgets,under way,Met finance,2026-11-20\n"
    )
    response = client.post(
        f"/actions/partnerships/{a.pk}/",
        {"what": "actions", "file": SimpleUploadedFile("plan.csv", good, "text/csv")},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "under way"
    assert action.notes.get().text == "Met finance"


def test_report_shows_effects_and_the_agreed_view(personas, demo) -> None:
    c = demo[PARTNERSHIP_C]
    page = personas.client("admin").get(f"/reports/partnership/{c.pk}/").content.decode()
    assert "From findings to action" in page
    assert "Rebuild trust with community members" in page
    assert "reliable change" in page
    assert "cannot be told from noise" in page
    assert (
        "The board&#x27;s agreed view of spring 2026" in page
        or "agreed view of spring 2026" in page
    )


def test_edit_page_of_an_action_from_a_round(personas, demo) -> None:
    action = Action.objects.filter(partnership=demo[PARTNERSHIP_C], target_kind="dimension")[0]
    page = personas.client("admin").get(f"/actions/{action.pk}/edit/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'<option value="{action.target_dimension}" selected>' in body
    before = action.status
    response = personas.client("admin").post(
        f"/actions/{action.pk}/edit/",
        {
            "title": action.title,
            "owner": action.owner_id,
            "status": "done",
            "finding_kind": action.finding_kind,
            "finding_round": action.finding_round_id,
            "target_kind": "dimension",
            "target_dimension": "not_a_dimension",
        },
    )
    assert response.status_code == 200  # refused, shown again
    action.refresh_from_db()
    assert action.status == before
