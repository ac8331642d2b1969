"""Hostile files: imports refuse files over JOINEDUP_MAX_UPLOAD_MB (and workbooks
that unpack to far more) with one clear line and no change; request bodies are held
to the same limit; XML inside workbooks goes through defusedxml, so an
entity-expansion ("billion laughs") workbook is refused cleanly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.test import Client, override_settings

from joinedup.cli import main
from joinedup.web.limits import FileTooLarge, check_file_size

pytestmark = pytest.mark.django_db

LIMIT = 4096
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
LAUGHS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>
</worksheet>"""


def _big_csv(path: Path, size: int) -> Path:
    header = "partnership,name,owner,kind\n"
    row = "Kestermouth Local Strategic Partnership,Measure,Council,core_business\n"
    path.write_text(header + row * (size // len(row) + 1), encoding="utf-8")
    return path


def _workbook(path: Path, rows: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for n in range(rows):
        sheet.append(["x" * 40, n])
    book.save(path)
    return path


def _with_part(source: Path, target: Path, name: str, text: str) -> Path:
    """A copy of the workbook ``source`` with one part replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = text.encode() if info.filename == name else old.read(info.filename)
            new.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def test_check_file_size(tmp_path) -> None:
    small = tmp_path / "small.csv"
    small.write_text("a,b\n1,2\n")
    check_file_size(small, LIMIT)
    check_file_size(tmp_path / "missing.csv", LIMIT)  # the import says it is missing
    big = _big_csv(tmp_path / "big.csv", LIMIT + 1)
    with pytest.raises(
        FileTooLarge,
        match=r"big.csv is 4 KB, more than the 4 KB joinedup reads \(JOINEDUP_MAX_UPLOAD_MB\)",
    ):
        check_file_size(big, LIMIT)


def test_a_workbook_that_unpacks_to_too_much_is_refused(tmp_path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>' * 20_000
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    plain = _workbook(tmp_path / "plain.xlsx", 1)
    path = _with_part(plain, tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", sheet)
    assert path.stat().st_size < 2 * LIMIT
    check_file_size(plain, 2 * LIMIT)
    with pytest.raises(
        FileTooLarge, match=r"bomb.xlsx unpacks to 7\d\d KB, more than 10 times the 8 KB"
    ):
        check_file_size(path, 2 * LIMIT)


@override_settings(MAX_UPLOAD_BYTES=LIMIT)
def test_cli_imports_refuse_large_files_and_change_nothing(tmp_path, capsys, demo) -> None:
    from joinedup.context.models import PerformanceMeasure as Measure
    from joinedup.participation.models import Activity
    from joinedup.surveys.models import InstrumentVersion, Response, Round

    big = _big_csv(tmp_path / "big.csv", LIMIT * 2)
    yaml_file = tmp_path / "big.yaml"
    yaml_file.write_text("id: big\n" + "# padding\n" * LIMIT)
    round_id = Round.objects.first().pk
    before = (Measure.objects.count(), Activity.objects.count(), Response.objects.count())
    versions = InstrumentVersion.objects.count()
    commands = [
        ["context", "import-measures", str(big)],
        ["context", "import-funding", str(big)],
        ["participation", "import-activities", str(big)],
        ["participation", "import-panel", str(big)],
        ["responses", "import", "--round", str(round_id), str(big)],
        ["instrument", "import", str(yaml_file)],
    ]
    for argv in commands:
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert err.startswith("joinedup: ")
        assert "JOINEDUP_MAX_UPLOAD_MB" in err
        assert "nothing was imported" in err
        assert "Traceback" not in err
        assert err.count("\n") == 1
    assert (Measure.objects.count(), Activity.objects.count(), Response.objects.count()) == before
    assert InstrumentVersion.objects.count() == versions


def test_request_bodies_over_the_limit_are_refused() -> None:
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.MAX_UPLOAD_BYTES
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=LIMIT):
        response = Client().post("/accounts/login/", {"username": "x" * (LIMIT + 10)})
    assert response.status_code == 400


def test_openpyxl_parses_with_defusedxml() -> None:
    import openpyxl.xml
    import openpyxl.xml.functions as functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")


def _laughing_workbook(tmp_path) -> Path:
    plain = _workbook(tmp_path / "plain.xlsx", 1)
    return _with_part(plain, tmp_path / "laughs.xlsx", "xl/worksheets/sheet1.xml", LAUGHS)


def test_billion_laughs_workbook_is_refused_by_the_responses_reader(tmp_path) -> None:
    from joinedup.analysis.instruments import InstrumentError
    from joinedup.analysis.responses_file import read_table

    path = _laughing_workbook(tmp_path)
    with pytest.raises(InstrumentError) as caught:
        read_table(path)
    text = str(caught.value.problems[0])
    assert "laughs.xlsx" in text
    assert "invalid XML" in text


def test_billion_laughs_xlsform_is_refused_cleanly(tmp_path, capsys) -> None:
    path = _laughing_workbook(tmp_path)
    assert main(["instrument", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "cannot read the workbook" in err
    assert "Traceback" not in err


def test_the_refusal_comes_from_defusedxml(tmp_path) -> None:
    from defusedxml import EntitiesForbidden

    with pytest.raises(Exception, match="invalid XML") as caught:
        openpyxl.load_workbook(_laughing_workbook(tmp_path))
    causes = []
    error: BaseException | None = caught.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, EntitiesForbidden) for e in causes)


def test_the_app_parses_no_xml_outside_defusedxml() -> None:
    import re

    import joinedup

    root = Path(joinedup.__file__).parent
    parse = re.compile(
        r"\b(ET|ElementTree|etree|minidom|expatbuilder|sax)\.(parse|fromstring|iterparse"
        r"|XMLParser|parseString|make_parser)\b"
    )
    offenders = [
        str(p.relative_to(root)) for p in root.rglob("*.py") if parse.search(p.read_text())
    ]
    assert offenders == []
