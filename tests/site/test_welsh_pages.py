"""The site in Welsh: a reader who chose Cymraeg reads the home page, a partnership's
overview, a section page, the public "you said, we did" page and the printed
report in Welsh, with Welsh dates, and none of the interface's English.

The phrases checked are the interface's (headings, buttons, the overview cards'
sentences, a withheld figure's reason, a band); the partnership's own names and
the questionnaires' texts are data and stay as they were entered.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PARTNERSHIP_A
from tests.site.text import visible_text

pytestmark = pytest.mark.django_db


def _welsh(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="cy">' in html, url
    return visible_text(html)


def _check(text: str, welsh: list[str], english: list[str], where: str) -> None:
    for phrase in welsh:
        assert phrase in text, f"{where}: no {phrase!r}"
    for phrase in english:
        assert phrase not in text, f"{where}: English {phrase!r}"


def test_pages_and_report_in_welsh(personas, demo, tmp_path) -> None:
    lsp = demo[PARTNERSHIP_A]
    member = _welsh(personas.client("member_a"))

    home = _page(member, "/")
    _check(
        home,
        ["Sut mae eich partneriaeth yn gweithio?", "Eich partneriaethau", "Allgofnodi"],
        ["How is your partnership working?", "Your partnerships", "Sign out"],
        "home",
    )

    overview = _page(member, f"/partnerships/{lsp.pk}/")
    _check(
        overview,
        [
            "Darllen yr adroddiad llawn",
            "Golwg gyflym",
            "Cwestiynau i'r bwrdd",
            "Cryfaf: '",  # the scores card's sentence
            "Addewidion heb eu cadw eto:",  # the participation card's
            "sefydliad wedi'u cysylltu gan",  # the network card's
            "Rhybudd drifft:",  # the diagnoses card's
            "1 Ebrill 2016",  # a Welsh date
        ],
        ["Read the full report", "At a glance", "Strongest:", "Open promises", "linked by"],
        "overview",
    )

    scores = _page(member, f"/partnerships/{lsp.pk}/section/scores/")
    _check(
        scores,
        [
            "Sgoriau'r arolwg",
            "Cytundeb ymhlith aelodau",
            " pryder ",  # a band
            " gwerth ei drafod ",
            "wedi'i guddio i ddiogelu grŵp llai",  # a withheld figure's reason
            "llai na 5 ateb",
        ],
        ["Agreement among members", "hidden to protect", "fewer than 5", " to +"],
        "scores section",
    )

    public = _page(_welsh(Client()), "/participation/public/kestermouth-lsp/")
    _check(
        public,
        ["Dywedoch chi, gwnaethom ni", "Yr hyn a ddywedodd pobl wrth", "English"],
        ["You said, we did", "What people told"],
        "public page",
    )
    assert re.search(
        r"\d{1,2} (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|"
        r"Tachwedd|Rhagfyr) \d{4}",
        public,
    )


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_printed_report_is_in_the_readers_language(personas, demo, tmp_path) -> None:
    lsp = demo[PARTNERSHIP_A]
    reader = _welsh(personas.client("evaluator"))
    response = reader.get(f"/reports/partnership/{lsp.pk}/pdf/")
    assert response.status_code == 200
    path = tmp_path / "adroddiad.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub(r"\s+", " ", text).lower()  # the title page prints in capitals
    _check(
        text,
        ["adroddiad y bartneriaeth", "cwestiynau i'r bwrdd", "yn yr adroddiad hwn", "tudalen 2 o "],
        ["partnership report", "in this report", "how the figures are worked out", "page 2 of"],
        "PDF",
    )
