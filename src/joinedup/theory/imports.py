"""A theory of change from a CSV or XLSX file, one row per step.

Columns (the header is row 1; ``key``, ``kind`` and ``title`` are required):

``key``          the step's short name (letters, digits, hyphens), unique in the file
``kind``         ``activity``, ``output`` or ``outcome``
``title``        what the step is, in a few words
``description``  optional
``leads_to``     optional: the keys of the steps it leads to, separated by spaces
``mechanism``, ``context``, ``assumption``
                 optional notes for the links this row makes
``evidence``     optional: what shows the step happening, entries separated by
                 ``|``: ``dimension:<questionnaire>.<dimension>``,
                 ``indicator:<indicator name>``, ``decision:<decision title>`` or
                 ``action:<action title>``

Every row is checked before anything is written; a file with any problem changes
nothing, and each problem names the file, row and column. Importing the same file
again changes nothing: steps are matched on their key, links on their two ends,
evidence on what it points to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from joinedup.actions.models import Action
from joinedup.analysis.problems import Problem, ProblemError, Style
from joinedup.analysis.tables import as_mapping, load_table
from joinedup.analysis.theory import KINDS, can_link
from joinedup.participation.models import Decision, Indicator
from joinedup.registry.models import Partnership
from joinedup.theory import writes
from joinedup.theory.models import ChangeLink, ChangeStep, EvidenceSource, StepEvidence

REQUIRED = ["key", "kind", "title"]
OPTIONAL = ["description", "leads_to", "mechanism", "context", "assumption", "evidence"]
KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")


@dataclass
class _Row:
    number: int
    key: str
    kind: str
    title: str
    description: str
    leads_to: list[str]
    notes: dict[str, str]
    evidence: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def import_theory(path: Path, partnership: Partnership, label: str = "") -> dict[str, int]:
    """Import ``path`` into ``partnership``'s theory of change; counts of what was added
    or changed (``steps``, ``links``, ``evidence``). Raises :class:`ProblemError`."""
    name = label or path.name
    problems: list[Problem] = []

    def bad(row: int, column: str, message: str, code: str = "theory.bad-value") -> None:
        problems.append(Problem(code, message, name, "", row, column, "", Style.TABLE))

    table = load_table(path, label=name, style=Style.TABLE)
    missing = [c for c in REQUIRED if c not in table.header]
    for c in missing:
        bad(1, c, "column missing from the header", "theory.missing-column")
    for c in table.header:
        if c and c not in REQUIRED + OPTIONAL:
            bad(
                1,
                c,
                f"not a column of a theory file (columns: {', '.join(REQUIRED + OPTIONAL)})",
                "theory.unknown-column",
            )
    if problems:
        raise ProblemError(problems, name)

    indicators = {i.name: i for i in Indicator.objects.filter(partnership=partnership)}
    decisions = {d.title: d for d in Decision.objects.filter(partnership=partnership)}
    actions = {a.title: a for a in Action.objects.filter(partnership=partnership)}
    existing = {s.key: s for s in ChangeStep.objects.filter(partnership=partnership)}
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        v = {k: val.strip() for k, val in as_mapping(table.header, cells).items()}
        key, kind, title = v.get("key", ""), v.get("kind", "").lower(), v.get("title", "")
        if not KEY.match(key):
            bad(number, "key", f"{key!r} is not a short name (letters, digits, hyphens; up to 60)")
        elif key in seen:
            bad(number, "key", f"{key!r} is already used in row {seen[key]}", "theory.duplicate")
        seen.setdefault(key, number)
        if kind not in KINDS:
            bad(number, "kind", f"{kind!r} is not one of: {', '.join(KINDS)}")
        if not title:
            bad(number, "title", "a title is required", "theory.empty")
        elif len(title) > 200:
            bad(number, "title", "is longer than 200 characters", "theory.too-long")
        row = _Row(
            number,
            key,
            kind,
            title,
            v.get("description", ""),
            v.get("leads_to", "").split(),
            {n: v.get(n, "") for n in ("mechanism", "context", "assumption")},
        )
        for entry in filter(None, (e.strip() for e in v.get("evidence", "").split("|"))):
            source, _, what = entry.partition(":")
            source, what = source.strip().lower(), what.strip()
            if source == "dimension" and "." in what:
                instrument, _, dimension = what.partition(".")
                row.evidence.append(
                    ("dimension", {"instrument": instrument, "dimension": dimension})
                )
            elif source == "indicator" and what in indicators:
                row.evidence.append(("indicator", {"indicator": indicators[what]}))
            elif source == "decision" and what in decisions:
                row.evidence.append(("decision", {"decision": decisions[what]}))
            elif source == "action" and what in actions:
                row.evidence.append(("action", {"action": actions[what]}))
            elif source in ("indicator", "decision", "action"):
                bad(
                    number,
                    "evidence",
                    f"this partnership has no {source} called {what!r}",
                    "theory.unknown-name",
                )
            else:
                bad(
                    number,
                    "evidence",
                    f"{entry!r}: write dimension:<questionnaire>.<dimension>, "
                    "indicator:<name>, decision:<title> or action:<title>",
                )
        rows.append(row)

    kinds = {key: s.kind for key, s in existing.items()} | {r.key: r.kind for r in rows}
    for r in rows:
        for target in r.leads_to:
            if target not in kinds:
                bad(r.number, "leads_to", f"no step has the key {target!r}", "theory.unknown-name")
            elif target == r.key:
                bad(r.number, "leads_to", "a step cannot lead to itself")
            elif r.kind in KINDS and kinds[target] in KINDS and not can_link(r.kind, kinds[target]):
                bad(
                    r.number,
                    "leads_to",
                    f"a link runs forward (activity → output → outcome, or outcome → outcome): "
                    f"{r.kind} → {kinds[target]} ({target})",
                )
    if problems:
        raise ProblemError(problems, name)
    return _write(partnership, rows, existing)


@transaction.atomic
def _write(
    partnership: Partnership, rows: list[_Row], existing: dict[str, ChangeStep]
) -> dict[str, int]:
    counts = {"steps": 0, "links": 0, "evidence": 0}
    steps = dict(existing)
    for r in rows:
        step = steps.get(r.key)
        if step is None:
            steps[r.key] = writes.add_step(partnership, r.key, r.kind, r.title, r.description)
            counts["steps"] += 1
        elif (step.kind, step.title, step.description) != (r.kind, r.title, r.description):
            step.kind, step.title, step.description = r.kind, r.title, r.description
            step.save(update_fields=["kind", "title", "description"])
            counts["steps"] += 1
    for r in rows:
        for target in r.leads_to:
            link = ChangeLink.objects.filter(source=steps[r.key], target=steps[target]).first()
            if link is None:
                writes.add_link(steps[r.key], steps[target], **r.notes)
                counts["links"] += 1
            elif any(r.notes[n] and getattr(link, n) != r.notes[n] for n in r.notes):
                for n, text in r.notes.items():
                    if text:
                        setattr(link, n, text)
                link.save()
                counts["links"] += 1
        for source, fields in r.evidence:
            if not StepEvidence.objects.filter(step=steps[r.key], source=source, **fields).exists():
                writes.add_evidence(steps[r.key], source, **fields)
                counts["evidence"] += 1
    return counts


__all__ = ["OPTIONAL", "REQUIRED", "EvidenceSource", "import_theory"]
