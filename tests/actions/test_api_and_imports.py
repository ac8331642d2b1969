"""The actions API (list, create, change, bulk, workshop views) and the file
imports (the command line and the library), on the demo."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from joinedup.actions.imports import import_actions, import_views
from joinedup.actions.models import Action, WorkshopView
from joinedup.analysis.problems import ProblemError
from joinedup.surveys.extract import partnership_rounds
from joinedup.web.models import ApiToken
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_C

pytestmark = pytest.mark.django_db


def _bearer(user) -> Client:
    _row, token = ApiToken.issue(user, "test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def _health_check(partnership):
    return [r for r in partnership_rounds(partnership) if r.instrument.key == "health-check"][-1]


def _post(client: Client, url: str, body: object, method: str = "post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_api_lists_with_effects_and_hides_other_partnerships(personas, demo) -> None:
    c = demo[PARTNERSHIP_C]
    rows = personas.client("admin").get(f"/api/actions/partnerships/{c.pk}/").json()
    assert len(rows) == 3
    trust = next(r for r in rows if r["title"] == "Rebuild trust with community members")
    assert trust["effect"]["verdict"] == "improved"
    assert trust["effect"]["interval"][0] > 0
    assert personas.client("member_a").get(f"/api/actions/partnerships/{c.pk}/").status_code == 404
    views = personas.client("admin").get(f"/api/actions/partnerships/{c.pk}/workshop/").json()
    assert len(views) == 3


def test_api_create_change_and_bulk(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    round_ = _health_check(a)
    coordinator = _bearer(personas.coordinator_a)
    body = {
        "title": "Share the agenda a week ahead",
        "owner_id": a.lead_id,
        "finding_kind": "dimension",
        "finding_key": "accountability",
        "finding_round_id": round_.pk,
        "target_kind": "dimension",
        "target_dimension": "accountability",
    }
    made = _post(coordinator, f"/api/actions/partnerships/{a.pk}/", body)
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    wrong = _post(
        coordinator,
        f"/api/actions/partnerships/{a.pk}/",
        {**body, "title": "Y", "target_dimension": "nope"},
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"][-1] == "target_dimension"
    changed = _post(
        coordinator, f"/api/actions/{pk}/", {"status": "under way", "progress": "Started"}, "patch"
    )
    assert changed.status_code == 200
    assert changed.json()["notes"][0]["text"] == "Started"
    bulk = _post(
        coordinator,
        f"/api/actions/partnerships/{a.pk}/bulk/",
        [{"id": pk, "status": "done"}, {"id": pk, "status": "finished"}],
        "patch",
    )
    assert bulk.status_code == 422  # all or none
    assert Action.objects.get(pk=pk).status == "under way"
    bulk = _post(
        coordinator,
        f"/api/actions/partnerships/{a.pk}/bulk/",
        [{"id": pk, "status": "done"}],
        "patch",
    )
    assert bulk.status_code == 200
    assert Action.objects.get(pk=pk).status == "done"
    member = _bearer(personas.member_a)
    assert _post(member, f"/api/actions/{pk}/", {"status": "planned"}, "patch").status_code == 403
    view = _post(
        coordinator,
        f"/api/actions/partnerships/{a.pk}/workshop/",
        {"round_id": round_.pk, "dimension": "purpose", "score": 3.0},
    )
    assert view.status_code == 200, view.content
    assert WorkshopView.objects.get(round_id=round_.pk).score == 3.0


def test_action_file_problems_name_file_row_and_column(demo, tmp_path) -> None:
    a = demo[PARTNERSHIP_A]
    Action.objects.create(partnership=a, title="Pool the budgets", owner=a.lead)
    path = tmp_path / "actions.csv"
    path.write_text(
        "title,owner,status,published\n"
        "Pool the budgets,,under way,yes\n"
        "A new one,Nobody Ltd,planned,maybe\n"
    )
    with pytest.raises(ProblemError) as caught:
        import_actions(path, a)
    lines = str(caught.value).splitlines()
    assert any("row 3, column 'owner'" in line for line in lines)
    assert any("row 3, column 'published'" in line for line in lines)
    assert all("actions.csv" in line for line in lines)
    assert Action.objects.get(title="Pool the budgets").status == "planned"


def test_workshop_file(demo, tmp_path) -> None:
    a = demo[PARTNERSHIP_A]
    round_ = _health_check(a)
    path = tmp_path / "views.csv"
    path.write_text(
        f"round,dimension,score,note\n{round_.pk},purpose,3.5,ok\n{round_.pk},purpose2,3,\n"
    )
    with pytest.raises(ProblemError) as caught:
        import_views(path, a)
    assert "row 3, column 'dimension'" in str(caught.value)
    assert not WorkshopView.objects.filter(round_id=round_.pk).exists()
    path.write_text(f"round,dimension,score,note\n{round_.pk},purpose,3.5,ok\n")
    assert import_views(path, a) == 1


def test_command_line_import(demo, tmp_path, capsys) -> None:
    a = demo[PARTNERSHIP_A]
    path = tmp_path / "actions.csv"
    path.write_text(f"title,owner,due\nWalk the patch together,{a.lead.name},2027-01-31\n")
    from joinedup.cli import main

    assert main(["actions", "import", str(path), "--partnership", str(a.pk)]) == 0
    assert Action.objects.get(title="Walk the patch together").owner_id == a.lead_id
    path.write_text("title,owner,due\nAnother,,2027-13-01\n")
    assert main(["actions", "import", str(path), "--partnership", str(a.pk)]) == 1
    err = capsys.readouterr().err
    assert "actions.csv: row 2, column 'owner'" in err
    assert "row 2, column 'due'" in err
    assert not Action.objects.filter(title="Another").exists()
