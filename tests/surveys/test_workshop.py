"""The instrument workshop: drafts in the session, saving as a new version, who may
use it, and stored versions that never change once a round uses them (model,
queryset, admin and API)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.analysis.instruments import InstrumentError
from joinedup.registry.models import Partnership
from joinedup.surveys import workshop
from joinedup.surveys.models import Answer, InstrumentVersion, SourceKind
from tests.conftest import PARTNERSHIP_A
from tests.surveys.conftest import make_round
from tests.surveys.round_helpers import builtin

WORKSHOP = "/surveys/instrument-workshop/"


def _adapted(session: dict, key: str = "health-check-harbour") -> InstrumentVersion:
    source = builtin("health-check")
    draft = workshop.start(session, source)
    dims = draft.instrument.dimensions
    draft = workshop.edit(session, draft, "drop_dimension", {"target": dims[-1].name})
    draft = workshop.edit(
        session,
        draft,
        "add_item",
        {
            "dimension": dims[0].name,
            "kind": "scale",
            "label": "We meet often enough.",
            "scale": "agree5",
        },
    )
    return workshop.save(session, draft, key)


def test_saving_makes_a_new_adapted_version_and_ends_the_draft(db) -> None:
    session: dict = {}
    stored = _adapted(session)
    assert (stored.key, stored.version, stored.source) == ("health-check-harbour", 1, "adapted")
    assert stored.adapted_from == builtin("health-check")
    assert stored.family == stored.line == "health-check"
    inst = stored.instrument()
    assert inst.id == "health-check-harbour"
    assert len(inst.dimensions) == len(builtin("health-check").instrument().dimensions) - 1
    assert workshop.current(session) is None
    # Adapting the adaptation under its own id gives its next version.
    draft = workshop.start(session, stored)
    assert workshop.suggested_id(stored) == stored.key
    draft = workshop.edit(session, draft, "texts", {"title": "Harbour check", "introduction": ""})
    second = workshop.save(session, draft, stored.key)
    assert (second.version, second.adapted_from, second.family) == (2, stored, "health-check")
    assert builtin("health-check").instrument().id == "health-check"  # the source is untouched


@pytest.mark.parametrize(
    ("key", "message"), [("health-check", "built-in or uploaded"), ("9 bad id", "an id starts")]
)
def test_ids_of_other_instruments_and_bad_ids_are_refused(db, key, message) -> None:
    session: dict = {}
    draft = workshop.start(session, builtin("health-check"))
    with pytest.raises(InstrumentError, match=message):
        workshop.save(session, draft, key)
    assert workshop.current(session) is not None  # the draft is kept
    assert not InstrumentVersion.objects.filter(source=SourceKind.ADAPTED).exists()


def test_an_id_of_another_lines_adaptation_is_refused(db) -> None:
    session: dict = {}
    _adapted(session, "ours")
    draft = workshop.start(session, builtin("barriers"))
    with pytest.raises(InstrumentError, match="another questionnaire"):
        workshop.save(session, draft, "ours")


def test_a_used_version_never_changes(lsp) -> None:
    stored = _adapted({})
    make_round(lsp, stored)
    stored.title = "Something else"
    with pytest.raises(ValidationError):
        stored.save()
    with pytest.raises(ValidationError):
        InstrumentVersion.objects.filter(pk=stored.pk).update(definition={})
    with pytest.raises(ValidationError):
        InstrumentVersion.objects.filter(pk=stored.pk).update(adapted_from=None)
    InstrumentVersion.objects.filter(pk=stored.pk).update(digest="")  # derived, may be redone
    stored.refresh_from_db()
    assert stored.title != "Something else"


def test_the_admin_shows_a_used_version_read_only_and_the_api_cannot_write(
    lsp, admin_client
) -> None:
    stored = _adapted({})
    make_round(lsp, stored)
    url = reverse("admin:surveys_instrumentversion_change", args=[stored.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="definition"' not in page
    before = InstrumentVersion.objects.get(pk=stored.pk).definition
    admin_client.post(url, {"key": "x", "version": 9, "title": "x", "definition": "{}"})
    delete = reverse("admin:surveys_instrumentversion_delete", args=[stored.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert InstrumentVersion.objects.get(pk=stored.pk).definition == before
    for method in ("put", "patch", "delete", "post"):
        api = getattr(admin_client, method)(
            f"/api/surveys/instruments/{stored.pk}", {}, content_type="application/json"
        )
        assert api.status_code == 405
    assert InstrumentVersion.objects.get(pk=stored.pk).definition == before


def test_pages_by_role(personas) -> None:
    stored = _adapted({})
    pages = [
        "/surveys/instruments/",
        f"/surveys/instruments/{stored.key}/",
        f"/surveys/instrument-versions/{stored.pk}/xlsform.xlsx",
    ]
    for name, reads, adapts in [
        ("coordinator_a", True, True),
        ("admin", True, True),
        ("evaluator", True, False),
        ("member_a", False, False),
        ("outsider", False, False),
    ]:
        client = personas.client(name)
        for url in pages:
            assert client.get(url).status_code == (200 if reads else 403), (name, url)
        assert client.get(WORKSHOP).status_code == (200 if adapts else 403), name
        start = client.post(WORKSHOP + "start/", {"source": stored.pk})
        assert start.status_code == (302 if adapts else 403), name


def test_the_workshop_by_its_buttons_and_the_preview_stores_nothing(personas) -> None:
    client = personas.client("coordinator_a")
    source = builtin("health-check")
    client.post(WORKSHOP + "start/", {"source": source.pk})
    dims = source.instrument().dimensions
    client.post(WORKSHOP + "edit/", {"action": "drop_dimension", "target": dims[1].name})
    client.post(
        WORKSHOP + "edit/",
        {
            "action": "add_item",
            "dimension": dims[0].name,
            "kind": "single",
            "label": "Which board do you sit on?",
            "options": "Main board\nSub-group",
        },
    )
    refused = client.post(
        WORKSHOP + "edit/",
        {
            "action": "add_item",
            "dimension": dims[0].name,
            "kind": "single",
            "label": "One?",
            "options": "Only",
        },
        follow=True,
    )
    assert "between 2 and 20 options" in refused.content.decode()
    page = client.get(WORKSHOP).content.decode()
    assert "Which board do you sit on?" in page
    assert "Dimension dropped: " + source.instrument().text(dims[1].label) in page
    preview = client.get(WORKSHOP + "preview/").content.decode()
    answers = Answer.objects.count()
    assert "Nothing you enter here is stored." in preview
    assert "Which board do you sit on?" in preview
    end = client.get(WORKSHOP + "preview/?page=99").content.decode()
    assert "nothing was stored" in end
    first = {"page": "1", "next": ""}
    assert client.post(WORKSHOP + "preview/", first).status_code in (200, 302)
    assert Answer.objects.count() == answers
    saved = client.post(WORKSHOP + "save/", {"key": "health-check-lsp"}, follow=True)
    stored = InstrumentVersion.objects.get(key="health-check-lsp")
    body = saved.content.decode()
    assert "Question added: Which board do you sit on?" in body
    assert stored.adapted_from == source
    xlsx = client.get(f"/surveys/instrument-versions/{stored.pk}/xlsform.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["survey"]
    labels = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "Which board do you sit on?" in labels
    # The round form offers the new version.
    lsp = Partnership.objects.get(name=PARTNERSHIP_A)
    assert stored.label() in client.get(f"/surveys/partnership/{lsp.pk}/new/").content.decode()


def test_an_upload_starts_a_draft_and_a_bad_one_names_its_problem(personas) -> None:
    client = personas.client("coordinator_a")
    good = (
        b"id: harbour-own\nversion: 1\ntitle: Harbour questions\nscales:\n  yn:\n"
        b"    choices: [{value: 1, label: 'No'}, {value: 2, label: 'Yes'}]\n"
        b"dimensions:\n  - name: main\n    label: Main\n    items:\n"
        b"      - {name: q1, label: 'Do we meet?', scale: yn}\n"
    )
    client.post(WORKSHOP + "start/", {"file": SimpleUploadedFile("harbour.yaml", good)})
    assert InstrumentVersion.objects.get(key="harbour-own").source == SourceKind.YAML
    assert "Adapting: Harbour questions" in client.get(WORKSHOP).content.decode()
    bad = client.post(
        WORKSHOP + "start/",
        {"file": SimpleUploadedFile("broken.yaml", b"id: x\ndimensions: [\n")},
        follow=True,
    ).content.decode()
    assert "broken.yaml, row 3" in bad
    assert InstrumentVersion.objects.filter(key="x").count() == 0
