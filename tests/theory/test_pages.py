"""The theory of change on the partnership's pages, its editing page and the report,
for each persona; the demo's Health and Social Care Board has one."""

from __future__ import annotations

import pytest
from django.test import override_settings

from joinedup.theory.models import ChangeLink, ChangeStep, StepEvidence
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_C

pytestmark = pytest.mark.django_db


def test_demo_board_reads_its_evidence(demo) -> None:
    from joinedup.theory import services

    reading = services.reading(demo[PARTNERSHIP_C])
    assert reading.counts["outcomes"] == 2
    steps = {s.key: s for s in reading.steps}
    carers = steps["carers-supported"].evidence[0]
    assert (carers.source, carers.reading) == ("indicator", "moving")
    assert "38 → 66" in carers.detail  # the actions step adds September's 66
    assert steps["fund-breaks"].evidence[0].reading == "observed"
    arrangements = steps["one-team"].evidence[0]
    assert arrangements.label == "Organisational arrangements"
    assert arrangements.reading in {"moving", "against", "flat"}, arrangements
    assert "spring 2025" in arrangements.detail
    assert "spring 2026" in arrangements.detail
    support = {(r.link.source, r.link.target): r.support for r in reading.links}
    assert support[("single-team", "one-team")] == "both"
    assert support[("fund-breaks", "breaks-booked")] == "one"
    # The action plan's "Reach more carers" (under way) shows its step happening.
    refer = steps["refer-carers"].evidence[0]
    assert (refer.source, refer.reading) == ("action", "observed")
    assert refer.detail.startswith("Under way")
    assert support[("refer-carers", "carers-supported")] == "both"
    codes = {c.code for c in reading.checks}
    assert {"outcome-unmeasured", "no-mechanism"} <= codes


def test_survey_evidence_keeps_the_small_group_rule(demo) -> None:
    """With k above every round's size no round has results, so the dimension's
    evidence shows no figure at all (a withheld mean is not evidence)."""
    from joinedup.theory import services

    with override_settings(MIN_RESPONDENTS=500):
        reading = services.reading(demo[PARTNERSHIP_C])
    arrangements = {s.key: s for s in reading.steps}["one-team"].evidence[0]
    assert arrangements.reading == "none"
    assert not any(ch.isdigit() for ch in arrangements.detail)


def test_section_page_and_report_show_the_diagram(personas, demo) -> None:
    hsc = demo[PARTNERSHIP_C]
    client = personas.client("evaluator")
    page = client.get(f"/partnerships/{hsc.pk}/section/theory/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="toc-diagram"' in html
    assert "Carers feel supported and keep caring" in html
    assert "2 outcomes and 5 links between steps: 2 with evidence at both ends" in html
    assert "evidence at both ends" in html
    assert "Edit the theory of change" not in html
    report = client.get(f"/reports/partnership/{hsc.pk}/").content.decode()
    assert 'class="toc-diagram"' in report


def test_empty_theory_is_offered_to_the_coordinator_only(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    coordinator = personas.client("coordinator_a").get(f"/partnerships/{lsp.pk}/section/theory/")
    assert "No theory of change is recorded yet" in coordinator.content.decode()
    assert "Edit the theory of change" in coordinator.content.decode()
    assert (
        personas.client("member_a").get(f"/partnerships/{lsp.pk}/section/theory/").status_code
        == 404
    )


def test_coordinator_builds_a_theory_with_the_forms(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    client = personas.client("coordinator_a")
    url = f"/theory/partnerships/{lsp.pk}/"
    assert client.get(url).status_code == 200
    client.post(url, {"form": "step", "step-kind": "activity", "step-title": "Estate walkabouts"})
    client.post(url, {"form": "step", "step-kind": "outcome", "step-title": "Residents feel heard"})
    walk = ChangeStep.objects.get(partnership=lsp, key="estate-walkabouts")
    heard = ChangeStep.objects.get(partnership=lsp, key="residents-feel-heard")
    backwards = client.post(url, {"form": "link", "link-source": heard.pk, "link-target": walk.pk})
    assert "A link runs forward" in backwards.content.decode()
    client.post(
        url,
        {
            "form": "link",
            "link-source": walk.pk,
            "link-target": heard.pk,
            "link-mechanism": "Officers hear problems where they happen",
        },
    )
    indicator = lsp.indicators.get(name="Residents who feel able to influence local decisions")
    client.post(
        url,
        {
            "form": "evidence",
            "evidence-step": heard.pk,
            "evidence-source": "indicator",
            "evidence-indicator": indicator.pk,
        },
    )
    assert ChangeLink.objects.filter(source=walk, target=heard).exists()
    assert StepEvidence.objects.filter(step=heard, indicator=indicator).exists()
    page = client.get(url).content.decode()
    assert "evidence at one end" in page
    link = ChangeLink.objects.get(source=walk)
    client.post(f"/theory/partnerships/{lsp.pk}/remove/link/{link.pk}/")
    assert not ChangeLink.objects.filter(pk=link.pk).exists()
    from joinedup.audit.models import AuditEvent

    mine = AuditEvent.objects.filter(action__startswith="theory.", who="coordinator_a")
    assert mine.count() == 5


@pytest.mark.parametrize(
    ("persona", "status"), [("member_a", 403), ("evaluator", 403), ("outsider", 404)]
)
def test_only_coordinators_edit(personas, demo, persona, status) -> None:
    lsp = demo[PARTNERSHIP_A]
    client = personas.client(persona)
    assert client.get(f"/theory/partnerships/{lsp.pk}/").status_code == status
    response = client.post(
        f"/theory/partnerships/{lsp.pk}/",
        {"form": "step", "step-kind": "activity", "step-title": "X"},
    )
    assert response.status_code == status
    assert not ChangeStep.objects.filter(partnership=lsp).exists()
