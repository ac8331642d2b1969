"""Who governs and who is left out: the demo's readings, the sections, the forms, the
CSV import, the API and the report, for the personas."""

from __future__ import annotations

import datetime as dt

import pytest

from joinedup.governance import services
from joinedup.governance.models import AccountabilityLine, DecisionRight
from joinedup.registry.models import Partnership
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_C

pytestmark = pytest.mark.django_db


def test_the_demo_board_has_one_gap_and_a_real_left_out_reading(demo):
    hsc = demo[PARTNERSHIP_C]
    today = dt.date.today()
    g = services.who_governs(hsc, today)
    assert [c.key for c in g.gaps] == ["owners"]
    assert "Closing or moving a day centre for older people" in g.gaps[0].sentence
    r = services.left_out(hsc, Partnership.objects.all(), today)
    assert [d.name for d in r.departures] == ["Kestermouth Food Bank"]
    assert r.departures[0].reason
    assert r.absent == ["Housing providers"]
    assert r.community.seats == 2
    assert r.community.decision_areas == 0
    assert r.weaker is True
    assert r.network_round  # positions from the latest network round
    assert len(r.many_boards) == 1
    assert len(r.many_boards[0].partnerships) == 3


def test_sections_show_the_map_and_the_readings(personas, demo):
    hsc = demo[PARTNERSHIP_C]
    evaluator = personas.client("evaluator")
    page = evaluator.get(f"/partnerships/{hsc.pk}/section/governs/").content.decode()
    assert "Who governs?" in page
    assert 'class="gov-map"' in page
    assert "<caption>Decision rights</caption>" in page
    assert "No one owns the decision on: Closing or moving a day centre" in page
    assert "Record a decision right" not in page  # an evaluator does not manage it
    page = evaluator.get(f"/partnerships/{hsc.pk}/section/leftout/").content.decode()
    for text in ("Kestermouth Food Bank left on 2023-03-31", "Housing providers", "sits on 3"):
        assert text in page
    # A member of partnership A sees people counted only over the partnerships they see.
    member = personas.client("member_a")
    a = demo[PARTNERSHIP_A]
    page = member.get(f"/partnerships/{a.pk}/section/leftout/").content.decode()
    assert "Health and Social Care Board" not in page
    assert member.get(f"/partnerships/{hsc.pk}/section/governs/").status_code == 404


def test_a_coordinator_records_rights_and_lines_and_the_checks_change(personas, demo):
    a = demo[PARTNERSHIP_A]
    coordinator = personas.client("coordinator_a")
    page = coordinator.get(f"/partnerships/{a.pk}/section/governs/").content.decode()
    assert "No decision area is recorded yet." in page
    assert "Record a decision right" in page
    response = coordinator.post(
        f"/governance/partnerships/{a.pk}/decision-rights/add/",
        {"area": "Town centre strategy", "holder": "", "delegate": "", "note": ""},
    )
    assert response.status_code == 302
    page = coordinator.get(f"/partnerships/{a.pk}/section/governs/").content.decode()
    assert "No one owns the decision on: Town centre strategy." in page
    # A parent-body holder needs its organisation: refused with the field named.
    refused = coordinator.post(
        f"/governance/partnerships/{a.pk}/decision-rights/add/",
        {"area": "Licensing", "holder": "parent"},
    )
    assert refused.status_code == 200
    assert "Name the organisation" in refused.content.decode()
    coordinator.post(
        f"/governance/partnerships/{a.pk}/accountability/add/",
        {"answers_to": "public", "through": "minutes", "body": "Residents"},
    )
    page = coordinator.get(f"/partnerships/{a.pk}/section/governs/").content.decode()
    assert "The board&#x27;s minutes are published." in page
    coordinator.post(f"/governance/partnerships/{a.pk}/groups/add/", {"name": "Young people"})
    page = coordinator.get(f"/partnerships/{a.pk}/section/leftout/").content.decode()
    assert "Young people" in page
    member = personas.client("member_a")
    for url in (
        "decision-rights/add/",
        "accountability/add/",
        "groups/add/",
        "decision-rights/import/",
    ):
        assert member.get(f"/governance/partnerships/{a.pk}/{url}").status_code == 403


def test_csv_import_is_one_transaction_and_names_row_and_column(personas, demo, tmp_path):
    a = demo[PARTNERSHIP_A]
    coordinator = personas.client("coordinator_a")
    url = f"/governance/partnerships/{a.pk}/decision-rights/import/"
    bad = tmp_path / "rights.csv"
    bad.write_text(
        "area,holder,organisation\n"
        "Town centre strategy,board,\n"
        "Licensing,parent,Nowhere Council\n"
        "Grants,maybe,\n",
        encoding="utf-8",
    )
    with bad.open("rb") as f:
        page = coordinator.post(url, {"file": f}).content.decode()
    assert "2 problems; nothing was imported." in page
    assert (
        "row 3, column organisation: no organisation is called &#x27;Nowhere Council&#x27;" in page
    )
    assert "row 4, column holder" in page
    assert not DecisionRight.objects.filter(partnership=a).exists()
    good = tmp_path / "good.csv"
    good.write_text(
        "area,holder,organisation,delegate\n"
        "Town centre strategy,board,,\n"
        "Licensing,parent,Kestermouth Borough Council,\n"
        "Small grants,delegated,,Grants panel\n",
        encoding="utf-8",
    )
    with good.open("rb") as f:
        assert coordinator.post(url, {"file": f}).status_code == 302
    assert DecisionRight.objects.filter(partnership=a).count() == 3


def test_api_reads_and_writes(personas, demo, tmp_path):
    a, hsc = demo[PARTNERSHIP_A], demo[PARTNERSHIP_C]
    evaluator = personas.client("evaluator")
    data = evaluator.get(f"/api/governance/partnerships/{hsc.pk}/governs/").json()
    assert data["gaps"] == ["owners"]
    assert len(data["rights"]) == 7
    data = evaluator.get(f"/api/governance/partnerships/{hsc.pk}/left-out/").json()
    assert data["readings"]["absent"] == ["Housing providers"]
    member = personas.client("member_a")
    assert member.get(f"/api/governance/partnerships/{hsc.pk}/governs/").status_code == 404
    body = {"answers_to": "elected_body", "through": "scrutiny", "covers_spending": True}
    url = f"/api/governance/partnerships/{a.pk}/accountability-lines/"
    assert member.post(url, body, content_type="application/json").status_code == 403
    coordinator = personas.client("coordinator_a")
    assert coordinator.post(url, body, content_type="application/json").status_code == 200
    assert AccountabilityLine.objects.filter(partnership=a, covers_spending=True).count() == 1
    url = f"/api/governance/partnerships/{a.pk}/decision-rights/"
    wrong = coordinator.post(
        url, {"area": "Grants", "holder": "delegated"}, content_type="application/json"
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"][-1] == "delegate"
    ok = coordinator.post(
        url, {"area": "Grants", "holder": "board"}, content_type="application/json"
    )
    assert ok.status_code == 200
    csv = tmp_path / "r.csv"
    csv.write_text("area,holder\nGrants,bogus\n", encoding="utf-8")
    with csv.open("rb") as f:
        refused = coordinator.post(f"{url}import/", {"file": f})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["file", 2, "holder"]
    assert DecisionRight.objects.get(partnership=a, area="Grants").holder == "board"


def test_the_report_carries_both_sections(personas, demo):
    hsc = demo[PARTNERSHIP_C]
    page = personas.client("admin").get(f"/reports/partnership/{hsc.pk}/").content.decode()
    assert "Who governs?" in page
    assert "Who is left out?" in page
    assert "Housing providers" in page
