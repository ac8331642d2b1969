"""The instrument, round and responses commands."""

from __future__ import annotations

import yaml

from joinedup.cli import main
from joinedup.surveys.models import InstrumentVersion, Response
from tests.surveys.conftest import CHECK, make_round


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_instrument_list_shows_the_library(db, capsys):
    code, out, _err = run(capsys, "instrument", "list")
    assert code == 0
    for key in (
        "health-check",
        "barriers",
        "dynamics",
        "governance",
        "governance-modes",
        "network",
    ):
        assert key in out


def test_import_yaml_then_refuse_a_changed_used_version(lsp, tmp_path, capsys):
    path = tmp_path / "check.yaml"
    path.write_text(yaml.safe_dump(CHECK), encoding="utf-8")
    code, out, _err = run(capsys, "instrument", "import", str(path))
    assert (code, out.strip()) == (0, "Stored mini-check version 1: A short health check.")
    make_round(lsp, InstrumentVersion.objects.get(key="mini-check"))
    changed = {**CHECK, "title": "A renamed check"}
    path.write_text(yaml.safe_dump(changed), encoding="utf-8")
    code, _out, err = run(capsys, "instrument", "import", str(path))
    assert code == 1
    assert "instrument.version-used" in err
    assert "Traceback" not in err
    assert InstrumentVersion.objects.get(key="mini-check").title == "A short health check"


def test_malformed_yaml_is_one_line_per_problem(db, tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text(
        "id: broken\ndimensions:\n  - name: x\n    items: [{name: a, scale: nope, label: A}]\n"
    )
    code, _out, err = run(capsys, "instrument", "import", str(path))
    assert code == 1
    assert err.startswith("joinedup: [instrument.")
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert "column title: Field required" in lines[0]
    assert "column dimensions.0.label: Field required" in lines[1]
    assert not InstrumentVersion.objects.filter(key="broken").exists()


def test_export_and_reimport_a_builtin(db, tmp_path, capsys):
    target = tmp_path / "network.xlsx"
    code, out, _err = run(capsys, "instrument", "export", "network", "-o", str(target))
    assert code == 0
    assert target.exists()
    code, out, _err = run(capsys, "instrument", "import", str(target))
    assert code == 0
    assert "network version 2" in out


def test_round_list_and_responses_import(lsp, check_version, tmp_path, capsys):
    round_ = make_round(lsp, check_version)
    path = tmp_path / "returns.csv"
    path.write_text(
        "respondent,organisation,group,hc_shared_aims\n"
        "P1,Kestermouth Borough Council,officer,4\n"
        "P2,Kestermouth College,officer,9\n",
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "responses", "import", "--round", str(round_.pk), str(path))
    assert code == 1
    assert "row 3, column hc_shared_aims: '9' is not on the scale" in err
    assert not Response.objects.exists()
    path.write_text(path.read_text().replace(",9", ",2"), encoding="utf-8")
    code, out, _err = run(capsys, "responses", "import", "--round", str(round_.pk), str(path))
    assert (code, out.strip().splitlines()) == (
        0,
        [
            "Read as a joinedup responses file, cells separated by ',', question names: "
            "1 question column; no column (unanswered) for hc_purpose_kind, hc_reports_back, "
            "hc_comment.",
            f"Imported 2 responses into round {round_.pk}.",
        ],
    )
    code, out, _err = run(capsys, "round", "list")
    assert "2/0 submitted" not in out
    assert "mini-check v1 · autumn 2026 · open" in out
    code, _out, err = run(capsys, "responses", "import", "--round", "999999", str(path))
    assert (code, err.strip()) == (
        1,
        "joinedup: there is no round 999999 (see `joinedup round list`)",
    )


def test_malformed_xlsform_is_refused_with_row_and_column(db, tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "relevant"])
    survey.append(["begin group", "purpose", "Purpose", ""])
    survey.append(["select_one agree", "aims", "We share aims", ""])
    survey.append(["select_one agree", "why", "Why?", "${aim} > 3"])  # no question "aim"
    survey.append(["end group", "", "", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for value in range(1, 6):
        choices.append(["agree", value, f"point {value}"])
    path = tmp_path / "form.xlsx"
    book.save(path)
    code, _out, err = run(capsys, "instrument", "import", str(path))
    assert code == 1
    assert "survey" in err
    assert "row 4" in err
    assert "column relevant [D]" in err
    assert "xlsform.bad-expression" in err
    assert "Traceback" not in err
    assert not InstrumentVersion.objects.exists()


def test_phone_only_cells_import_with_a_warning(db, tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "appearance"])
    survey.append(["text", "org_code", "Your organisation's code", "ex:org.example.scan"])
    path = tmp_path / "scan.xlsx"
    book.save(path)
    code, out, _err = run(capsys, "instrument", "import", str(path))
    assert code == 0
    assert "warning: [xlsform.phone-only] scan.xlsx, survey, row 2, column appearance [D]" in out
    assert InstrumentVersion.objects.filter(key="scan").exists()
