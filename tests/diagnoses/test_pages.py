"""The diagnoses on the partnership page, the methods pages, the advisor, the API, the CLI."""

from __future__ import annotations

import json

import pytest
from django.utils.html import escape

from joinedup.analysis.frameworks import REGISTRY
from joinedup.cli import main
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C

pytestmark = pytest.mark.django_db


def test_section_renders_for_the_demo_with_method_links(personas, demo):
    page = personas.client("member_a").get(
        f"/partnerships/{demo[PARTNERSHIP_A].pk}/section/diagnoses/"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "What kind of partnership is it becoming?" in html
    for name in ("dynamics", "drift", "depth", "modes", "sharing", "advisor"):
        assert f"/diagnoses/methods/{name}/" in html
    assert "information-sharing agreement" in html


@pytest.mark.parametrize(
    ("name", "contracting"), [(PARTNERSHIP_A, False), (PARTNERSHIP_B, True), (PARTNERSHIP_C, False)]
)
def test_demo_sharing_test(demo, name, contracting):
    import datetime as dt

    from joinedup.diagnoses.services import diagnose

    result = diagnose(demo[name], dt.date(2026, 6, 1), k=5)
    assert result.sharing.contracting_not_partnering is contracting
    if name == PARTNERSHIP_C:
        assert "pooled_budget" in result.sharing.kinds_current
    assert result.mix.shares
    assert sum(result.mix.shares.values()) == pytest.approx(1.0)


def test_methods_pages_exist_for_every_diagnosis(personas):
    client = personas.client("outsider")
    for name, module in REGISTRY.items():
        page = client.get(f"/diagnoses/methods/{name}/")
        assert page.status_code == 200
        assert escape(module.TITLE) in page.content.decode()
    assert client.get("/diagnoses/methods/astrology/").status_code == 404


def test_advisor_form(personas, client):
    assert client.get("/diagnoses/advisor/").status_code == 302  # login required
    member = personas.client("member_a")
    assert member.get("/diagnoses/advisor/").status_code == 200
    answers = dict.fromkeys(["information", "hard_to_price", "multi_agency", "bargaining"], "yes")
    page = member.post("/diagnoses/advisor/", {"service": "Carers' breaks", **answers})
    html = page.content.decode()
    assert "partnership / network" in html
    assert "several agencies must produce it together (holds)" in html
    empty = member.post("/diagnoses/advisor/", {})
    assert "no condition was answered" in empty.content.decode().lower()


def test_api_permissions(personas, demo):
    a, b = demo[PARTNERSHIP_A], demo[PARTNERSHIP_B]
    member = personas.client("member_a")
    ok = member.get(f"/api/diagnoses/partnerships/{a.pk}/")
    assert ok.status_code == 200
    assert ok.json()["methods"]["dynamics"] == "/diagnoses/methods/dynamics/"
    assert member.get(f"/api/diagnoses/partnerships/{b.pk}/").status_code == 404
    assert (
        personas.client("outsider").get(f"/api/diagnoses/partnerships/{a.pk}/").status_code == 404
    )
    assert (
        personas.client("evaluator").get(f"/api/diagnoses/partnerships/{b.pk}/").status_code == 200
    )


def test_sharing_form_is_for_coordinators(personas, demo):
    a = demo[PARTNERSHIP_A]
    url = f"/diagnoses/partnerships/{a.pk}/sharing/add/"
    assert personas.client("member_a").get(url).status_code == 403
    coordinator = personas.client("coordinator_a")
    assert coordinator.get(url).status_code == 200
    council = a.memberships.get(role="lead").organisation
    done = coordinator.post(
        url,
        {
            "kind": "risk",
            "description": "Shared risk on the town plan",
            "organisations": [council.pk],
            "start": "2025-04-01",
        },
    )
    assert done.status_code == 302
    assert a.sharing_entries.filter(kind="risk").exists()


def test_advise_command(tmp_path, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "few_providers: yes\ncollusion: 5\ncomplex_contracts: yes\ninformation: no\n"
    )
    assert main(["advise", str(answers)]) == 0
    assert "in-house / hierarchy" in capsys.readouterr().out
    assert (
        main(
            [
                "advise",
                str(answers),
                "--holds",
                "information,hard_to_price,multi_agency,bargaining",
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["recommendation"] == "long-term relational contract"
    table = tmp_path / "answers.csv"
    table.write_text("condition,answer\nhard_to_price,2\n")
    assert main(["advise", str(table)]) == 0
    assert "market contract" in capsys.readouterr().out
    assert main(["advise", "--holds", "cheap"]) != 0
    assert "unknown condition" in capsys.readouterr().err


def test_demo_partnerships_land_apart_and_the_board_drifts(demo):
    import datetime as dt

    from joinedup.diagnoses.services import diagnose

    latest = {}
    for name in (PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C):
        d = diagnose(demo[name], dt.date(2026, 6, 1), k=5)
        latest[name] = d.rounds[-1].overall.quadrant
        if name == PARTNERSHIP_C:
            assert [r.overall.quadrant for r in d.rounds] == ["sustainability", "pragmatism"]
            assert "purpose" in [a.rule for a in d.trajectory.alerts]
    assert len(set(latest.values())) == 3


def test_the_board_page_shows_the_plane_and_why_it_drifted(personas, demo):
    page = personas.client("evaluator").get(
        f"/partnerships/{demo[PARTNERSHIP_C].pk}/section/diagnoses/"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html
    assert "towards sustainability" in html
    assert "Drift from the purpose." in html
    assert "moved away from sustainability" in html


def test_outsiders_see_no_diagnoses(personas, demo):
    page = personas.client("outsider").get(
        f"/partnerships/{demo[PARTNERSHIP_A].pk}/section/diagnoses/"
    )
    assert page.status_code in (403, 404)
    assert "What kind of partnership is it becoming?" not in page.content.decode()


def test_advise_api(personas):
    client = personas.client("member_a")
    body = {"answers": {"few_providers": "yes", "collusion": 4, "specific_assets": True}}
    done = client.post("/api/diagnoses/advise/", body, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["recommendation"] == "in-house / hierarchy"
    bad = client.post(
        "/api/diagnoses/advise/", {"answers": {"cheap": "yes"}}, content_type="application/json"
    )
    assert bad.status_code == 422
    anonymous = personas.client("outsider")
    anonymous.logout()
    assert (
        anonymous.post("/api/diagnoses/advise/", body, content_type="application/json").status_code
        == 401
    )


def test_organisation_page_lists_what_it_shares_in_visible_partnerships(personas, demo):
    from joinedup.registry.models import Organisation

    county = Organisation.objects.get(name="Westshire County Council")
    mine = personas.client("member_a").get(f"/organisations/{county.pk}/").content.decode()
    assert "What it shares with partners" in mine
    assert "Kestermouth data-sharing charter" in mine  # the LSP, which member_a sees
    assert "Pooled budget for care at home" not in mine  # the HSC board, which member_a does not
    everything = personas.client("evaluator").get(f"/organisations/{county.pk}/").content.decode()
    assert "Pooled budget for care at home" in everything
