"""A partnership's change between two rounds on different versions of the health
check (the second adapted in the workshop) rests on the questions both versions
ask, and the scores section says which."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.reports.scores import partnership_scores
from joinedup.surveys import workshop
from joinedup.surveys.models import Answer, Invitation, Response
from joinedup.surveys.rounds import create_round, hash_token
from tests.surveys.round_helpers import builtin


def _closed_round(partnership, version, period, days_ago, value):
    now = timezone.now()
    round_ = create_round(
        partnership,
        version,
        period,
        now - dt.timedelta(days=days_ago + 20),
        now - dt.timedelta(days=days_ago),
        status="closed",
    )
    instrument = version.instrument()
    people = [
        p for m in partnership.memberships.filter(left=None) for p in m.organisation.people.all()
    ]
    for n, person in enumerate(people):
        inv = Invitation.objects.create(
            round=round_,
            person=person,
            organisation=person.organisation,
            group="officer",
            token_hash=hash_token(f"v-{round_.pk}-{person.pk}"),
            submitted=True,
        )
        response = Response.objects.create(
            round=round_,
            invitation=inv,
            organisation=person.organisation,
            group="officer",
            source="web",
            submitted=now - dt.timedelta(days=days_ago + 1),
        )
        Answer.objects.bulk_create(
            Answer(response=response, item=i.name, value=value + (n % 2))
            for i in instrument.scored_items()
        )
    return round_


def test_the_change_across_versions_names_the_shared_questions(lsp) -> None:
    source = builtin("health-check")
    session: dict = {}
    draft = workshop.start(session, source)
    purpose = draft.instrument.dimensions[0]
    first = purpose.items[0]
    draft = workshop.edit(session, draft, "drop_item", {"target": first.name})
    draft = workshop.edit(
        session,
        draft,
        "add_item",
        {"dimension": purpose.name, "kind": "scale", "label": "We meet enough.", "scale": "agree5"},
    )
    adapted = workshop.save(session, draft, "health-check-harbour")
    _closed_round(lsp, source, "spring 2026", 200, 2.0)
    _closed_round(lsp, adapted, "autumn 2026", 10, 3.0)
    latest = partnership_scores(lsp)[0]
    assert latest["round"].instrument == adapted
    assert latest["previous"].instrument == source
    note = latest["versions"]
    assert note["before"] == source.label()
    assert note["now"] == adapted.label()
    [dim] = note["dims"]
    assert dim["label"] == "Purpose and shared vision"
    text = source.instrument().text
    assert text(first.label) not in dim["items"]
    assert "We meet enough." not in dim["items"]
    assert len(dim["items"]) == len([i for i in purpose.items if i.type == "scale"]) - 1
    row = next(d for d in latest["result"].dimensions if d.dimension == purpose.name)
    assert row.change.difference == 1.0  # every shared answer one point higher
    own = next(i for i in latest["result"].items if i.item.startswith("own_"))
    assert own.change is None


def test_the_note_reads_as_a_sentence(db) -> None:
    from django.template.loader import render_to_string

    note = {
        "before": "Partnership health check, version 1",
        "now": "Harbour health check, version 1",
        "dims": [{"label": "Purpose and shared vision", "items": ["A.", "B."]}],
    }
    html = render_to_string("reports/_versions_note.html", {"v": note})
    assert "the round before asked Partnership health check, version 1" in html
    assert "the change rests on these 2 questions: A.; B." in html
