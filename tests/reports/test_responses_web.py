"""The web page of response-level exports and its zip downloads: who may have
which, and what the zip holds."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_evaluator_downloads_the_national_export_as_a_zip(personas):
    client = personas.client("evaluator")
    page = client.get("/reports/responses/")
    assert page.status_code == 200
    assert "/reports/responses/national/csv/" in page.content.decode()
    archive = _zip(client.get("/reports/responses/national/parquet/"))
    names = archive.namelist()
    assert "joinedup-responses-national-wide-parquet/datapackage.json" in names
    package = json.loads(archive.read("joinedup-responses-national-wide-parquet/datapackage.json"))
    assert package["joinedup:form"] == "wide"
    assert any(n.endswith(".parquet") for n in names)


def test_coordinator_exports_their_own_partnership_only(personas, demo):
    client = personas.client("coordinator_a")
    a, b = demo[PARTNERSHIP_A], demo[PARTNERSHIP_B]
    page = client.get("/reports/responses/")
    assert page.status_code == 200
    html = page.content.decode()
    assert a.name in html
    assert "national" not in html
    archive = _zip(client.get(f"/reports/responses/partnership/{a.pk}/csv/?form=long"))
    assert any(n.endswith(".csv") and "/answers-" in n for n in archive.namelist())
    assert client.get("/reports/responses/national/csv/").status_code == 403
    assert client.get(f"/reports/responses/partnership/{b.pk}/csv/").status_code in (403, 404)


@pytest.mark.parametrize("who", ["member_a", "outsider"])
def test_members_and_outsiders_get_nothing(personas, demo, who):
    client = personas.client(who)
    a = demo[PARTNERSHIP_A]
    assert client.get("/reports/responses/").status_code == 403
    assert client.get("/reports/responses/national/csv/").status_code == 403
    expected = 403 if who == "member_a" else 404
    assert client.get(f"/reports/responses/partnership/{a.pk}/csv/").status_code == expected


def test_signed_out_visitors_are_sent_to_sign_in(demo, client):
    assert client.get("/reports/responses/national/csv/").status_code == 302


def test_unknown_formats_are_not_found_and_downloads_are_audited(personas, demo):
    from joinedup.audit.models import AuditEvent

    client = personas.client("admin")
    a = demo[PARTNERSHIP_A]
    assert client.get(f"/reports/responses/partnership/{a.pk}/xlsx/").status_code == 404
    refused = client.get(f"/reports/responses/partnership/{a.pk}/sav/?form=long")
    assert refused.status_code == 400
    assert "wide form only" in refused.content.decode()
    _zip(client.get(f"/reports/responses/partnership/{a.pk}/sav/"))
    event = AuditEvent.objects.get(action="export.responses")
    assert event.who == "admin"
    assert event.partnership == a
    assert "sav" in event.summary
