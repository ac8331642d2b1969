"""The last gaps of the partnership report: no confidential pair ratings whoever
makes it, headings kept with their tables in the PDF, and charts whose text is
measured in the font the PDF draws it in."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from joinedup.analysis.context import TimelineRow
from joinedup.cli import main
from joinedup.context.charts import timeline_svg
from joinedup.networks import interlocking
from joinedup.networks.services import partnership_network
from joinedup.participation import models as pm
from joinedup.participation.charts import TITLE_CHARACTERS, indicator_svg, title_lines
from joinedup.registry.models import Partnership
from tests.conftest import PARTNERSHIP_A

pytestmark = pytest.mark.django_db

PAIRS_HEADING = "Where the two sides of a pair disagree"


def _svg_width(svg: str) -> float:
    found = re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg)
    assert found
    return float(found.group(1))


def test_report_made_on_the_command_line_has_no_pair_ratings(demo, personas, tmp_path):
    partnership = demo[PARTNERSHIP_A]
    out = tmp_path / "lsp.html"
    args = ["report", "--partnership", str(partnership.pk), "--format", "html", "-o", str(out)]
    assert main(args) == 0
    html = out.read_text()
    assert "Partnership network" in html
    assert PAIRS_HEADING not in html
    assert "confidential-pairs" not in html
    assert "Interlocking partnerships" in html
    assert 'class="network-ladder"' in html
    # The administrators' own page keeps the table and the confidential file.
    page = personas.client("admin").get(f"/partnerships/{partnership.pk}/section/networks/")
    page = page.content.decode()
    assert PAIRS_HEADING in page
    assert "confidential-pairs" in page


def test_report_page_for_an_administrator_has_no_pair_ratings(demo, personas):
    partnership = demo[PARTNERSHIP_A]
    html = personas.client("admin").get(f"/reports/partnership/{partnership.pk}/").content.decode()
    assert "Partnership network" in html
    assert PAIRS_HEADING not in html


def test_report_summary_names_the_interlocking_partnerships(demo, personas):
    partnership = demo[PARTNERSHIP_A]
    found = interlocking.partnership_interlocks(partnership, Partnership.objects.all())
    line = interlocking.summary_line(found)
    assert line
    html = personas.client("evaluator").get(f"/reports/partnership/{partnership.pk}/")
    summary = html.content.decode().split('class="summary-lines"')[1].split("</ul>")[0]
    assert line.replace("'", "&#x27;") in summary


def _pages(pdf) -> list[str]:
    count = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    total = int(re.search(r"Pages:\s+(\d+)", count.stdout).group(1))
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, total + 1)
    ]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_keeps_each_network_heading_with_its_table(demo, tmp_path):
    partnership = demo[PARTNERSHIP_A]
    pdf = tmp_path / "lsp.pdf"
    args = ["report", "--partnership", str(partnership.pk), "--format", "pdf", "-o", str(pdf)]
    assert main(args) == 0
    pages = _pages(pdf)
    # The command line reports with an administrator's rights: the directed network.
    result = partnership_network(partnership, directed=True)
    first_broker = f"{result.report.brokers[0][1]:.3f}"
    neighbours = interlocking.partnership_interlocks(partnership, Partnership.objects.all())
    # Each heading, the header row of its table and the table's first row share a page.
    for heading, header, first_row in (
        ("Brokers", "Brokerage roles", first_broker),
        ("Interlocking partnerships", "Shared", neighbours.neighbours[0].shared[0].split()[0]),
    ):
        found = [p for p in pages if re.search(rf"^\s*{heading}\s*$", p, re.MULTILINE)]
        assert len(found) == 1, heading
        assert header in found[0], heading
        assert first_row in found[0].split(heading, 1)[1], heading
    assert not any(PAIRS_HEADING in p for p in pages)


def test_indicator_titles_wrap_within_the_chart(demo):
    indicator = pm.Indicator.objects.filter(partnership=demo[PARTNERSHIP_A]).first()
    assert indicator is not None
    indicator.name = "Consultations with feedback given to residents within the due date"
    svg = indicator_svg(indicator)
    assert 'font-family="DejaVu Sans"' in svg
    assert "sans-serif" not in svg
    assert _svg_width(svg) < 420  # the 320 px plot and its axis, not a title run past it
    lines = title_lines(f"{indicator.name} ({indicator.unit})")
    assert len(lines) >= 2
    assert all(len(line) <= TITLE_CHARACTERS for line in lines)
    for line in lines:
        assert line in svg


def test_funding_timeline_measures_labels_in_the_pdf_font():
    long = "Kestermouth Together pooled fund"
    rows = [
        TimelineRow(long, "LSP", "pooled_budget", dt.date(2021, 4, 1), None, 1.0, False, False),
        TimelineRow("Short", "LSP", "charitable", dt.date(2025, 1, 1), None, 1.0, False, False),
    ]
    svg = timeline_svg(rows, dt.date(2026, 11, 23))
    assert 'font-family="DejaVu Sans"' in svg
    assert "sans-serif" not in svg
    assert long in svg
    # The plot starts right of the longest stream name as DejaVu Sans draws it at
    # 10 px (5.4 px a letter here; measured as Liberation Sans, 4.8, it ran off the
    # left edge in the PDF).
    origin = re.search(r"translate\(([\d.]+),", svg)
    assert origin
    assert float(origin.group(1)) >= len(long) * 5.5


def test_dynamics_plane_is_measured_in_the_pdf_font(demo):
    from joinedup.diagnoses.charts import plane_svg
    from joinedup.diagnoses.services import diagnose

    rounds = diagnose(demo[PARTNERSHIP_A], dt.date(2026, 11, 23)).rounds
    assert rounds
    svg = plane_svg(rounds)
    assert 'font-family="DejaVu Sans"' in svg
    assert "sans-serif" not in svg
