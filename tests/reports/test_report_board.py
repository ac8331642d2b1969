"""The demo LSP's report: its one-page summary, questions for the board and methods
appendix come from the figures the sections show, and nothing from a withheld group
reaches them; the appendix reads no file; the PDF is short and its summary follows
the title page."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess

import pytest

from joinedup.analysis.board.scores import rated_dimensions
from joinedup.analysis.suppression import Suppressed
from joinedup.registry.viewer import Viewer
from joinedup.reports import methods
from joinedup.reports.report import MAX_QUESTIONS, build_report
from joinedup.reports.scores import instrument_of, partnership_scores
from tests.conftest import PARTNERSHIP_A

MAX_PAGES = 26  # with "Who governs?" and "Who is left out?" (issue 21)


def latest_rated(partnership):
    """The latest scored round with judging dimensions, as the scores section reads it."""
    for r in partnership_scores(partnership):
        rated = rated_dimensions(r["result"], instrument_of(r["round"]))
        if rated:
            return r, rated
    raise AssertionError("the demo LSP has a scored health check")


def test_summary_and_questions_rest_on_the_sections_figures(demo, settings) -> None:
    lsp = demo[PARTNERSHIP_A]
    report = build_report(Viewer.operator(), lsp)
    summary = " ".join(report.summary_lines)
    questions = [str(q) for q in report.questions]
    assert 1 <= len(questions) <= MAX_QUESTIONS
    for words in ("Newman's plane", "network survey", "reached a decision", "members rate"):
        assert words in summary, f"a section left the summary: {words}"

    _, rated = latest_rated(lsp)
    weakest = min(rated, key=lambda d: d.mean)  # every health-check dimension: higher is better
    strongest = max(rated, key=lambda d: d.mean)
    assert f"'{weakest.label}' weakest ({weakest.mean:.2f}, n = {weakest.n}" in summary
    assert f"'{strongest.label}' strongest (mean {strongest.mean:.2f}" in summary
    asked = [q for q in questions if "weakest-rated dimension" in q]
    assert asked
    assert asked[0].startswith(f"'{weakest.label}' is the weakest-rated dimension")
    assert f"mean {weakest.mean:.2f} on 1–5, n = {weakest.n}" in asked[0]
    weights = [q.weight for q in report.questions if hasattr(q, "weight")]
    assert weights == sorted(weights, reverse=True), "questions come in order of importance"


def withheld_groups(partnership) -> set[str]:
    """Groups whose mean is withheld on every dimension of the latest health check."""
    r, _ = latest_rated(partnership)
    hidden: set[str] | None = None
    for d in r["result"].dimensions:
        if d.divergence is None:
            continue
        here = {g for g, m in d.divergence.means.items() if isinstance(m, Suppressed)}
        hidden = here if hidden is None else hidden & here
    return hidden or set()


def test_nothing_from_a_withheld_group_reaches_the_summary_or_questions(demo, settings) -> None:
    settings.MIN_RESPONDENTS = 9  # the demo's smaller stakeholder groups fall below k
    lsp = demo[PARTNERSHIP_A]
    hidden = withheld_groups(lsp)
    assert hidden, "with k = 9 some stakeholder groups of the demo are withheld"
    report = build_report(Viewer.operator(), lsp)
    words = " ".join(report.summary_lines + [str(q) for q in report.questions])
    for group in hidden:
        assert f"'{group}' group" not in words


def test_appendix_gives_k_and_response_by_sector_and_each_section_its_methods(
    personas, demo, settings
) -> None:
    lsp = demo[PARTNERSHIP_A]
    page = personas.client("member_a").get(f"/reports/partnership/{lsp.pk}/").content.decode()
    methods_part = page[page.index('id="methods-h"') :]
    assert f"fewer than {settings.MIN_RESPONDENTS} respondents" in methods_part
    assert "Statutory / public" in methods_part, "response is given by sector"
    notes = re.findall(r'<aside class="section-methods".*?</aside>', page, re.DOTALL)
    assert len(notes) >= 5, "the scores, diagnoses, network, participation and context parts"
    assert any("Reliability (Cronbach&#x27;s alpha, 95% interval)" in n for n in notes)
    assert "docs/" not in page
    assert "in the project" not in page


def test_the_appendix_reads_no_file() -> None:
    source = inspect.getsource(methods)
    assert not hasattr(methods, "DOCS")
    assert not re.search(r"read_text|open\(|Path\(", source)


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")
def test_pdf_is_short_and_the_summary_and_questions_follow_the_title_page(
    personas, demo, tmp_path
) -> None:
    lsp = demo[PARTNERSHIP_A]
    response = personas.client("evaluator").get(f"/reports/partnership/{lsp.pk}/pdf/")
    pdf = tmp_path / "lsp.pdf"
    pdf.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
    assert 10 <= pages <= MAX_PAGES
    first = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True
    ).stdout  # page 1 is the title page with the contents
    assert "In short" in first
    assert "Questions for the board" in first
    assert "weakest" in first
    text = subprocess.run(
        ["pdftotext", "-f", "2", str(pdf), "-"], capture_output=True, text=True
    ).stdout  # after the title page's contents list
    assert text.index("Questions for the board") < text.index("Survey scores")
    assert text.rindex("How the figures are worked out") > text.index("Participation")
