"""The round's import page: a coordinator uploads a KoboToolbox export and sees
how it was read; an unknown column is listed with the closest question and
nothing is written; members and outsiders cannot reach the page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from joinedup.registry.models import Access, AccessRole
from joinedup.surveys.library import import_instrument_file
from joinedup.surveys.models import Response
from tests.analysis import tool_exports as t
from tests.surveys.conftest import make_round


@pytest.fixture
def round_(lsp, tmp_path):
    return make_round(lsp, import_instrument_file(t.write_form(tmp_path / "form.xlsx")))


def _client(round_, role):
    user = get_user_model().objects.create_user(f"u-{role}", f"{role}@example.org", "x")
    Access.objects.create(user=user, role=role, partnership=round_.partnership)
    client = Client()
    client.force_login(user)
    return client


def _upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_coordinator_imports_a_kobo_export_and_sees_how_it_was_read(round_, tmp_path):
    client = _client(round_, AccessRole.COORDINATOR)
    url = reverse("surveys:round_import", args=[round_.pk])
    assert (
        "Import responses from a file"
        in client.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    )
    wrong = {"purpose/hc_purpose_shared": "purpose/hc_purpose_shard"}
    path = t.kobo_csv(tmp_path / "Partnership_check_-_all_versions.csv", rename=wrong)
    page = client.post(url, {"file": _upload(path)}).content.decode()
    assert "A KoboToolbox CSV export, cells separated by “;”" in page
    assert "Partnership_check_-_all_versions.csv: 1 problem; nothing was imported." in page
    assert "did you mean hc_purpose_shared?" in page
    assert "<code>_submission_time</code>" in page
    assert str(tmp_path) not in page
    assert not Response.objects.exists()
    ignore = {"file": _upload(path), "ignore": "purpose/hc_purpose_shard\n"}
    page = client.post(url, ignore).content.decode()
    assert "10 responses imported." in page
    assert "No column, so unanswered: hc_purpose_shared" in page
    assert "Each respondent is known by the tool’s submission id (_uuid)" in page
    assert Response.objects.filter(round=round_).count() == 10


def test_only_the_round_s_managers_reach_the_page(round_, lsp):
    url = reverse("surveys:round_import", args=[round_.pk])
    assert _client(round_, AccessRole.MEMBER).get(url).status_code == 403
    outsider = Client()
    outsider.force_login(get_user_model().objects.create_user("out", "o@example.org", "x"))
    assert outsider.get(url).status_code == 404
    assert Client().get(url).status_code == 302
