"""Keeping the registry in step with a council's directory: four tables, matched by
external id, one transaction each, a dry run that counts exactly, and ``--sync``
ending the memberships a file leaves out (their history kept)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from joinedup.analysis.problems import ProblemError
from joinedup.audit.models import AuditEvent
from joinedup.registry.models import Membership, Organisation, Partnership, Person
from joinedup.registry.sync import run_file
from joinedup.registry.viewer import Viewer

ORGANISATIONS = """external_id,name,sector,tier,parent
ORG-1,Brackwater Council,public,local,
ORG-2,Brackwater Food Trust,voluntary,neighbourhood,
ORG-3,Saltmarsh Youth Club,community,neighbourhood,Brackwater Food Trust
ORG-4,Harbour Credit Union,voluntary,local,
"""
PEOPLE = """external_id,name,email,organisation,constituency
P-1,Ada Oyelaran,ada@council.test,ORG-1,
P-2,Noor Haddad,noor@club.test,ORG-3,young people of Saltmarsh
"""
PARTNERSHIPS = """external_id,name,basis,start_date,area,lead
LSP-1,Brackwater Together,voluntary,2025-04-01,Brackwater,
LSP-2,Harbourside Partnership,statutory,2024-01-01,Harbourside,
"""
MEMBERSHIPS = """partnership,organisation,role,joined
LSP-1,ORG-1,lead,
LSP-1,ORG-2,member,
LSP-1,ORG-3,member,2025-06-01
LSP-2,ORG-4,member,2024-01-01
"""


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(tmp_path: Path, kind: str, text: str, **options) -> object:
    return run_file(kind, _file(tmp_path, f"{kind}.csv", text), viewer=Viewer.operator(), **options)


def _load_all(tmp_path: Path) -> list[object]:
    return [
        _run(tmp_path, "organisations", ORGANISATIONS),
        _run(tmp_path, "people", PEOPLE),
        _run(tmp_path, "partnerships", PARTNERSHIPS),
        _run(tmp_path, "memberships", MEMBERSHIPS),
    ]


def test_a_directory_loads_and_a_second_run_changes_nothing(town, tmp_path) -> None:
    first = _load_all(tmp_path)
    # The council, the trust, Ada and Brackwater Together were stored by name: adopted.
    assert [(r.created, r.updated) for r in first] == [(2, 2), (1, 1), (1, 1), (2, 1)]
    council = Organisation.objects.get(external_id="ORG-1")
    assert council.name == "Brackwater Council"
    club = Organisation.objects.get(external_id="ORG-3")
    assert club.parent == Organisation.objects.get(external_id="ORG-2")
    assert Person.objects.get(external_id="P-2").organisation == club
    a = Partnership.objects.get(external_id="LSP-1")
    assert a.pk == town.a.pk
    assert a.memberships.get(organisation=council).role == "lead"
    events_before = AuditEvent.objects.count()
    second = _load_all(tmp_path)
    assert [(r.created, r.updated, r.ended) for r in second] == [(0, 0, 0)] * 4
    assert [r.unchanged for r in second] == [4, 2, 2, 4]
    # Nothing written, so nothing audited but the four imports themselves.
    later = AuditEvent.objects.order_by("pk")[events_before:]
    assert [e.action for e in later] == ["registry.import"] * 4
    assert "0 created, 0 updated, 4 unchanged" in later[0].summary


def test_every_write_is_audited(town, tmp_path) -> None:
    _run(tmp_path, "organisations", ORGANISATIONS)
    made = AuditEvent.objects.filter(action="organisation.create")
    assert sorted(made.values_list("summary", flat=True)) == [
        "Harbour Credit Union",
        "Saltmarsh Youth Club",
    ]
    changed = AuditEvent.objects.get(action="organisation.change", object_id=town.trust.pk)
    assert "external_id" in changed.summary
    assert "tier" in changed.summary


def test_a_rename_follows_the_external_id(town, tmp_path) -> None:
    _run(tmp_path, "organisations", ORGANISATIONS)
    renamed = ORGANISATIONS.replace("Harbour Credit Union", "Harbour and Fenby Credit Union")
    result = _run(tmp_path, "organisations", renamed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert Organisation.objects.get(external_id="ORG-4").name == "Harbour and Fenby Credit Union"


def test_dry_run_counts_exactly_and_writes_nothing(town, tmp_path) -> None:
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    dry = _run(tmp_path, "organisations", ORGANISATIONS, dry_run=True)
    assert (dry.created, dry.updated, dry.unchanged) == (2, 2, 0)
    assert dry.dry_run
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before
    real = _run(tmp_path, "organisations", ORGANISATIONS)
    assert (real.created, real.updated, real.unchanged) == (2, 2, 0)


def test_sync_ends_memberships_left_out_and_keeps_their_history(town, tmp_path) -> None:
    _load_all(tmp_path)
    fewer = "partnership,organisation,role\nLSP-1,ORG-1,lead\nLSP-1,ORG-3,member\n"
    day = dt.date(2026, 3, 31)
    dry = _run(tmp_path, "memberships", fewer, sync=True, end_date=day, dry_run=True)
    assert (dry.unchanged, dry.ended) == (2, 1)
    assert town.a.memberships.get(organisation=town.trust).left is None
    done = _run(tmp_path, "memberships", fewer, sync=True, end_date=day)
    assert (done.unchanged, done.ended) == (2, 1)
    ended = town.a.memberships.get(organisation=town.trust)
    assert ended.left == day  # ended, not deleted
    assert AuditEvent.objects.filter(action="membership.end", object_id=ended.pk).exists()
    # Partnership LSP-2 is not in the file: its membership is left alone.
    assert Membership.objects.get(partnership__external_id="LSP-2").left is None
    again = _run(tmp_path, "memberships", fewer, sync=True, end_date=day)
    assert (again.ended, again.unchanged) == (0, 2)
    # A row that ends a membership is still unchanged the second time.
    leaving = "partnership,organisation,left\nLSP-1,ORG-3,2026-04-30\n"
    assert _run(tmp_path, "memberships", leaving).updated == 1
    assert _run(tmp_path, "memberships", leaving).unchanged == 1
    assert Membership.objects.filter(organisation__external_id="ORG-3").count() == 1
    # Without --sync, a file that leaves a member out ends nothing.
    plain = _run(tmp_path, "memberships", "partnership,organisation\nLSP-1,ORG-1\n")
    assert plain.ended == 0
    assert Membership.objects.get(partnership__external_id="LSP-2").left is None


def test_sync_reports_absent_directory_rows_but_deletes_none(town, tmp_path) -> None:
    _run(tmp_path, "organisations", ORGANISATIONS)
    shorter = "\n".join(ORGANISATIONS.splitlines()[:3]) + "\n"
    result = _run(tmp_path, "organisations", shorter, sync=True)
    assert result.absent == ["Saltmarsh Youth Club (ORG-3)", "Harbour Credit Union (ORG-4)"]
    assert Organisation.objects.filter(external_id="ORG-4").exists()


def test_a_bad_row_names_file_row_and_column_and_writes_nothing(town, tmp_path) -> None:
    _run(tmp_path, "organisations", ORGANISATIONS)
    _run(tmp_path, "partnerships", PARTNERSHIPS)
    before = (Membership.objects.count(), AuditEvent.objects.count())
    bad = MEMBERSHIPS.replace("LSP-2,ORG-4,member,2024-01-01", "LSP-2,ORG-4,chair,1 May 2024")
    with pytest.raises(ProblemError) as caught:
        _run(tmp_path, "memberships", bad)
    text = str(caught.value)
    assert "memberships.csv: row 5, column 'role': 'chair' is not one of" in text
    assert "memberships.csv: row 5, column 'joined': '1 May 2024' is not a date" in text
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


def test_a_rule_of_the_registry_is_reported_on_its_row(town, tmp_path) -> None:
    _run(tmp_path, "organisations", ORGANISATIONS)
    taken = "external_id,name,sector\nORG-9,Brackwater Council,public\n"
    with pytest.raises(ProblemError) as caught:
        _run(tmp_path, "organisations", taken)
    problem = caught.value.problems[0]
    assert (problem.code, problem.row, problem.column) == ("registry.refused", 2, "name")
    assert not Organisation.objects.filter(external_id="ORG-9").exists()


def test_coordinator_keeps_their_own_partnership_in_step_only(town, tmp_path) -> None:
    _run(tmp_path, "organisations", ORGANISATIONS)
    _run(tmp_path, "partnerships", PARTNERSHIPS)
    coordinator = Viewer.of(town.users["coordinator_a"])
    rows = "partnership,organisation,role\nLSP-1,ORG-1,member\nLSP-1,ORG-2,associate\n"
    path = _file(tmp_path, "m.csv", rows)
    result = run_file("memberships", path, viewer=coordinator)
    assert (result.updated, result.unchanged) == (1, 1)
    # An organisation the coordinator cannot see (no membership in their partnership).
    hidden = _file(tmp_path, "h.csv", "partnership,organisation\nLSP-1,ORG-4\n")
    with pytest.raises(ProblemError) as unseen:
        run_file("memberships", hidden, viewer=coordinator)
    assert unseen.value.problems[0].column == "organisation"
    other = _file(tmp_path, "b.csv", "partnership,organisation\nFenby Roads Group,Fenby Motors\n")
    with pytest.raises(ProblemError) as caught:
        run_file("memberships", other, viewer=coordinator)
    assert caught.value.problems[0].column == "partnership"
    new_org = _file(tmp_path, "o.csv", "name,sector\nA New Charity,voluntary\n")
    with pytest.raises(ProblemError) as refused:
        run_file("organisations", new_org, viewer=coordinator)
    assert refused.value.problems[0].code == "registry.not-yours"


def test_the_command_prints_counts_and_refuses_a_bad_file(town, tmp_path, capsys) -> None:
    from joinedup.cli import main

    path = _file(tmp_path, "orgs.csv", ORGANISATIONS)
    assert main(["registry", "sync", "organisations", str(path), "--dry-run"]) == 0
    assert "dry run, nothing written: 2 created, 2 updated" in capsys.readouterr().out
    assert not Organisation.objects.filter(external_id="ORG-4").exists()
    assert main(["registry", "sync", "organisations", str(path)]) == 0
    event = AuditEvent.objects.filter(action="organisation.create").first()
    assert event is not None
    assert event.role == "operator"
    bad = _file(tmp_path, "bad.csv", "name,sector,colour\nX,public,red\n")
    assert main(["registry", "sync", "organisations", str(bad)]) != 0
    assert "bad.csv: row 1, column 'colour': unknown column" in capsys.readouterr().err


def _upload(client, kind: str, text: str, **fields) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(f"{kind}.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(f"/setup/keep-in-step/{kind}/", {"file": upload, **fields})


def test_the_set_up_page_checks_first_then_writes(town) -> None:
    admin = town.client("admin")
    assert admin.get("/setup/keep-in-step/memberships/").status_code == 200
    checked = _upload(admin, "organisations", ORGANISATIONS, check_only="on")
    page = checked.content.decode()
    assert "Checked: nothing has been written yet" in page
    assert not Organisation.objects.filter(external_id="ORG-4").exists()
    written = _upload(admin, "organisations", ORGANISATIONS)
    assert "Done" in written.content.decode()
    assert Organisation.objects.filter(external_id="ORG-4").exists()
    assert AuditEvent.objects.filter(action="import.web").exists()
    bad = _upload(admin, "organisations", "name,sector\nNook,pub\n")
    assert "organisations.csv: 1 problem; nothing was written." in bad.content.decode()
    assert not Organisation.objects.filter(name="Nook").exists()


def test_the_set_up_page_follows_the_roles(town) -> None:
    for persona in ("member_a", "evaluator", "outsider"):
        assert town.client(persona).get("/setup/keep-in-step/people/").status_code == 403
    rows = "partnership,organisation\nFenby Roads Group,Fenby Motors\n"
    refused = _upload(town.client("coordinator_a"), "memberships", rows, sync="on")
    assert "no partnership you manage is called" in refused.content.decode()
    done = _upload(town.client("coordinator_b"), "memberships", rows, sync="on")
    assert "Done" in done.content.decode()
