"""The theory of change through the JSON API, a file and the command line."""

from __future__ import annotations

import json

import pytest

from joinedup.theory.models import ChangeLink, ChangeStep, StepEvidence
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_C

pytestmark = pytest.mark.django_db

GOOD = (
    "key,kind,title,leads_to,mechanism,assumption,evidence\n"
    "walkabouts,activity,Estate walkabouts,heard,Officers hear problems where they happen,,"
    "decision:Fund new lighting on the Northfield walkways\n"
    "heard,outcome,Residents feel heard,,,,"
    "indicator:Residents who feel able to influence local decisions"
    "|dimension:health-check.purpose\n"
)


def test_api_reads_the_demo_theory(personas, demo) -> None:
    hsc = demo[PARTNERSHIP_C]
    body = personas.client("evaluator").get(f"/api/theory/partnerships/{hsc.pk}").json()
    assert body["counts"]["outcomes"] == 2
    carers = next(s for s in body["steps"] if s["key"] == "carers-supported")
    assert carers["evidence"][0]["reading"] == "moving"
    assert {lk["support"] for lk in body["links"]} == {"both", "one"}
    assert any(c["code"] == "outcome-unmeasured" for c in body["checks"])
    lsp = demo[PARTNERSHIP_A]
    assert personas.client("outsider").get(f"/api/theory/partnerships/{hsc.pk}").status_code == 404
    assert personas.client("member_a").get(f"/api/theory/partnerships/{lsp.pk}").status_code == 200


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_api_writes_for_coordinators_only(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    base = f"/api/theory/partnerships/{lsp.pk}"
    member = personas.client("member_a")
    assert _post(member, f"{base}/steps", {"kind": "activity", "title": "X"}).status_code == 403
    client = personas.client("coordinator_a")
    made = _post(client, f"{base}/steps", {"kind": "activity", "title": "Estate walkabouts"})
    assert made.status_code == 201
    assert made.json()["detail"] == "estate-walkabouts"
    _post(
        client,
        f"{base}/steps",
        {"key": "heard", "kind": "outcome", "title": "Residents feel heard"},
    )
    twice = _post(client, f"{base}/steps", {"key": "heard", "kind": "outcome", "title": "Again"})
    assert twice.status_code == 422
    backwards = _post(client, f"{base}/links", {"source": "heard", "target": "estate-walkabouts"})
    assert backwards.status_code == 422
    assert "runs forward" in json.dumps(backwards.json())
    link = _post(client, f"{base}/links", {"source": "estate-walkabouts", "target": "heard"})
    assert link.status_code == 201
    indicator = lsp.indicators.first()
    evidence = _post(
        client,
        f"{base}/evidence",
        {"step": "heard", "source": "indicator", "indicator_id": indicator.pk},
    )
    assert evidence.status_code == 201
    # An indicator of another partnership is refused, as if it did not exist.
    other = demo[PARTNERSHIP_C].indicators.first()
    foreign = _post(
        client,
        f"{base}/evidence",
        {"step": "heard", "source": "indicator", "indicator_id": other.pk},
    )
    assert foreign.status_code == 422
    body = client.get(base).json()
    assert body["links"][0]["support"] in {"one", "both"}
    assert client.delete(f"{base}/steps/heard").status_code == 200
    assert not ChangeLink.objects.filter(source__partnership=lsp).exists()


def test_file_import_is_all_or_nothing_and_idempotent(personas, demo, tmp_path) -> None:
    from joinedup.analysis.problems import ProblemError
    from joinedup.theory.imports import import_theory

    lsp = demo[PARTNERSHIP_A]
    bad = tmp_path / "theory.csv"
    bad.write_text(
        "key,kind,title,leads_to,evidence,colour\n"
        "walkabouts,activity,Estate walkabouts,heard,indicator:Nothing by that name,\n"
        "heard,goal,Residents feel heard,walkabouts,,\n"
        "walkabouts,output,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ProblemError) as refused:
        import_theory(bad, lsp)
    places = {(p.row, p.column) for p in refused.value.problems}
    assert places == {(1, "colour")}, "the header is checked first"
    bad.write_text(bad.read_text().replace(",colour", "").replace(",\n", "\n"), encoding="utf-8")
    with pytest.raises(ProblemError) as refused:
        import_theory(bad, lsp)
    places = {(p.file, p.row, p.column) for p in refused.value.problems}
    assert places == {
        ("theory.csv", 2, "evidence"),
        ("theory.csv", 3, "kind"),
        ("theory.csv", 4, "key"),
        ("theory.csv", 4, "title"),
    }
    assert not ChangeStep.objects.filter(partnership=lsp).exists()
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    assert import_theory(good, lsp) == {"steps": 2, "links": 1, "evidence": 3}
    assert import_theory(good, lsp) == {"steps": 0, "links": 0, "evidence": 0}
    assert StepEvidence.objects.filter(step__partnership=lsp).count() == 3


def test_cli_and_api_upload(personas, demo, tmp_path, capsys) -> None:
    from joinedup.cli import main

    lsp = demo[PARTNERSHIP_A]
    path = tmp_path / "good.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["theory", "import", str(path), "--partnership", str(lsp.pk)]) == 0
    assert "2 step(s), 1 link(s) and 3 piece(s) of evidence" in capsys.readouterr().out
    broken = tmp_path / "broken.csv"
    broken.write_text("key,kind,title,leads_to\nx,activity,X,missing\n", encoding="utf-8")
    assert main(["theory", "import", str(broken), "--partnership", str(lsp.pk)]) == 1
    err = capsys.readouterr().err
    assert "broken.csv, row 2, column 'leads_to'" in err
    assert "Traceback" not in err
    client = personas.client("coordinator_a")
    with broken.open("rb") as fh:
        answer = client.post(f"/api/theory/partnerships/{lsp.pk}/import", {"file": fh})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["file", 2, "leads_to"]
