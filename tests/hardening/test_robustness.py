"""Robustness pass (issue 17): each case was tried as a hostile user or an operator would.

NUL characters at the boundary, forwarding headers from untrusted senders, files
created private, a workbook that lies about its size, a closed round that takes no
more responses, and a demo that will not load itself into a real installation.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import subprocess
import sys
import zipfile

import pytest
from django.test import override_settings
from openpyxl import Workbook

from joinedup.analysis.instruments import InstrumentError
from joinedup.analysis.responses_file import read_table
from joinedup.cli import main
from joinedup.registry.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/participation/public/%00/",
        "/participation/calendar/?area=%00",
        "/api/registry/partnerships/?q=%00",
        "/surveys/s/%00abc/",
    ],
)
def test_nul_in_a_url_is_a_clear_400_not_a_crash(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert b"NUL character" in response.content


def test_nul_in_a_form_or_json_body_is_refused(client):
    form = client.post(
        "/accounts/login/",
        "username=a%00b&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert form.status_code == 400
    api = client.post(
        "/api/registry/partnerships/", data='{"name": "a\\u0000b"}', content_type="application/json"
    )
    assert api.status_code == 400
    assert api.json() == {
        "detail": "The request contains a NUL character, which joinedup does not accept."
    }


@override_settings(
    TRUSTED_PROXIES=["10.0.0.1"],
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_HSTS_SECONDS=3600,
)
def test_forwarded_proto_is_believed_from_trusted_proxies_only(client):
    spoofed = client.get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in spoofed.headers
    proxied = client.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" in proxied.headers


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_secret_key_and_sqlite_database_are_created_private(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "JOINEDUP_HOME": str(home)}
    env.pop("JOINEDUP_DATABASE_URL", None)
    env.pop("JOINEDUP_SECRET_KEY", None)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'joinedup.settings'; "
        "django.setup()"
    )
    # A generous umask, as on many servers: the files must be private all the same.
    subprocess.run(
        [sys.executable, "-c", f"import os; os.umask(0o022); {code}"], env=env, check=True
    )
    assert _mode(home / "secret_key") == 0o600
    assert _mode(home / "joinedup.sqlite3") == 0o600


def test_backups_and_their_folder_are_private(db, settings, tmp_path, capsys):
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("pg_dump backups are written the same way; SQLite needs no server tool")
    settings.HOME = str(tmp_path)
    old = os.umask(0o022)
    try:
        assert main(["backup"]) == 0
    finally:
        os.umask(old)
    folder = tmp_path / "backups"
    assert _mode(folder) == 0o700
    (made,) = folder.iterdir()
    assert _mode(made) == 0o600


def _claims_16384_columns(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["respondent", "hc_shared_aims"])
    sheet.append(["K-1", 4])
    book.save(path)
    with zipfile.ZipFile(path) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD2"/>', parts[name])
    assert b"XFD2" in parts[name]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as lying:
        for part, data in parts.items():
            lying.writestr(part, data)


def test_a_workbook_that_claims_16384_columns_is_read_as_it_is(tmp_path):
    path = tmp_path / "wide.xlsx"
    _claims_16384_columns(path)
    assert read_table(path) == [["respondent", "hc_shared_aims"], ["K-1", "4"]]


def test_nul_in_a_responses_file_names_its_row_and_column(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(b"respondent,hc_shared_aims\nK-1,4\nK-2,3\x00\n")
    with pytest.raises(InstrumentError) as caught:
        read_table(path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.code) == (3, "hc_shared_aims", "responses.nul")
    assert "answers.csv" in str(problem)


def test_demo_refuses_a_database_with_other_data(db, capsys):
    Partnership.objects.create(
        name="Riverside Community Safety Partnership",
        basis="voluntary",
        start_date=dt.date(2019, 4, 1),
    )
    assert main(["demo", "--no-serve"]) != 0
    err = capsys.readouterr().err
    assert "already holds 1 partnerships" in err
    assert "--force" in err
    assert not Partnership.objects.filter(name__startswith="Kestermouth").exists()


def test_demo_refuses_to_reset_an_existing_admin_account(db, django_user_model, capsys):
    django_user_model.objects.create_user("admin", password="a long chosen password 1")
    assert main(["demo", "--no-serve"]) != 0
    assert "1 user accounts" in capsys.readouterr().err
    admin = django_user_model.objects.get(username="admin")
    assert admin.check_password("a long chosen password 1")


@override_settings(MAX_UPLOAD_BYTES=4096)
def test_restore_and_bundle_import_are_not_held_to_the_upload_limit(db, tmp_path, capsys):
    """Issue 17: a 68 MB backup was refused as 'more than the 10.0 MB joinedup reads'."""
    import json

    from django.db import connection

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    backup = tmp_path / "backup1.zip"
    with zipfile.ZipFile(backup, "w") as archive:  # stored, so it stays larger than 4 KB
        manifest = {"engine": other, "version": "0", "created": "x", "migrations": 1}
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("padding.bin", os.urandom(64 * 1024))
    assert backup.stat().st_size > 4096
    assert main(["restore", str(backup), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "JOINEDUP_MAX_UPLOAD_MB" not in err
    assert f"is a {other} backup" in err
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(os.urandom(64 * 1024))
    main(["import", str(bundle)])
    assert "JOINEDUP_MAX_UPLOAD_MB" not in capsys.readouterr().err
