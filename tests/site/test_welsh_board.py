"""The board's sentences in Welsh: the report's summary and its questions for the
board are written by the analysis core, which marks them through
:mod:`joinedup.analysis.words`; a reader who chose Cymraeg reads them in Welsh, and
the English reader reads the same sentences as before."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.conftest import PARTNERSHIP_A
from tests.site.text import visible_text

pytestmark = pytest.mark.django_db

# The openings of the scores, diagnoses, network, participation and context
# sentences of the demo partnership's report, in each language.
WELSH = [
    "mae'r aelodau'n rhoi'r sgôr uchaf i 'Purpose and shared vision' (cymedr 3.46 ar 1–5",
    "Nid oes yr un dimensiwn wedi newid digon i fod yn bwysig ers",
    "Ar blân Newman mae'r bartneriaeth yn y cwadrant 'hyblygrwydd'",
    "Mae parau o aelodau yn rhoi 2.4 ar gyfartaledd",
    "Yn arolwg rhwydwaith spring 2026, mae 71 cysylltiad",
    "yw'r prif froceriaid rhwng partneriaid; mae 3 phartner ar ymyl y rhwydwaith",
    "Cyrhaeddodd 11 o 12 mewnbwn",
    "Adborth i gyfranogwyr, fesul gweithgaredd: 6 mewn pryd, 1 yn hwyr",
    "Mae 22 o'r 34 aelod a atebodd (65%)",
    "yw'r dimensiwn â'r sgôr isaf (cymedr 2.86 ar 1–5, n = 34, pryder)",
    "Mae ymatebwyr yn y grŵp 'community representative' yn rhoi sgôr 2.15 pwynt yn is",
    "Prin y mae 3 aelod-sefydliad",
    "(atebodd 34 o'r 45 aelod a wahoddwyd, 76%)",
    "Ar y cam 'cyflawni' mae partneriaeth yn tueddu i weithio fel marchnad",
    "Nid yw'r bartneriaeth wedi enwi ar gyfer pwy y mae hi",
    "Mae gan aelodau cymunedol a gwirfoddol (6) 1 sedd ar y bwrdd a 0 maes penderfynu",
]
ENGLISH = [
    "members rate 'Purpose and shared vision' strongest (mean 3.46 on 1–5",
    "No dimension has changed by enough to matter since",
    "On Newman's plane the partnership sits in the 'flexibility' quadrant",
    "Pairs of members rate their joint working 2.4 on average",
    "In the network survey of spring 2026, 71 ties link",
    "are the main brokers between partners; 3 partners sit at the edge of the network",
    "11 of 12 recorded inputs from participation reached a decision",
    "Feedback to participants, by activity: 6 on time, 1 late",
    "22 of 34 members who answered (65%)",
    "is the weakest-rated dimension (mean 2.86 on 1–5, n = 34, concern)",
    "Respondents in the 'community representative' group rate 'Purpose and shared vision' "
    "2.15 points lower",
    "3 member organisations (all community) work with hardly anyone else",
    "(34 of 45 invited members answered, 76%)",
    "At the 'delivering' stage a partnership tends to work like a market",
    "The partnership has not named whom it is meant for",
    "Community and voluntary members (6) hold 1 board seat and 0 decision areas",
]


def _report(client, pk: int) -> str:
    response = client.get(f"/reports/partnership/{pk}/")
    assert response.status_code == 200
    return visible_text(response.content.decode())


def test_report_summary_and_questions_in_each_language(personas, demo) -> None:
    pk = demo[PARTNERSHIP_A].pk
    english = _report(personas.client("evaluator"), pk)
    welsh_reader = personas.client("evaluator")
    welsh_reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = _report(welsh_reader, pk)
    for phrase in ENGLISH:
        assert phrase in english, f"English report lacks {phrase!r}"
        assert phrase not in welsh, f"Welsh report still has {phrase!r}"
    for phrase in WELSH:
        assert phrase in welsh, f"Welsh report lacks {phrase!r}"


def test_governance_checks_in_the_readers_language() -> None:
    """The governance checks' sentences follow the language active when they are
    written (the section page computes them for its reader)."""
    from django.utils import translation

    from joinedup.analysis import governance as gov

    closed = [gov.Line("parent_body", "reports")]
    open_ = [gov.Line("public", "minutes")]
    with translation.override("en"):
        assert gov.explain(gov.compute([], open_, set(), None)) == (
            "2 of 5 governance checks pass; no gap is flagged."
        )
        assert gov.explain(gov.compute([], closed, set(), None)).startswith(
            "2 gaps are flagged: No route lets the public hold the partnership to account."
        )
    with translation.override("cy"):
        assert gov.explain(gov.compute([], open_, set(), None)) == (
            "Mae 2 o 5 gwiriad llywodraethu yn llwyddo; ni nodir yr un bwlch."
        )
        assert gov.explain(gov.compute([], closed, set(), None)) == (
            "Nodir 2 fwlch: Nid oes yr un llwybr yn gadael i'r cyhoedd ddwyn y bartneriaeth "
            "i gyfrif. Nid yw cofnodion y bwrdd yn cael eu cyhoeddi."
        )


def test_diagnoses_explanations_in_welsh(personas, demo) -> None:
    """Newman's plane, the depth readings and the drift path as the diagnoses page
    explains them, for a reader who chose Cymraeg."""
    pk = demo[PARTNERSHIP_A].pk
    client = personas.client("evaluator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    response = client.get(f"/partnerships/{pk}/section/diagnoses/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    for phrase in (
        "mae 34 ymatebydd yn gosod y bartneriaeth yn x = +0.17",
        "Mae'r tyniad cryfaf tuag at:",
        "Llwybr: spring 2025 (hyblygrwydd",
    ):
        assert phrase in text, phrase
    for phrase in (
        "respondents place the partnership at",
        "The strongest pull is towards",
        "The purpose points to",
    ):
        assert phrase not in text, phrase
