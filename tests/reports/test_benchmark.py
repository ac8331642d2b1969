"""The evaluator's benchmark: distribution, percentile, downloads, suppression.

The national path reads the database through its own connection (connectorx), so
these tests commit their data (``transaction=True``) instead of rolling back.
"""

from __future__ import annotations

import io

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from joinedup.reports.benchmark import percentile_rank
from joinedup.surveys.models import InstrumentVersion
from tests.conftest import PARTNERSHIP_A


@pytest.mark.parametrize(
    ("values", "x", "expected"),
    [
        ([2.8, 3.1, 3.6], 3.6, 100 * 2.5 / 3),  # the top of three
        ([2.8, 3.1, 3.6], 2.8, 100 * 0.5 / 3),  # the bottom of three
        ([3.0, 3.0, 4.0, 2.0], 3.0, 50.0),  # tied in the middle
        ([3.3], 3.3, 50.0),  # alone
    ],
)
def test_percentile_rank(values, x, expected) -> None:
    assert percentile_rank(values, x) == pytest.approx(expected)


def _health_check() -> InstrumentVersion:
    return InstrumentVersion.objects.filter(key="health-check", rounds__isnull=False).first()


@pytest.mark.django_db(transaction=True)
def test_evaluator_sees_every_partnership_on_each_dimension(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    page = personas.client("evaluator").get(f"/reports/benchmark/?partnership={a.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    for name in demo:
        assert name in text
    assert 'class="chosen"' in text
    assert "<svg" in text


@pytest.mark.django_db(transaction=True)
def test_members_and_coordinators_may_not_benchmark(personas, demo) -> None:
    version = _health_check()
    for persona in ("member_a", "coordinator_a", "outsider"):
        client = personas.client(persona)
        assert client.get("/reports/benchmark/").status_code == 403
        assert client.get(f"/reports/benchmark/{version.pk}/csv/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_downloads_are_tidy_and_named(personas, demo) -> None:
    version = _health_check()
    client = personas.client("evaluator")
    csv = client.get(f"/reports/benchmark/{version.pk}/csv/")
    table = pa_csv.read_csv(io.BytesIO(csv.content))
    assert set(table.column("partnership_name").to_pylist()) == set(demo)
    assert {"dimension", "n", "mean", "ci_low", "ci_high", "suppressed"} <= set(table.column_names)
    parquet = client.get(f"/reports/benchmark/{version.pk}/parquet/")
    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == table.num_rows
    assert client.get(f"/reports/benchmark/{version.pk}/xlsx/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_small_groups_are_suppressed_in_page_and_download(personas, demo, settings) -> None:
    settings.MIN_RESPONDENTS = 500
    version = _health_check()
    client = personas.client("evaluator")
    table = pa_csv.read_csv(io.BytesIO(client.get(f"/reports/benchmark/{version.pk}/csv/").content))
    assert all(m is None for m in table.column("mean").to_pylist())
    assert all(table.column("suppressed").to_pylist())
    page = client.get("/reports/benchmark/").content.decode()
    assert 'class="suppressed"' in page
