"""The partnership report: every partnership section (``settings.PARTNERSHIP_SECTIONS``,
see :mod:`joinedup.web.sections`) on one page, with a plain-words summary in front and
a methods appendix behind.

Each section's :class:`~joinedup.web.sections.SectionResult` gives its heading for
the table of contents, its ``summary`` sentences for the one-page summary, its
``questions`` for the board's discussion (a
:class:`~joinedup.analysis.board.text.Prompt` carries a weight, and the report keeps
the :data:`MAX_QUESTIONS` weightiest of all sections, plain strings counting as weight
0, in falling weight) and its ``methods`` sentences, printed as short notes at the
end of the section (the appendix keeps the rule on small groups and who answered).

The report is built for a :class:`~joinedup.registry.viewer.Viewer`: the signed-in
user on the site, the operator on the command line. The chosen survey round, if any,
reaches the sections as their ``round_`` argument. Section templates are rendered with
``in_report`` set, so a section can print a shorter form in the report (the scores
section shows the latest round of each questionnaire only). Charts should be inline
SVG (rendered offline with vl-convert) so they print and appear in the PDF.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from joinedup.analysis.board.text import Prompt, ranked
from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.reports import methods
from joinedup.web import sections

logger = logging.getLogger(__name__)


@dataclass
class ReportSection:
    html: SafeString
    title: str
    #: The anchor of the section in the report (``part-<key>``), for the contents.
    key: str = ""
    #: The section's own short notes on how its figures are worked out.
    methods: list[str] = field(default_factory=list)


MAX_QUESTIONS = 8


@dataclass
class Report:
    partnership: Partnership
    generated: dt.datetime
    round_label: str | None
    sections: list[ReportSection]
    summary_lines: list[str] = field(default_factory=list)
    questions: list[Prompt | str] = field(default_factory=list)
    appendix: methods.Appendix | None = None


def build_report(
    viewer: Viewer,
    partnership: Partnership,
    round_id: str | int | None = None,
    request: HttpRequest | None = None,
    *,
    printing: bool = False,
) -> Report:
    """Gather every section of ``partnership`` as ``viewer`` sees it, for the round
    ``round_id`` (None: the latest). ``request``, on the site, is handed to the
    section templates; ``printing`` tells them the report becomes a PDF, so they
    can leave out what paper cannot use (controls, scripts, tables a picture
    already shows in print).

    The caller has already checked that the viewer may see the partnership; each
    section applies its own permission and suppression rules on top.
    """
    chosen = methods.chosen_round(partnership, None if round_id is None else str(round_id))
    report = Report(
        partnership=partnership,
        generated=timezone.now(),
        round_label=str(chosen.period) if chosen is not None else None,
        sections=[],
    )
    method_lines: list[str] = []
    for function in sections.partnership_sections():
        done = _render_section(function, viewer, partnership, chosen, request, printing)
        if done is None:
            continue
        result, html = done
        title = result.title if result else _heading(html)
        key = result.key if result else f"failed-{len(report.sections) + 1}"
        notes = list(result.methods) if result is not None else []
        report.sections.append(ReportSection(html, title, key, notes))
        if result is not None:
            report.summary_lines += result.summary
            report.questions += result.questions
            method_lines += result.methods
    report.questions = ranked(report.questions, MAX_QUESTIONS)
    report.appendix = methods.appendix(partnership, chosen, method_lines, viewer)
    return report


def _render_section(
    function: sections.SectionFn,
    viewer: Viewer,
    partnership: Partnership,
    chosen: Any,
    request: HttpRequest | None,
    printing: bool = False,
) -> tuple[sections.SectionResult | None, SafeString] | None:
    """One section and its HTML; a section that fails is logged and shown as a
    short notice (with no result), so one broken part does not take the whole
    report down."""
    try:
        result = function(viewer, partnership, chosen)
        if result is None:
            return None
        context = {
            **result.context,
            "in_report": True,
            "plain_words": result.opening,
            "printing": printing,
        }
        html = render_to_string(result.template, context, request=request)
        return result, mark_safe(html)  # noqa: S308
    except Exception:
        name = getattr(function, "__qualname__", repr(function))
        logger.exception("report section %s failed for partnership %s", name, partnership.pk)
        notice = render_to_string("reports/_section_failed.html", {"template": name})
        return None, mark_safe(notice)  # noqa: S308


_H2 = re.compile(r"<h2[^>]*>(.*?)</h2>", re.DOTALL)


def _heading(html: str) -> str:
    """The text of a rendered section's first level-2 heading (for the contents)."""
    found = _H2.search(html)
    return strip_tags(found.group(1)).strip() if found else ""


def report_context(report: Report) -> dict[str, Any]:
    """What the report templates need besides the report itself."""
    partnership = report.partnership
    memberships = partnership.memberships.select_related("organisation").order_by(
        "organisation__sector", "organisation__name", "joined"
    )
    members_now = partnership.members_on(report.generated.date()).count()
    return {"memberships": memberships, "members_now": members_now}
