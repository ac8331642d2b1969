"""Response-level exports for evaluators: one row per respondent (wide) or per
answer (long), anonymised, with a Frictionless codebook.

What an export holds (see ``docs/evaluator-exports.md``):

- the closed rounds of the scope (one round, a partnership's, or every
  partnership's), one data file per instrument version;
- each respondent under a pseudonym drawn for this export
  (:class:`~joinedup.analysis.anonymise.Pseudonymiser`), the same for a person
  across the export's rounds where the response still knows its invitation's
  person and linking does not single them out
  (:func:`~joinedup.analysis.anonymise.unlinkable`);
- group, sector, tier and role coarsened per round to k-anonymity
  (:func:`~joinedup.analysis.anonymise.generalise`); rounds under k left out;
- no free text unless ``include_text`` (then marked as needing review);
- ``items.csv``, ``rounds.csv``, ``datapackage.json`` and ``README.txt``.

The data are read twice, both times streamed: once for the respondents' profiles
(the counts behind the coarsening, :mod:`~joinedup.reports.responses_plan`), then
round batch by round batch for the answers, each batch pivoted, written and
dropped (:mod:`~joinedup.reports.responses_write`), so memory holds one batch.
Every export is written to the audit log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from joinedup.analysis import anonymise, codebook
from joinedup.analysis.suppression import check_k
from joinedup.registry.models import Partnership
from joinedup.reports import responses_files as files
from joinedup.reports.responses_plan import (
    Scope,
    batches,
    make_plan,
    released_values,
    value_labels,
)
from joinedup.reports.responses_write import Batch, VersionFile, write_package
from joinedup.surveys import extract

__all__ = ["ExportError", "ExportResult", "Scope", "export_responses"]

Progress = Callable[[int, int], None]


class ExportError(Exception):
    """The export cannot be made; the message says why."""


@dataclass
class ExportResult:
    folder: Path
    files: list[str] = field(default_factory=list)
    respondents: int = 0
    rows: int = 0
    rounds_released: int = 0
    rounds_left_out: int = 0


def _check(scope: Scope, out: Path, fmt: str, long: bool) -> list[Any]:
    if fmt not in files.FORMATS:
        raise ExportError(_("Unknown format %(fmt)s.") % {"fmt": fmt})
    if long and fmt in ("sav", "dta"):
        raise ExportError(_("SPSS and Stata files are written in the wide form only."))
    pid = scope.partnership_id
    if pid is not None and not Partnership.objects.filter(pk=pid).exists():
        raise ExportError(_("Partnership %(id)s does not exist.") % {"id": pid})
    round_objs = list(extract.export_rounds(pid, scope.round_id))
    if scope.round_id is not None and not round_objs:
        raise ExportError(
            _("Round %(id)s does not exist or has not closed yet.") % {"id": scope.round_id}
        )
    if out.exists() and any(out.iterdir()):
        raise ExportError(_("The folder %(out)s is not empty.") % {"out": out})
    return round_objs


def export_responses(
    scope: Scope,
    out: Path,
    fmt: str = "csv",
    long: bool = False,
    include_text: bool = False,
    k: int | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the export of ``scope`` into the folder ``out`` (made if missing; it
    must be empty). ``progress(done, total)`` counts respondents written."""
    k = check_k(k if k is not None else settings.MIN_RESPONDENTS)
    round_objs = _check(scope, out, fmt, long)
    out.mkdir(parents=True, exist_ok=True)
    plan = make_plan(round_objs, k)
    result = ExportResult(folder=out, respondents=plan.size(plan.rounds))
    by_version: dict[int, list[Any]] = defaultdict(list)
    for r in plan.rounds.values():
        by_version[r.instrument_id].append(r)
    names = anonymise.Pseudonymiser()
    labels = value_labels()
    resources, instruments, item_rows = [], [], []
    done = 0
    for rounds in by_version.values():
        instrument = rounds[0].instrument.instrument()
        released = released_values(plan, [r.pk for r in rounds])
        version = VersionFile(out, fmt, long, include_text, instrument, released, labels)
        for ids in batches(rounds, plan):
            version.write(Batch(plan, ids, names))
            done += plan.size(ids)
            if progress:
                progress(done, result.respondents)
        resources.append(version.close())
        instruments.append(codebook.instrument_property(instrument))
        item_rows += version.item_rows
        result.rows += version.writer.rows
    result.rounds_released = len(plan.rounds)
    result.rounds_left_out = len(round_objs) - len(plan.rounds)
    options = {"include_text": include_text, "k": k, "long": long}
    result.files = write_package(out, scope, options, plan, resources, instruments, item_rows)
    (out / "README.txt").write_text(_readme(result, scope, k, fmt, long, include_text))
    result.files.append("README.txt")
    _audit(scope, round_objs, result, fmt, long, include_text, k)
    return result


def _audit(
    scope: Scope,
    round_objs: list[Any],
    result: ExportResult,
    fmt: str,
    long: bool,
    include_text: bool,
    k: int,
) -> None:
    from joinedup.audit.log import record

    partnership = None
    if scope.partnership_id is not None:
        partnership = Partnership.objects.filter(pk=scope.partnership_id).first()
    elif scope.round_id is not None and round_objs:
        partnership = round_objs[0].partnership
    record(
        "export.responses",
        partnership=partnership,
        object_type="export",
        object_id=scope.label(),
        summary=(
            f"{scope.label()}, {fmt}, {'long' if long else 'wide'}"
            f"{', with unreviewed free text' if include_text else ''}: "
            f"{result.rounds_released} rounds, {result.respondents} respondents, "
            f"{result.rounds_left_out} rounds under k={k} left out"
        ),
    )


def _readme(
    result: ExportResult, scope: Scope, k: int, fmt: str, long: bool, include_text: bool
) -> str:
    """A plain-text note beside the data: what is here and how it was anonymised."""
    import json

    package = json.loads((result.folder / "datapackage.json").read_text())
    coarse = package["joinedup:coarsening"]
    lines = [
        f"joinedup response-level export: {scope.label()}",
        "",
        f"Form: {'long (one row per answer)' if long else 'wide (one row per respondent)'}; "
        f"format: {fmt}.",
        f"Rounds: {result.rounds_released} closed rounds; {result.rounds_left_out} left out "
        f"because fewer than k={k} people answered them.",
        f"Respondents: {result.respondents}. Data rows: {result.rows}.",
        "",
        "Respondents are pseudonyms drawn for this export only: they differ in every",
        "export and cannot be matched with another export's.",
        "",
        f"Coarsening (every combination of group, sector, tier and role is shared by at "
        f"least {k} respondents of its round):",
    ]
    for column, what in coarse["columns"].items():
        merged = ", ".join(f"{v} (in {n} rounds)" for v, n in what["merged_into_other"].items())
        lines.append(
            f"  {column}: merged into '{anonymise.OTHER}': {merged or 'none'}; "
            f"left blank in {what['blanked_in_rounds']} rounds"
        )
    lines += [
        "",
        f"Missing values: {codebook.DONT_KNOW} = don't know; an empty cell = not answered.",
        "Free text: "
        + (
            "INCLUDED and NOT reviewed (comments coordinators hid are left out); "
            "read it before any use."
            if include_text
            else "left out."
        ),
        "",
        "The codebook is datapackage.json (a Frictionless Data Package): item texts,",
        "scales and their labels, reverse scoring, dimensions, instrument versions.",
        "",
    ]
    return "\n".join(lines)
