"""A respondent saving a page while a large response import is writing (issue 17):
the save, on its own connection, waits for the import's write transaction at most
and then succeeds; it is never refused with "database is locked"."""

from __future__ import annotations

import csv
import threading
import time

import pytest
from django.db import connection, transaction

from joinedup.registry.models import Organisation
from joinedup.surveys.importing import import_responses
from joinedup.surveys.models import Answer, Response, ResponseSource
from tests.surveys.conftest import make_round

ROWS = 4000  # about 11,000 answers: a write transaction of a fraction of a second
ITEMS = ["hc_shared_aims", "hc_purpose_kind", "hc_reports_back"]


@pytest.fixture
def round_(transactional_db, lsp, check_version):
    return make_round(lsp, check_version)


def big_file(tmp_path, round_):
    members = Organisation.objects.exclude(sector="private").values_list("name", flat=True)
    names = list(members)
    path = tmp_path / "big.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["respondent", "organisation", "group", *ITEMS])
        for n in range(ROWS):
            kind = ("outcome", "process", "")[n % 3]
            out.writerow([f"K-{n:05d}", names[n % len(names)], "officer", n % 5 + 1, kind, "dk"])
    return path


def save_page(response_id: int, value: float) -> None:
    """What a respondent's page save does to the database: replace the page's
    answers and move the page on, in one write transaction."""
    with transaction.atomic():
        Answer.objects.filter(response_id=response_id, item="hc_shared_aims").delete()
        Answer.objects.create(response_id=response_id, item="hc_shared_aims", value=value)
        Response.objects.filter(pk=response_id).update(page=1)


def test_a_page_saved_during_a_large_import_waits_and_succeeds(round_, tmp_path):
    org = Organisation.objects.exclude(sector="private").first()
    web = Response.objects.create(
        round=round_, organisation=org, group="officer", source=ResponseSource.WEB
    )
    path = big_file(tmp_path, round_)
    writing = threading.Event()
    outcome: dict[str, object] = {}

    def respondent() -> None:
        writing.wait(60)
        began = time.perf_counter()
        try:
            save_page(web.pk, 4.0)
        except Exception as exc:  # the failure the test is about, reported below
            outcome["error"] = exc
        finally:
            outcome["waited"] = time.perf_counter() - began
            connection.close()

    def progress(done: int, total: int) -> None:
        if not writing.is_set():
            writing.set()  # the import is inside its write transaction now
            time.sleep(0.2)  # the respondent's save has started and waits, if it must

    thread = threading.Thread(target=respondent)
    thread.start()
    result = import_responses(round_, path, progress=progress)
    thread.join(60)

    assert not thread.is_alive()
    assert "error" not in outcome, outcome.get("error")
    assert result.created == ROWS
    assert result.answers == ROWS * 3 - (ROWS + 1) // 3  # every third kind is empty
    assert float(outcome["waited"]) < 20  # inside SQLite's busy timeout: not refused
    web.refresh_from_db()
    assert web.page == 1
    assert Answer.objects.get(response=web, item="hc_shared_aims").value == 4.0
    assert Response.objects.filter(round=round_, source=ResponseSource.IMPORT).count() == ROWS
