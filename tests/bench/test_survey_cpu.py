"""The per-request CPU benchmark's machinery (not timed): one survey goes through
the same journey as the load benchmark's respondents, and every request is
counted under its kind with its queries."""

from __future__ import annotations

import random

import pytest
from bench.load_setup import check, prepare
from bench.survey_cpu import Meter, journey
from django.test import Client


@pytest.mark.django_db
def test_one_survey_is_counted_by_kind_of_request():
    round_id, tokens = prepare(invitations=2, members=3)
    meter = Meter()
    client = Client(enforce_csrf_checks=True)
    posted = journey(client, meter, tokens[0], random.Random(15))
    meter.end_batch()
    # The health check: six question pages, then the review page and the submission.
    counts = {kind: len(cpu) for kind, cpu in meter.cpu.items()}
    assert counts == {
        "first GET": 1,
        "page GET": 5,
        "page POST": 6,
        "review GET": 1,
        "submit POST": 1,
    }
    assert all(n > 0 for queries in meter.queries.values() for n in queries)
    assert set(meter.batches) == set(counts)
    # The survey really was submitted, with every answer posted.
    outcome = check(round_id, {tokens[0]: posted})
    assert (outcome.submitted_in_db, outcome.lost, outcome.wrong_answers) == (1, 0, 0)
