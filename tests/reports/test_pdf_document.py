"""The PDF report as a document, read back through its own text (poppler's
pdftotext, pdfinfo and pdffonts): the demo's largest partnership (the Local
Strategic Partnership) printed for an evaluator has a title page with a contents
list whose page numbers are the pages its links lead to, page numbers in the
footer of every page but the title page, the network picture with its
organisations' short names as text (vector, not pixels), every font embedded, a
page count in the expected range, and no path of the repository anywhere."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import PARTNERSHIP_A

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts")),
    reason="poppler-utils not installed",
)
PAGES = range(12, 27)  # 26 at most, with the two governance sections of issue 21


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def printed(personas, demo, tmp_path):
    lsp = demo[PARTNERSHIP_A]
    response = personas.client("evaluator").get(f"/reports/partnership/{lsp.pk}/pdf/")
    assert response.status_code == 200
    path = tmp_path / "lsp.pdf"
    path.write_bytes(response.content)
    return lsp, path


def _pages(path) -> list[str]:
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(path)), re.M).group(1))
    return [
        _run("pdftotext", "-f", str(n), "-l", str(n), str(path), "-") for n in range(1, count + 1)
    ]


def test_title_page_contents_and_page_numbers(printed) -> None:
    lsp, path = printed
    pages = _pages(path)
    assert len(pages) in PAGES
    title = pages[0]
    assert lsp.name in " ".join(title.split())
    assert "Contents" in title
    assert "Page 1 of" not in title, "no footer on the title page"
    for n, text in enumerate(pages[1:], start=2):
        assert f"Page {n} of {len(pages)}" in text
    # Each contents line ends in the page its link leads to (pdfinfo's destinations).
    dests = {}
    for line in _run("pdfinfo", "-dests", str(path)).splitlines()[1:]:
        found = re.match(r"\s*(\d+)\s+\[.*\]\s+\"(.+)\"", line)
        if found:
            dests[found.group(2)] = int(found.group(1))
    entries = re.findall(r"^\s*\d+\.\s+(.+?)[ .]*\s(\d+)\s*$", title, re.M)
    assert len(entries) >= 6
    for name, page in entries:
        assert name.split()[0] in pages[int(page) - 1], (name, page)
    for anchor in ("summary-h", "part-context", "members-h", "methods-h"):
        assert anchor in dests
    assert dests["summary-h"] == 2


def test_network_picture_is_labelled_text(printed) -> None:
    from joinedup.analysis.network.labels import short_names
    from joinedup.networks.services import partnership_network

    lsp, path = printed
    result = partnership_network(lsp)
    assert result is not None
    text = _run("pdftotext", str(path), "-")
    lines = [line.strip() for line in text.splitlines()]
    shorts = short_names([n.label for n in result.report.network.nodes])
    # Each short name is drawn on the picture and listed once in the table of names:
    # seen at least twice as a line of its own, so the picture's labels are text.
    missing = [s for s in shorts if lines.count(s) < 2]
    assert missing == []


def test_fonts_embedded_and_no_repository_path(printed) -> None:
    _lsp, path = printed
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    assert fonts
    assert all(re.search(r"\byes\s+yes\s+(yes|no)\s+\d+", line) for line in fonts), fonts
    text = _run("pdftotext", str(path), "-")
    assert not re.search(r"docs/|\.md\b|src/joinedup|in the project", text)
