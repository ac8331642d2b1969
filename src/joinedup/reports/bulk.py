"""Reports written to files, for the command line (one, or every partnership)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.utils.text import slugify

from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.reports import pdf
from joinedup.reports.report import build_report, report_context
from joinedup.surveys.extract import answered_round_ids, find_round
from joinedup.surveys.lifecycle import RoundState, round_state
from joinedup.surveys.visibility import published_rounds, rounds_with_results


class ReportError(Exception):
    """The report cannot be made as asked; the message says why."""


def _latest_round_id(partnership: Partnership) -> int | None:
    """The latest round with results, else the latest answered closed round."""
    latest = rounds_with_results(partnership).last()
    if latest is None:
        latest = published_rounds(partnership).filter(pk__in=answered_round_ids()).last()
    return latest.pk if latest is not None else None


def _round_partnership(round_id: int) -> Partnership:
    round_ = find_round(round_id)
    if round_ is None:
        raise ReportError(f"there is no survey round with id {round_id}")
    state = round_state(round_)
    if state != RoundState.CLOSED:
        raise ReportError(
            f"round {round_id} is not closed ({state.label.lower()}): a report shows a "
            "round's results once it is closed (`joinedup round close ID`)"
        )
    return round_.partnership


def render(partnership: Partnership, fmt: str, round_id: int | None = None) -> bytes:
    """The report of ``partnership`` (optionally for one round) as HTML or PDF bytes,
    read by the operator with an administrator's rights; small groups are still
    suppressed."""
    report = build_report(Viewer.operator(), partnership, round_id, printing=fmt == "pdf")
    context = report_context(report)
    if fmt == "pdf":
        return pdf.html_to_pdf(pdf.report_html(None, report, context))
    context["inline_styles"] = pdf.inline_styles()
    return pdf.report_html(None, report, context).encode("utf-8")


def write_one(
    output: Path, fmt: str, partnership_id: int | None, round_id: int | None = None
) -> Path:
    if round_id is not None:
        partnership = _round_partnership(round_id)
    else:
        found = Partnership.objects.filter(pk=partnership_id or 0).first()
        if found is None:
            raise ReportError(f"there is no partnership with id {partnership_id}")
        partnership = found
    if output.parent and not output.parent.is_dir():
        raise ReportError(f"the folder {output.parent} does not exist")
    output.write_bytes(render(partnership, fmt, round_id))
    return output


def write_all(
    folder: Path, fmt: str, step: Callable[[int, int, str], None] | None = None
) -> list[Path]:
    """Every partnership's report for its latest closed round with responses, one
    file each."""
    folder.mkdir(parents=True, exist_ok=True)
    partnerships = list(Partnership.objects.order_by("name"))
    written = []
    for index, partnership in enumerate(partnerships):
        if step:
            step(index, len(partnerships), partnership.name)
        path = folder / f"{slugify(partnership.name) or partnership.pk}.{fmt}"
        path.write_bytes(render(partnership, fmt, _latest_round_id(partnership)))
        written.append(path)
    if step:
        step(len(partnerships), len(partnerships), "done")
    return written
