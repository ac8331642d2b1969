"""Changes to a theory of change, shared by the pages, the API and the file import;
each is one transaction and one event in the audit log."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from joinedup.audit.log import record
from joinedup.registry.models import Partnership
from joinedup.theory.models import ChangeLink, ChangeStep, EvidenceSource, StepEvidence


def next_position(partnership: Partnership) -> int:
    last = ChangeStep.objects.filter(partnership=partnership).order_by("-position").first()
    return (last.position + 1) if last else 0


@transaction.atomic
def add_step(
    partnership: Partnership, key: str, kind: str, title: str, description: str = ""
) -> ChangeStep:
    step = ChangeStep.objects.create(
        partnership=partnership,
        key=key,
        kind=kind,
        title=title,
        description=description,
        position=next_position(partnership),
    )
    record("theory.step.add", obj=step, partnership=partnership, summary=str(step))
    return step


@transaction.atomic
def add_link(source: ChangeStep, target: ChangeStep, **notes: str) -> ChangeLink:
    link = ChangeLink(source=source, target=target, **notes)
    link.full_clean()
    link.save()
    record("theory.link.add", obj=link, partnership=source.partnership, summary=str(link))
    return link


@transaction.atomic
def add_evidence(step: ChangeStep, source: str, **fields: Any) -> StepEvidence:
    evidence = StepEvidence(step=step, source=source, **fields)
    evidence.full_clean()
    evidence.save()
    record("theory.evidence.add", obj=evidence, partnership=step.partnership, summary=str(evidence))
    return evidence


def dimension_fields(value: str) -> dict[str, str]:
    """``"instrument:dimension"`` as the evidence's two fields."""
    instrument, _, dimension = value.partition(":")
    return {"instrument": instrument, "dimension": dimension}


@transaction.atomic
def remove(obj: ChangeStep | ChangeLink | StepEvidence, partnership: Partnership) -> None:
    summary = str(obj)
    kind = {ChangeStep: "step", ChangeLink: "link", StepEvidence: "evidence"}[type(obj)]
    record(f"theory.{kind}.remove", obj=obj, partnership=partnership, summary=summary)
    obj.delete()


__all__ = [
    "EvidenceSource",
    "add_evidence",
    "add_link",
    "add_step",
    "dimension_fields",
    "next_position",
    "remove",
]
