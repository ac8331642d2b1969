"""Members' view of the purpose kind, read from a health-check round."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import PARTNERSHIP_C


def _round_with_answers(partnership, kinds):
    from joinedup.registry.models import Organisation
    from joinedup.surveys.library import ensure_builtin_instruments, latest_version
    from joinedup.surveys.models import Answer, Response, ResponseSource
    from joinedup.surveys.rounds import create_round

    ensure_builtin_instruments()
    opens = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    survey_round = create_round(
        partnership,
        latest_version("health-check"),
        "autumn 2026",
        opens,
        opens + dt.timedelta(days=21),
        status="closed",  # results are published when a round closes
    )
    org = Organisation.objects.get(name="Age Well Kestermouth")
    for kind in kinds:
        response = Response.objects.create(
            round=survey_round,
            organisation=org,
            group="voluntary sector",
            source=ResponseSource.IMPORT,
            submitted=opens + dt.timedelta(days=2),
        )
        Answer.objects.create(response=response, item="hc_purpose_kind", text=kind)
    return survey_round


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("joinedup.context.sections.today", lambda: dt.date(2026, 11, 23))


def test_agreement_from_a_round_warns_and_shows_on_the_page(personas, demo, settings):
    from joinedup.context.services import purpose_kind_agreement

    board = demo[PARTNERSHIP_C]  # recorded as an outcome partnership
    survey_round = _round_with_answers(
        board, ["outcome", "outcome", "outcome", "process", "process", "experimental"]
    )
    result = purpose_kind_agreement(board, survey_round, k=5)
    assert (result.answered, result.disagree) == (6, 3)
    assert result.warning
    html = (
        personas.client("evaluator")
        .get(f"/partnerships/{board.pk}/section/context/")
        .content.decode()
    )
    assert "3 / 6 (50%)" in html
    assert "members disagree about what the partnership is for" in html


def test_agreement_suppressed_on_the_page_below_k(personas, demo, settings):
    board = demo[PARTNERSHIP_C]
    _round_with_answers(board, ["process", "process"])
    html = (
        personas.client("evaluator")
        .get(f"/partnerships/{board.pk}/section/context/")
        .content.decode()
    )
    assert "Not shown: fewer than" in html
    assert "members disagree" not in html


def test_only_a_round_whose_questionnaire_asks_the_item_is_read(demo):
    """A questionnaire whose item name only contains ``hc_purpose_kind`` does not ask it:
    answers filed under that name in such a round are not taken for the members' view."""
    from joinedup.analysis.instruments import parse_instrument
    from joinedup.context.services import latest_purpose_kind_agreement
    from joinedup.registry.models import Organisation
    from joinedup.surveys.library import store_instrument
    from joinedup.surveys.models import Answer, Response, ResponseSource, SourceKind
    from joinedup.surveys.rounds import create_round

    board = demo[PARTNERSHIP_C]
    _round_with_answers(board, ["outcome"] * 5 + ["process"])
    notes = store_instrument(
        parse_instrument(
            {
                "id": "purpose-notes",
                "title": "Notes on purpose",
                "dimensions": [
                    {
                        "name": "notes",
                        "label": "Notes",
                        "items": [
                            {
                                "name": "hc_purpose_kind_note",
                                "type": "text",
                                "label": "Anything to add about what the partnership is for?",
                            }
                        ],
                    }
                ],
            }
        ),
        SourceKind.YAML,
    )
    opens = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    later = create_round(board, notes, "late autumn 2026", opens, opens + dt.timedelta(days=7))
    org = Organisation.objects.get(name="Age Well Kestermouth")
    for _ in range(6):
        response = Response.objects.create(
            round=later,
            organisation=org,
            group="voluntary sector",
            source=ResponseSource.IMPORT,
            submitted=opens + dt.timedelta(days=1),
        )
        Answer.objects.create(response=response, item="hc_purpose_kind", text="experimental")
    result = latest_purpose_kind_agreement(board)
    assert result is not None
    assert (result.answered, result.disagree) == (6, 1)
