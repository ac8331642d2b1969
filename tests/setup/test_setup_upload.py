"""Uploading organisations and contacts in the browser's form and with the
command: the same importers, one transaction, problems naming file, row, column."""

from __future__ import annotations

import io
import subprocess
import sys

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from joinedup.registry.imports import ImportFailed, import_organisations
from joinedup.registry.models import Membership, Organisation, Person

CONTACTS = """name,email,organisation,sector,constituency
Ada Oyelaran,ada@council.test,Brackwater Council,,
Bea Holm,bea@council.test,Brackwater Council,public,
Cal Weir,cal@trust.test,Brackwater Food Trust,,
Dot Prynne,dot@tenants.test,Brackwater Tenants,community,Estate residents
Eli Ward,eli@tenants.test,Brackwater Tenants,community,Estate residents
Fay Lund,fay@college.test,Brackwater College,{sector},
Gus Tate,gus@council.test,Brackwater Council,,
Hal Roe,,Brackwater Food Trust,,
"""


def _post(client, url: str, name: str, content: bytes):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def _people() -> list:
    return sorted(Person.objects.values_list("display_name", "email", "organisation__name"))


@pytest.mark.django_db
def test_a_bad_sector_is_reported_and_nothing_is_stored_then_fixed(town) -> None:
    client = town.client("coordinator_a")
    url = reverse("setup:partnership_import_contacts", args=[town.a.pk])
    before, orgs = _people(), Organisation.objects.count()
    bad = CONTACTS.format(sector="further education").encode()
    response = _post(client, url, "contacts.csv", bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert "contacts.csv: 1 problem; nothing was imported." in page
    assert "<td>contacts.csv</td><td>7</td><td>sector</td>" in page
    assert (
        "&#x27;further education&#x27; is not one of: community, private, public, voluntary" in page
    )
    assert _people() == before
    assert Organisation.objects.count() == orgs
    response = _post(client, url, "contacts.csv", CONTACTS.format(sector="public").encode())
    assert response.status_code == 302
    people = _people()
    assert len(people) == len(before) + 7  # Ada was stored already: updated, not doubled
    college = Organisation.objects.get(name="Brackwater College")
    assert college.sector == "public"
    assert Membership.objects.filter(partnership=town.a, organisation=college).exists()
    assert ("Hal Roe", "", "Brackwater Food Trust") in people
    # Uploading the same file again changes nothing.
    assert (
        _post(client, url, "contacts.csv", CONTACTS.format(sector="public").encode()).status_code
        == 302
    )
    assert _people() == people


@pytest.mark.django_db
def test_a_coordinator_cannot_reach_another_partnerships_organisation(town) -> None:
    client = town.client("coordinator_a")
    url = reverse("setup:partnership_import_contacts", args=[town.a.pk])
    before = _people()
    text = "name,email,organisation\nMole,mole@x.test,Fenby Motors\n"
    page = _post(client, url, "mole.csv", text.encode()).content.decode()
    assert "<td>mole.csv</td><td>2</td><td>organisation</td>" in page
    assert _people() == before


@pytest.mark.django_db
def test_organisations_from_a_workbook_join_the_partnership(town) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ("name", "sector", "tier", "parent", "role", "joined"),
        ("Brackwater Health Board", "Statutory / public", "regional", "", "", "2025-05-01"),
        ("Brackwater Clinic", "public", "local", "Brackwater Health Board", "associate", ""),
    ):
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    client = town.client("coordinator_a")
    url = reverse("setup:partnership_import_organisations", args=[town.a.pk])
    assert _post(client, url, "orgs.xlsx", data.getvalue()).status_code == 302
    clinic = Organisation.objects.get(name="Brackwater Clinic")
    assert clinic.parent.name == "Brackwater Health Board"
    assert town.a.memberships.get(organisation=clinic).role == "associate"
    assert str(town.a.memberships.get(organisation=clinic.parent).joined) == "2025-05-01"


@pytest.mark.django_db
def test_an_organisation_of_another_partnership_cannot_be_changed_by_upload(town) -> None:
    client = town.client("coordinator_a")
    url = reverse("setup:partnership_import_organisations", args=[town.a.pk])
    page = _post(client, url, "o.csv", b"name,sector\nFenby Motors,community\n").content.decode()
    assert "<td>o.csv</td><td>2</td><td>name</td>" in page
    assert Organisation.objects.get(name="Fenby Motors").sector == "private"


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_unread(town) -> None:
    client = town.client("admin")
    url = reverse("setup:import_organisations")
    with override_settings(MAX_UPLOAD_BYTES=100, MAX_UPLOAD_MB=1):
        body = b"name,sector\n" + b"Somewhere Big,public\n" * 10
        page = _post(client, url, "big.csv", body).content.decode()
    assert "big.csv is larger than the 1 MB joinedup reads; nothing was imported." in page
    assert not Organisation.objects.filter(name="Somewhere Big").exists()


@pytest.mark.django_db
def test_the_importer_names_file_row_and_column(town, tmp_path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text("name,sector,tier\nNorth Ward Forum,community,ward\nNorth Ward Forum,public,\n")
    with pytest.raises(ImportFailed) as caught:
        import_organisations(path)
    lines = str(caught.value).splitlines()
    assert lines == [
        f"{path}: row 2, column 'tier': 'ward' is not one of: local, national, "
        "neighbourhood, regional",
        f"{path}: row 3, column 'name': the same organisation is already on row 2",
    ]
    assert not Organisation.objects.filter(name="North Ward Forum").exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_uses_the_same_importer(tmp_path, settings) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the command opens its own connection to the configured database")
    path = tmp_path / "orgs.csv"
    path.write_text("name,sector\nRiver Trust,charity\n")
    env = {"JOINEDUP_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    import os

    run_env = {**os.environ, **env, "JOINEDUP_HOME": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "joinedup", "init"], env=run_env, check=True, capture_output=True
    )
    done = subprocess.run(
        [sys.executable, "-m", "joinedup", "registry", "import-organisations", str(path)],
        env=run_env,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert f"{path}: row 2, column 'sector': 'charity' is not one of" in done.stderr
    assert "nothing was imported" in done.stderr
    path.write_text("name,sector\nRiver Trust,voluntary\n")
    done = subprocess.run(
        [sys.executable, "-m", "joinedup", "registry", "import-organisations", str(path)],
        env=run_env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Imported 1 organisations" in done.stdout
