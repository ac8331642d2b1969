"""The partnership report: every registered partnership section on one page, with a
plain-words summary in front and a methods appendix behind.

The report composes whatever the apps register with
:func:`joinedup.web.sections.partnership_section`. A section's context may carry,
besides what its own template needs:

- ``summary_lines: list[str]`` — sentences for the one-page summary;
- ``questions_for_the_board: list[Prompt | str]`` — prompts for the board's
  discussion; a :class:`~joinedup.analysis.board.text.Prompt` carries a weight, and
  the report keeps the :data:`MAX_QUESTIONS` weightiest of all sections (plain
  strings count as weight 0), in falling weight;
- ``methods_lines: list[str]`` — sentences for the methods appendix (how the figures
  in that section are worked out);
- ``title: str`` — the section's heading in the report's table of contents.

The chosen survey round, if any, reaches the sections as ``request.GET["round"]``.
Section templates are rendered with ``in_report`` set, so a section can print a
shorter form in the report (the scores section shows the latest round of each
questionnaire only).
Charts should be inline SVG (rendered offline with vl-convert) so they print and
appear in the PDF.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from joinedup.analysis.board.text import Prompt, ranked
from joinedup.registry.models import Partnership
from joinedup.reports import methods
from joinedup.web import sections

logger = logging.getLogger(__name__)


@dataclass
class ReportSection:
    html: SafeString
    title: str


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


def _lines(context: dict[str, Any], key: str) -> list[str]:
    value = context.get(key) or []
    return [str(line) for line in value if str(line).strip()]


def build_report(request: HttpRequest, partnership: Partnership) -> Report:
    """Gather every section's context for ``partnership`` as ``request.user`` sees it.

    The caller has already checked that the user may view the partnership; each
    section applies its own permission and suppression rules on top.
    """
    chosen = methods.chosen_round(partnership, request.GET.get("round"))
    report = Report(
        partnership=partnership,
        generated=timezone.now(),
        round_label=str(chosen.period) if chosen is not None else None,
        sections=[],
    )
    method_lines: list[str] = []
    for section in sections.registered_partnership_sections():
        done = _render_section(section, request, partnership)
        if done is None:
            continue
        context, html = done
        report.sections.append(ReportSection(html, str(context.get("title") or _heading(html))))
        report.summary_lines += _lines(context, "summary_lines")
        report.questions += [q for q in context.get("questions_for_the_board") or [] if str(q)]
        method_lines += _lines(context, "methods_lines")
    report.questions = ranked(report.questions, MAX_QUESTIONS)
    report.appendix = methods.appendix(partnership, chosen, method_lines, request.user)
    return report


def _render_section(
    section: sections.Section, request: HttpRequest, partnership: Partnership
) -> tuple[dict[str, Any], SafeString] | None:
    """One section's context and HTML; a section that fails is logged and shown as a
    short notice, so one broken part does not take the whole report down."""
    try:
        context = section.context(request, partnership)
        if context is None:
            return None
        html = render_to_string(section.template, {**context, "in_report": True}, request=request)
        return context, mark_safe(html)  # noqa: S308
    except Exception:
        logger.exception(
            "report section %s failed for partnership %s", section.template, partnership.pk
        )
        notice = render_to_string("reports/_section_failed.html", {"template": section.template})
        return {}, mark_safe(notice)  # noqa: S308


_H2 = re.compile(r"<h2[^>]*>(.*?)</h2>", re.DOTALL)


def _heading(html: str) -> str:
    """The text of a rendered section's first level-2 heading (for the contents)."""
    found = _H2.search(html)
    return strip_tags(found.group(1)).strip() if found else ""


def operator_request(round_id: int | None = None) -> HttpRequest:
    """A request for reports made on the command line: the operator reads with an
    administrator's rights (suppression of small groups still applies)."""
    query = {"round": str(round_id)} if round_id is not None else {}
    request = RequestFactory().get("/reports/", query, SERVER_NAME=_server_name())
    user_model = get_user_model()
    request.user = user_model(username="joinedup-cli", is_superuser=True, is_active=True)
    return request


def _server_name() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(("*", "."))]
    return hosts[0] if hosts else "localhost"


def report_context(report: Report) -> dict[str, Any]:
    """What the report templates need besides the report itself."""
    partnership = report.partnership
    memberships = partnership.memberships.select_related("organisation").order_by(
        "organisation__sector", "organisation__name", "joined"
    )
    members_now = partnership.members_on(report.generated.date()).count()
    return {"memberships": memberships, "members_now": members_now}
