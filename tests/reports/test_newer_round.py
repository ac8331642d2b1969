"""A newer round with one answer must not blank the report nor drop the partnership
from the benchmark (issue 19).

Partnership A of the demo has a health check of spring 2026 with 34 answers. A new
health-check round gets one answer and is then left open, closed by hand, or left
open past its closing time (closed by the clock). In every case the report's
scores and its summary read the same round — spring 2026, the latest one with
results — and the page says a newer round exists; the benchmark keeps A on every
dimension with the spring 2026 mean.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from joinedup.surveys.models import Round
from tests.conftest import PARTNERSHIP_A
from tests.site.text import visible_text
from tests.surveys.round_helpers import OPEN_PERIOD, answer, invite_everyone, open_round

pytestmark = pytest.mark.django_db(transaction=True)

# The demo's spring 2026 health-check mean of 'Purpose and shared vision' in A.
PURPOSE_MEAN = "3.46"


def _newer_round(a, state: str) -> Round:
    new = open_round(a, "health-check")
    answer(invite_everyone(new)[0], 4.0)
    if state == "closed":
        Round.objects.filter(pk=new.pk).update(status="closed")
    elif state == "past":
        Round.objects.filter(pk=new.pk).update(closes=timezone.now() - dt.timedelta(hours=1))
    return new


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _between(html: str, start: str, end: str = "</section>") -> str:
    part = html[html.index(start) :]
    return part[: part.index(end)]


@pytest.mark.parametrize("state", ["open", "closed", "past"])
@pytest.mark.parametrize("persona", ["member_a", "coordinator_a", "admin"])
def test_report_reads_the_latest_round_with_results(personas, demo, state, persona) -> None:
    a = demo[PARTNERSHIP_A]
    _newer_round(a, state)
    html = personas.client(persona).get(f"/reports/partnership/{a.pk}/").content.decode()
    scores = _text(_between(html, 'id="scores-heading"'))
    # The body shows the spring 2026 health check with its figures …
    assert "Partnership health check — spring 2026" in scores
    assert PURPOSE_MEAN in scores
    assert f"Partnership health check — {OPEN_PERIOD}" not in scores
    # … says which round it is and that a newer one exists …
    assert f"A newer round of this questionnaire, {OPEN_PERIOD}" in scores
    # … and the summary quotes the same round.
    summary = _text(_between(html, 'id="summary-h"'))
    assert "Partnership health check of spring 2026" in summary
    assert f"Partnership health check of {OPEN_PERIOD}, members rate" not in summary


@pytest.mark.parametrize("state", ["open", "closed", "past"])
def test_benchmark_keeps_the_partnership(personas, demo, state) -> None:
    a = demo[PARTNERSHIP_A]
    _newer_round(a, state)
    page = personas.client("evaluator").get(f"/reports/benchmark/?partnership={a.pk}")
    text = _text(page.content.decode())
    purpose = text[text.index("Purpose and shared vision Mean in the latest round") :]
    purpose = purpose[: purpose.index("Organisational arrangements Mean")]
    assert f"{PARTNERSHIP_A}: {PURPOSE_MEAN}" in purpose
    assert "fewer than 5 respondents in the latest round" not in text


def test_partnership_with_only_small_rounds_is_still_listed(personas, demo) -> None:
    """A partnership whose only closed round is small stays in the benchmark's list,
    with the reason, rather than vanishing."""
    from joinedup.registry.models import Partnership

    a = demo[PARTNERSHIP_A]
    lone = Partnership.objects.create(
        name="Tiny Test Partnership", purpose="A test.", start_date=dt.date(2024, 1, 1)
    )
    for m in a.memberships.all()[:3]:
        m.pk = None
        m.partnership = lone
        m.save()
    new = open_round(lone, "health-check")
    for invitation in invite_everyone(new)[:2]:
        answer(invitation, 3.0)
    Round.objects.filter(pk=new.pk).update(status="closed")
    page = personas.client("evaluator").get("/reports/benchmark/")
    text = _text(page.content.decode())
    assert "Tiny Test Partnership fewer than 5 answers" in text


def test_a_small_closed_round_gives_away_nothing(personas, demo) -> None:
    """An attacker's try: a round closed with k − 1 answers, all at the top of the
    scale. Passing over it to the round before must not let any of its figures out:
    no page, report or benchmark download carries its mean (5.00) or its round."""
    from joinedup.surveys.models import InstrumentVersion

    a = demo[PARTNERSHIP_A]
    small = open_round(a, "health-check")
    for invitation in invite_everyone(small)[:4]:
        answer(invitation, 5.0)
    Round.objects.filter(pk=small.pk).update(status="closed")
    version = InstrumentVersion.objects.get(pk=small.instrument_id)
    client = personas.client("evaluator")
    pages = {
        url: client.get(url).content.decode()
        for url in (
            f"/partnerships/{a.pk}/",
            f"/partnerships/{a.pk}/section/scores/",
            f"/reports/partnership/{a.pk}/",
            f"/reports/benchmark/?partnership={a.pk}",
        )
    }
    for url, html in pages.items():
        assert not re.search(r"\b5\.00\b", visible_text(html)), url
    for table in ("benchmark_download", "benchmark_changes"):
        from django.urls import reverse

        csv = client.get(reverse(f"reports:{table}", args=[version.pk, "csv"])).content.decode()
        lines = [line for line in csv.splitlines() if PARTNERSHIP_A in line]
        assert lines, table
        assert not any(f",{small.pk}," in line for line in lines), table
        assert not any(",5.0," in line for line in lines), table
