"""Hypothesis against every importer: any file either imports or is refused clearly.

For each reader of outside files — responses (CSV and XLSX, the analysis core's
reader and the surveys import service), XLSForm workbooks, edge lists, node and
membership files, the participation imports and the context imports — files are
drawn from a mix of plausible cells (names of demo partnerships, dates, numbers,
yes/no, the importer's own column names) and hostile ones (quotes, newlines,
control characters, bytes that are not UTF-8). The property:

* the call returns, or raises the module's own error type — never anything else;
* the refusal's message names the file, and where a row is known, the row;
* a refusal writes nothing: every table of the app is as it was.

The joinedup web pages offer no file upload (imports are command-line only), so
there is no upload form to drive. Example counts are bounded for CI time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from joinedup.analysis.instruments import InstrumentError
from joinedup.analysis.network import files as nf
from joinedup.analysis.responses_file import read_responses
from joinedup.analysis.xlsform import load_xlsform
from joinedup.context import imports as context_imports
from joinedup.participation import imports as participation_imports
from joinedup.participation import imports_people
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B
from tests.surveys.conftest import check_version, lsp, make_round  # noqa: F401 (fixtures)

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: CI time
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PLAUSIBLE = [
    PARTNERSHIP_A,
    PARTNERSHIP_B,
    "Westshire County Council",
    "Kestermouth Borough Council",
    "2024-04-01",
    "2025-03-31",
    "2024-13-45",
    "31/12/2024",
    "0",
    "4",
    "4.0",
    "-3",
    "1e309",
    "nan",
    "inf",
    "99999999999999999999999",
    "yes",
    "no",
    "dk",
    "don't know",
    "purpose",
    "ingredient",
    "outcome",
    "consult;involve",
    "inform",
    "statutory",
    "grant",
    "cross_cutting",
    "core_business",
    "officer",
    "a",
    "b",
    "",
    " ",
]
HOSTILE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12
) | st.sampled_from(['"', '""', ",", "\n", "\r\n", "\x00", "=1+1", "\ufeff"])


def table(columns: list[str]) -> st.SearchStrategy[list[list[str]]]:
    """A header mostly made of the importer's columns, then a few rows of cells."""
    names = st.sampled_from([*columns, "extra", "", "Partnership "]) | HOSTILE
    header = st.lists(names, min_size=0, max_size=len(columns) + 2) | st.permutations(columns)
    cell = st.sampled_from(PLAUSIBLE) | HOSTILE
    row = st.lists(cell, min_size=0, max_size=len(columns) + 2)
    return st.builds(lambda h, r: [h, *r], header, st.lists(row, max_size=5))


def csv_bytes(columns: list[str]) -> st.SearchStrategy[bytes]:
    def encode(rows: list[list[str]]) -> bytes:
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8")

    return table(columns).map(encode) | st.binary(max_size=120)


def xlsx_bytes(columns: list[str]) -> st.SearchStrategy[bytes]:
    def encode(rows: list[list[str]]) -> bytes:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for values in rows:
            sheet.append([_sheet_value(v) for v in values])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    return table(columns).map(encode) | st.binary(max_size=120)


def _sheet_value(text: str) -> Any:
    """Numbers as numbers (as a spreadsheet holds them); no characters XML forbids."""
    text = "".join(c for c in text if c.isprintable() or c in "\t\n")
    try:
        return float(text) if text.strip() else text
    except ValueError:
        return text


def counts() -> dict[str, int]:
    """Rows in every table of joinedup's apps."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label.startswith(("registry.", "surveys.", "context.", "participation."))
    }


def imports_or_refuses(
    call: Callable[[Path], Any],
    path: Path,
    error: type[Exception] | tuple,
    db: bool = True,
    other: Path | None = None,
) -> None:
    """Run ``call(path)``: it may succeed; a refusal must be ``error``, name the file
    (or the ``other`` file the call reads) and leave every table unchanged."""
    before = counts() if db else {}
    refusal: Exception | None = None
    try:
        call(path)
    except error as exc:
        refusal = exc
    if refusal is None:
        return
    problems = getattr(refusal, "problems", [])
    text = " ".join([str(refusal), *(str(p) for p in problems)])
    named = [p.name for p in (path, other) if p is not None and p.name in text]
    assert named, f"the refusal does not name the file: {text}"
    for problem in problems:
        row = getattr(problem, "row", getattr(problem, "line", None))
        assert row is None or row >= 0, problem
    if db:
        assert counts() == before, f"a refused file changed the database: {text}"


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


# --- pure readers ------------------------------------------------------------------


@pytest.mark.slow
@FUZZ
@given(content=st.data())
def test_responses_file_reader(content: Any, check_version: Any, tmp_path: Path) -> None:  # noqa: F811
    instrument = check_version.instrument()
    columns = [i.name for i in instrument.scored_items()] + ["group"]
    kind = content.draw(st.sampled_from(["csv", "xlsx"]))
    data = content.draw(csv_bytes(columns) if kind == "csv" else xlsx_bytes(columns))
    path = write(tmp_path, f"returns.{kind}", data)
    imports_or_refuses(
        lambda p: read_responses(p, instrument, group_column="group"),
        path,
        InstrumentError,
        db=False,
    )


@pytest.mark.slow
@FUZZ
@given(
    edges=csv_bytes(["source", "target", "weight", "relation"]),
    nodes=csv_bytes(["id", "name", "sector"]),
    directed=st.booleans(),
    relation=st.sampled_from([None, "a", "b"]),
)
def test_network_files(
    edges: bytes, nodes: bytes, directed: bool, relation: str | None, tmp_path: Path
) -> None:
    edge_path = write(tmp_path, "edges.csv", edges)
    node_path = write(tmp_path, "nodes.csv", nodes)
    imports_or_refuses(nf.read_nodes, node_path, nf.NetworkFileError, db=False)
    imports_or_refuses(nf.read_memberships, edge_path, nf.NetworkFileError, db=False)
    imports_or_refuses(
        lambda p: nf.read_edge_list(
            p, node_path, directed=directed, weight="weight", relation=relation
        ),
        edge_path,
        nf.NetworkFileError,
        db=False,
        other=node_path,
    )


SURVEY_TYPES = [
    "select_one agree",
    "select_multiple kind",
    "select_one nowhere",
    "integer",
    "decimal",
    "text",
    "note",
    "begin_group",
    "end_group",
    "begin group",
    "end group",
    "calculate",
    "geopoint",
    "",
]


@st.composite
def xlsforms(draw: Any) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    sheets = {
        "survey": (
            ["type", "name", "label", "required", "hint", "label::Cymraeg (cy)"],
            st.sampled_from(SURVEY_TYPES),
        ),
        "choices": (["list_name", "name", "label"], st.sampled_from(["agree", "kind", ""])),
        "settings": (["form_id", "version", "form_title", "default_language"], HOSTILE),
    }
    for title, (header, first_cell) in sheets.items():
        if not draw(st.booleans()) and title != "survey":
            continue
        sheet = book.create_sheet(draw(st.sampled_from([title, title.upper(), "other"])))
        sheet.append(draw(st.permutations(header)) if draw(st.booleans()) else header)
        for _ in range(draw(st.integers(0, 5))):
            cells = draw(st.lists(st.sampled_from(["q1", "q2", "1", "x y"]) | HOSTILE, max_size=5))
            sheet.append([_sheet_value(c) for c in [draw(first_cell), *cells]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.slow
@settings(FUZZ, max_examples=20)
@given(content=xlsforms() | st.binary(max_size=200))
def test_xlsform_reader(content: bytes, tmp_path: Path) -> None:
    path = write(tmp_path, "form.xlsx", content)
    imports_or_refuses(load_xlsform, path, InstrumentError, db=False)


# --- importers that write -----------------------------------------------------------

PARTICIPATION = {
    "activities": (participation_imports.import_activities, participation_imports.ACTIVITY_COLUMNS),
    "population": (participation_imports.import_population, ["area", "category", "group", "count"]),
    "indicators": (
        participation_imports.import_indicators,
        participation_imports.INDICATOR_COLUMNS,
    ),
    "profiles": (
        imports_people.import_profiles,
        ["partnership", "activity", "start", "category", "group", "count"],
    ),
    "panel": (imports_people.import_panel, ["partnership", "panel", "activity", "start", "member"]),
}
CONTEXT = {
    "funding": (context_imports.import_funding, list(context_imports.FUNDING_COLUMNS)),
    "measures": (context_imports.import_measures, list(context_imports.MEASURE_COLUMNS)),
}


@pytest.mark.slow
@settings(FUZZ, max_examples=25)
@given(content=st.data())
@pytest.mark.parametrize("kind", sorted(PARTICIPATION))
def test_participation_imports(kind: str, content: Any, demo: dict, tmp_path: Path) -> None:
    call, columns = PARTICIPATION[kind]
    path = write(tmp_path, f"{kind}.csv", content.draw(csv_bytes(columns)))
    imports_or_refuses(call, path, participation_imports.ImportFailed)


@pytest.mark.slow
@settings(FUZZ, max_examples=25)
@given(content=st.data())
@pytest.mark.parametrize("kind", sorted(CONTEXT))
def test_context_imports(kind: str, content: Any, demo: dict, tmp_path: Path) -> None:
    call, columns = CONTEXT[kind]
    path = write(tmp_path, f"{kind}.csv", content.draw(csv_bytes(columns)))
    imports_or_refuses(call, path, context_imports.ImportFailed)


@pytest.fixture
def open_round(lsp: Any, check_version: Any) -> Any:  # noqa: F811
    return make_round(lsp, check_version)


@pytest.mark.slow
@settings(FUZZ, max_examples=20)
@given(content=st.data())
def test_survey_response_import(
    content: Any,
    open_round: Any,
    check_version: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    from joinedup.surveys.importing import import_responses

    round_ = open_round
    columns = ["respondent", "organisation", "group"]
    columns += [i.name for i in check_version.instrument().scored_items()]
    kind = content.draw(st.sampled_from(["csv", "xlsx"]))
    data = content.draw(csv_bytes(columns) if kind == "csv" else xlsx_bytes(columns))
    path = write(tmp_path, f"returns.{kind}", data)
    imports_or_refuses(lambda p: import_responses(round_, p), path, InstrumentError)
