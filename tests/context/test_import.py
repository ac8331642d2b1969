"""CSV import of funding streams and measures: all rows or none, errors located."""

from __future__ import annotations

import pytest

from joinedup.cli import main
from joinedup.context.imports import ImportFailed, import_funding, import_measures
from joinedup.context.models import FundingStream, PerformanceMeasure

HEADER = "partnership,name,provider,source,amount,earmarked,start,end,conditions\n"
LSP = "Kestermouth Local Strategic Partnership"
HSC = "Kestermouth Health and Social Care Board"
GOOD_FUNDING = (
    HEADER
    + f"{LSP},Town centre bid,Kestermouth Chamber of Commerce,competitive_bid,"
    + '"£90,000",yes,2026-04-01,2027-06-30,Match funding\n'
    + f"{HSC},Falls prevention,,central_programme,150000,no,2025-04-01,,\n"
)

BAD_FUNDING = (
    HEADER
    + f"{LSP},Town centre bid,,competitive_bid,90000,yes,2026-04-01,2027-06-30,\n"
    + "Kestermouth Nowhere Partnership,Ghost fund,,central_programme,1000,no,2025-04-01,,\n"
    + f"{HSC},Falls prevention,,lottery,15k,maybe,01/04/2025,2024-01-01,\n"
)


def write(tmp_path, text, name="file.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_funding_file_is_imported(demo, tmp_path):
    assert import_funding(write(tmp_path, GOOD_FUNDING)) == 2
    bid = FundingStream.objects.get(name="Town centre bid")
    assert str(bid.amount) == "90000.00"
    assert bid.earmarked
    assert bid.provider.name == "Kestermouth Chamber of Commerce"
    falls = FundingStream.objects.get(name="Falls prevention")
    assert falls.end is None
    # importing again updates, it does not duplicate
    assert import_funding(write(tmp_path, GOOD_FUNDING)) == 2
    assert FundingStream.objects.filter(name="Town centre bid").count() == 1


def test_bad_funding_file_names_rows_and_columns_and_writes_nothing(demo, tmp_path):
    before = FundingStream.objects.count()
    with pytest.raises(ImportFailed) as caught:
        import_funding(write(tmp_path, BAD_FUNDING))
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (3, "partnership"),
        (4, "source"),
        (4, "amount"),
        (4, "earmarked"),
        (4, "start"),
    }
    assert FundingStream.objects.count() == before
    assert not FundingStream.objects.filter(name="Town centre bid").exists()


def test_end_before_start_is_reported(demo, tmp_path):
    text = (
        "partnership,name,source,amount,start,end\n"
        "Kestermouth Local Strategic Partnership,Backwards,charitable,10,2026-04-01,2025-04-01\n"
    )
    with pytest.raises(ImportFailed) as caught:
        import_funding(write(tmp_path, text))
    assert [str(p) for p in caught.value.problems] == [
        "row 2, column 'end': is before the start date"
    ]


def test_header_problems_are_row_one(demo, tmp_path):
    text = "partnership,title,source,amount,start,colour\nX,Y,charitable,1,2026-01-01,red\n"
    with pytest.raises(ImportFailed) as caught:
        import_funding(write(tmp_path, text))
    assert {(p.row, p.column) for p in caught.value.problems} == {
        (1, "name"),
        (1, "title"),
        (1, "colour"),
    }


def test_duplicate_rows_in_one_file(demo, tmp_path):
    text = (
        "partnership,name,kind\n"
        "Kestermouth Community Safety Partnership,Hate crime reports,cross_cutting\n"
        "Kestermouth Community Safety Partnership,Hate crime reports,core_business\n"
    )
    with pytest.raises(ImportFailed) as caught:
        import_measures(write(tmp_path, text))
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "name")]


def test_measures_import(demo, tmp_path):
    text = (
        "partnership,name,owner,kind\n"
        "Kestermouth Community Safety Partnership,Hate crime reports,,cross_cutting\n"
        "Kestermouth Community Safety Partnership,Fire engine response times,"
        "Westshire Fire and Rescue Service,core_business\n"
    )
    assert import_measures(write(tmp_path, text)) == 2
    fire = PerformanceMeasure.objects.get(name="Fire engine response times")
    assert fire.owner.name == "Westshire Fire and Rescue Service"
    assert PerformanceMeasure.objects.get(name="Hate crime reports").owner is None


def test_cli_reports_problems_without_traceback(demo, tmp_path, capsys):
    before = FundingStream.objects.count()
    path = write(tmp_path, BAD_FUNDING)
    assert main(["context", "import-funding", str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 4, column 'source': 'lottery' is not one of" in err
    assert "nothing was imported" in err
    assert "Traceback" not in err
    assert FundingStream.objects.count() == before


def test_cli_imports_good_file(demo, tmp_path, capsys):
    assert main(["context", "import-funding", str(write(tmp_path, GOOD_FUNDING))]) == 0
    assert "Imported 2 funding streams" in capsys.readouterr().out


def test_cli_missing_file(demo, tmp_path, capsys):
    assert main(["context", "import-measures", str(tmp_path / "absent.csv")]) == 1
    assert "cannot read the file" in capsys.readouterr().err
