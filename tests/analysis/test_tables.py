"""The one reader of CSV and workbook tables every importer uses."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from joinedup.analysis.problems import ProblemError, Style
from joinedup.analysis.tables import as_mapping, column_letter, iter_rows, load_table


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_csv_with_a_bom_is_read_stripped_and_trimmed(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.csv", "\ufeffa, b ,c\n1,2,,,\n\n,,\n 4 ,5,6\n".encode())
    table = load_table(path)
    assert table.header == ["a", "b", "c"]
    assert table.rows == [(2, ["1", "2"]), (5, ["4", "5", "6"])]
    assert list(iter_rows(path)) == [["a", "b", "c"], ["1", "2"], [], [], ["4", "5", "6"]]


def test_a_semicolon_header_means_semicolon_separated(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.csv", b"name;methods\nwalk;a,b\n")
    assert load_table(path).rows == [(2, ["walk", "a,b"])]
    commas = _write(tmp_path, "c.csv", b"name,methods\nwalk,a;b\n")
    assert load_table(commas).rows == [(2, ["walk", "a;b"])]
    one = _write(tmp_path, "one.csv", b"id\nx;y\n")
    assert load_table(one).rows == [(2, ["x;y"])]


def test_rows_are_counted_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.csv", b'a,b\n"two\nlines",x\ny,z\n')
    assert load_table(path).rows == [(2, ["two\nlines", "x"]), (3, ["y", "z"])]


def test_nul_characters_are_refused_naming_row_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "n.csv", b"a,b\n1,2\n3,x\x00\n\x00,5,6\n")
    with pytest.raises(ProblemError) as caught:
        load_table(path, label="n.csv", style=Style.TABLE)
    found = [(p.code, p.row, p.column) for p in caught.value.problems]
    assert found == [("table.nul", 3, "b"), ("table.nul", 4, "a")]
    assert str(caught.value.problems[0]).startswith("n.csv, row 3, column 'b': holds a NUL")
    header = _write(tmp_path, "h.csv", b"a,\x00\n1,2\n")
    with pytest.raises(ProblemError) as caught:
        load_table(header)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "B")]


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"a,b\n\xff\xfe,1\n", "not UTF-8 text"), (b'a,b\n"1,2\n' + b"x" * 200_000, "CSV")],
)
def test_an_unreadable_file_is_one_problem(tmp_path: Path, content: bytes, says: str) -> None:
    path = _write(tmp_path, "bad.csv", content)
    with pytest.raises(ProblemError) as caught:
        load_table(path)
    (problem,) = caught.value.problems
    assert problem.code == "table.unreadable"
    assert says in problem.message
    assert problem.file == str(path)


def test_a_missing_file_cannot_be_opened(tmp_path: Path) -> None:
    with pytest.raises(ProblemError, match="cannot open the file"):
        load_table(tmp_path / "absent.csv")


def test_workbooks_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "score", None])
    sheet.append(["K-1", 4, None])
    book.save(path)
    assert load_table(path, workbooks=True).rows == [(2, ["K-1", "4"])]
    with pytest.raises(ProblemError) as caught:
        load_table(path)  # read as CSV text, which a workbook is not
    assert caught.value.problems[0].code == "table.unreadable"
    other = _write(tmp_path, "t.ods", b"")
    with pytest.raises(ProblemError) as caught:
        load_table(other, workbooks=True)
    assert caught.value.problems[0].code == "table.unknown-kind"


def test_helpers() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert as_mapping(["a", "b"], ["1"]) == {"a": "1", "b": ""}
    assert as_mapping(["a"], ["1", "2"]) == {"a": "1"}
