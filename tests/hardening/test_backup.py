"""``joinedup backup`` and ``joinedup restore`` on the configured engine: the demo is
backed up, changed, restored, and equals the backed-up state again; backups from
another engine or version, and restores nobody confirmed, are refused."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.db import connection

from joinedup import __version__, cli
from joinedup.audit.models import AuditEvent
from joinedup.registry.models import Organisation, Partnership
from joinedup.surveys.models import Answer, Response, Round


def snapshot() -> dict[str, object]:
    first = Answer.objects.filter(value__isnull=False).order_by("pk")[:25]
    return {
        "partnerships": Partnership.objects.count(),
        "organisations": Organisation.objects.count(),
        "rounds": list(Round.objects.order_by("pk").values_list("pk", "status")),
        "responses": Response.objects.count(),
        "answers": Answer.objects.count(),
        "scores": list(first.values_list("pk", "item", "value")),
    }


@pytest.fixture
def demo_committed(transactional_db):
    from joinedup.demo import load_demo

    load_demo(seed=2024)


def test_backup_change_restore(demo_committed, tmp_path, capsys):
    before = snapshot()
    target = tmp_path / "nightly.zip"
    assert cli.main(["backup", "-o", str(target)]) == 0
    assert f"database to {target}" in capsys.readouterr().out
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["engine"] == connection.vendor
    assert manifest["version"] == __version__
    assert not list(tmp_path.glob(".*partial"))  # written under a temporary name, renamed

    Answer.objects.filter(pk__in=[pk for pk, _i, _v in before["scores"]]).update(value=1)  # type: ignore[union-attr]
    Response.objects.filter(round=Round.objects.first()).delete()
    Partnership.objects.create(name="Added after the backup", start_date="2024-01-01")
    assert snapshot() != before

    assert cli.main(["restore", str(target), "--yes"]) == 0
    assert "Restored the database" in capsys.readouterr().out
    assert snapshot() == before
    assert AuditEvent.objects.filter(action="backup.create").count() == 1
    assert AuditEvent.objects.filter(action="backup.restore").count() == 1


def _forged(tmp_path, **changes):  # type: ignore[no-untyped-def]
    path = tmp_path / "forged.zip"
    manifest = {"engine": connection.vendor, "version": __version__, "created": "x"}
    manifest.update(migrations=1, **changes)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    return path


def test_restore_refuses_another_engine(db, tmp_path, capsys):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    assert cli.main(["restore", str(_forged(tmp_path, engine=other)), "--yes"]) == 1
    err = capsys.readouterr().err
    assert f"is a {other} backup and this installation uses {connection.vendor}" in err


def test_restore_refuses_another_version(db, tmp_path, capsys):
    assert cli.main(["restore", str(_forged(tmp_path, version="0.0.1")), "--yes"]) == 1
    assert "was made by joinedup 0.0.1" in capsys.readouterr().err


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path, capsys):
    path = tmp_path / "notes.zip"
    path.write_text("hello", encoding="utf-8")
    assert cli.main(["restore", str(path), "--yes"]) == 1
    assert "is not a joinedup backup" in capsys.readouterr().err
    assert cli.main(["restore", str(tmp_path / "missing.zip"), "--yes"]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_restore_without_yes_and_without_a_terminal_is_refused(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    assert cli.main(["restore", str(_forged(tmp_path))]) == 1
    assert "add --yes" in capsys.readouterr().err


def test_backup_to_a_missing_folder_is_a_clear_error(db, tmp_path, capsys):
    assert cli.main(["backup", "-o", str(tmp_path / "nope" / "b.zip")]) == 1
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite online backup")
def test_sqlite_backup_is_consistent_while_another_connection_writes(demo_committed, tmp_path):
    import sqlite3
    import threading

    path = connection.settings_dict["NAME"]
    stop = threading.Event()
    written = []

    def writer() -> None:
        con = sqlite3.connect(path, timeout=20, isolation_level=None)
        while not stop.is_set():
            con.execute(
                'INSERT INTO audit_auditevent ("when", who, role, action, object_type,'
                " object_id, summary) VALUES (datetime('now'), 'w', '', 'write', '', '', '')"
            )
            written.append(1)
        con.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            threading.Event().wait(0.01)
        at_start = len(written)
        target = tmp_path / "live.zip"
        assert cli.main(["backup", "-o", str(target)]) == 0
        during = len(written) - at_start
    finally:
        stop.set()
        thread.join()
    assert during > 0  # the writer was not stopped by the backup
    with zipfile.ZipFile(target) as archive:
        archive.extract("database.sqlite3", tmp_path)
    copy = sqlite3.connect(tmp_path / "database.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copied = copy.execute("SELECT count(*) FROM audit_auditevent WHERE action='write'").fetchone()
    copy.close()
    assert 20 <= copied[0] <= len(written)
