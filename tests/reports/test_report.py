"""The partnership report: composed from the registered sections, as a page, a PDF
and from the command line."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from joinedup.cli import main
from joinedup.web import sections
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B


def board_section(viewer, partnership, round_):
    """A section in the shape the apps use, offering summary lines and questions."""
    return sections.SectionResult(
        "board",
        "Board view",
        "reports/_test_board_section.html",
        {"partnership": partnership},
        summary=("Members agree most about the shared purpose.",),
        questions=("Why do voluntary members rate trust lower?",),
        methods=("Scores are means of the 1–5 items, with 95% intervals.",),
    )


def broken_section(viewer, partnership, round_):
    raise RuntimeError("no data")


@pytest.fixture
def extra_section(settings):
    """Put one more section first on the partnership page (by its dotted path)."""

    def add(name: str) -> None:
        settings.PARTNERSHIP_SECTIONS = [f"{__name__}.{name}", *settings.PARTNERSHIP_SECTIONS]

    return add


def test_report_page_for_a_member(personas, demo, settings) -> None:
    a = demo[PARTNERSHIP_A]
    response = personas.client("member_a").get(f"/reports/partnership/{a.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert a.name in page
    assert f"fewer than {settings.MIN_RESPONDENTS} respondents" in page
    assert "Members, past and present" in page


def test_report_of_another_partnership_is_not_found(personas, demo) -> None:
    b = demo[PARTNERSHIP_B]
    for persona in ("member_a", "outsider"):
        client = personas.client(persona)
        assert client.get(f"/reports/partnership/{b.pk}/").status_code == 404
        assert client.get(f"/reports/partnership/{b.pk}/pdf/").status_code == 404


def test_report_needs_sign_in(client, demo) -> None:
    a = demo[PARTNERSHIP_A]
    response = client.get(f"/reports/partnership/{a.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_sections_feed_the_summary_questions_and_methods(
    personas, demo, extra_section, tmp_path, settings
) -> None:
    extra_section("board_section")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "_test_board_section.html").write_text(
        "<h2>Board view</h2><p>Section body</p>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    a = demo[PARTNERSHIP_A]
    page = personas.client("member_a").get(f"/reports/partnership/{a.pk}/").content.decode()
    assert "Members agree most about the shared purpose." in page
    assert "Why do voluntary members rate trust lower?" in page
    assert "Scores are means of the 1–5 items" in page
    assert '<li><a href="#part-board">Board view</a></li>' in page, "listed in the contents"
    assert 'id="part-board"' in page, "and the contents link to it"


def test_a_failing_section_does_not_take_the_report_down(personas, demo, extra_section) -> None:
    extra_section("broken_section")
    a = demo[PARTNERSHIP_A]
    response = personas.client("member_a").get(f"/reports/partnership/{a.pk}/")
    assert response.status_code == 200
    assert "could not be prepared" in response.content.decode()


def test_pdf_has_pages_that_pdftoppm_can_draw(personas, demo, tmp_path) -> None:
    a = demo[PARTNERSHIP_A]
    response = personas.client("member_a").get(f"/reports/partnership/{a.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "p")], check=True)
        assert len(list(tmp_path.glob("p-*.png"))) >= 2


def test_cli_writes_html_and_pdf(demo, tmp_path, capsys) -> None:
    a = demo[PARTNERSHIP_A]
    html = tmp_path / "lsp.html"
    assert main(["report", "--partnership", str(a.pk), "--format", "html", "-o", str(html)]) == 0
    text = html.read_text()
    assert a.name in text
    assert "<style>" in text, "the HTML file carries its styles with it"
    pdf = tmp_path / "lsp.pdf"
    assert main(["report", "--partnership", str(a.pk), "--format", "pdf", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_cli_all_writes_one_file_per_partnership(demo, tmp_path) -> None:
    assert main(["report", "--all", "--format", "html", "-o", str(tmp_path / "out")]) == 0
    assert len(list((tmp_path / "out").glob("*.html"))) == len(demo)


def test_cli_unknown_ids_get_one_line(demo, tmp_path, capsys) -> None:
    assert main(["report", "--partnership", "99999", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "no partnership with id 99999" in capsys.readouterr().err
    assert main(["report", "--round", "99999", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "no survey round with id 99999" in capsys.readouterr().err
