"""KoboToolbox and ODK Central exports read as they come by ``joinedup analyse
scores``: the kind of export said, metadata ignored, labels, ``-99`` and split
select-multiples read, unknown columns refused with the closest question."""

from __future__ import annotations

import json

import pytest

from joinedup.analysis.exports import Kind, read_layout
from joinedup.analysis.forms import load_form
from joinedup.cli import main
from tests.analysis import tool_exports as t

EXPORTS = {
    "kobo-semicolon": (lambda p: t.kobo_csv(p / "kobo.csv"), "a KoboToolbox CSV export"),
    "kobo-comma": (
        lambda p: t.kobo_csv(p / "kobo.csv", delimiter=","),
        "a KoboToolbox CSV export, cells separated by ','",
    ),
    "kobo-labels": (
        lambda p: t.kobo_csv(p / "kobo.csv", labels=True, split="split"),
        "questions' labels as headings",
    ),
    "kobo-no-groups": (
        lambda p: t.kobo_csv(p / "kobo.csv", paths=False, split="underscore"),
        "3 choice columns of select-multiple questions",
    ),
    "kobo-xlsx": (lambda p: t.kobo_xlsx(p / "kobo.xlsx"), "a KoboToolbox XLSX export"),
    "kobo-xlsx-labels": (
        lambda p: t.kobo_xlsx(p / "kobo.xlsx", labels=True),
        "a KoboToolbox XLSX export, questions' labels",
    ),
    "odk-central": (
        lambda p: t.odk_central_csv(p / "central.csv"),
        "an ODK Central CSV export, cells separated by ','",
    ),
    "joinedup": (lambda p: t.joinedup_csv(p / "plain.csv"), "a joinedup responses file"),
}


@pytest.fixture
def form(tmp_path):
    return t.write_form(tmp_path / "form.xlsx")


def scores(capsys, form, path, *more):
    code = main(["analyse", "scores", "--form", str(form), "--responses", str(path), *more])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", EXPORTS)
def test_every_export_scores_the_same(kind, form, tmp_path, capsys):
    make, said = EXPORTS[kind]
    code, out, err = scores(capsys, form, make(tmp_path), "--json", "--group-column", "group")
    assert code == 0, err
    assert said in err
    data = json.loads(out)
    assert data["respondents"] == 10
    items = {i["item"]: i for i in data["items"]}
    for name, mean in t.expected_means().items():
        assert items[name]["mean"] == pytest.approx(mean), name
        share = t.dont_know_share(name)
        assert items[name]["dont_know_share"] == pytest.approx(share), name
    groups = {"officer", "board_member", "voluntary_sector"}
    if "labels" in kind:
        groups = {"Officer", "Board member", "Voluntary sector"}
    if kind == "joinedup":
        groups = {"officer", "board member", "voluntary sector"}
    assert set(data["groups"]) == groups


def test_metadata_is_listed_as_ignored(form, tmp_path, capsys):
    code, _out, err = scores(capsys, form, t.kobo_csv(tmp_path / "kobo.csv"), "--json")
    assert code == 0
    assert "respondent key from _uuid" in err
    assert (
        "ignored 16 columns (start, end, today, deviceid, purpose/hc_purpose_themes/health" in err
    )


def test_a_misspelt_column_is_refused_then_ignored_on_request(form, tmp_path, capsys):
    wrong = {"purpose/hc_purpose_shared": "purpose/hc_purpose_shard"}
    path = t.kobo_csv(tmp_path / "kobo.csv", rename=wrong)
    code, out, err = scores(capsys, form, path, "--json")
    assert code == 1
    assert out == ""
    assert (
        f"[responses.unknown-column] {path}, row 1, column purpose/hc_purpose_shard: "
        "'purpose/hc_purpose_shard' (column G) is not a question of partnership_check; "
        "did you mean hc_purpose_shared?" in err
    )
    code, out, err = scores(
        capsys, form, path, "--json", "--ignore-column", "purpose/hc_purpose_shard"
    )
    assert code == 0, err
    assert "purpose/hc_purpose_shard" in err.split("ignored", 1)[1]
    assert "no column (unanswered) for hc_purpose_shared" in err
    items = {i["item"]: i for i in json.loads(out)["items"]}
    assert items["hc_purpose_plan"]["mean"] == pytest.approx(t.expected_means()["hc_purpose_plan"])
    assert items["hc_purpose_shared"]["n"]["suppressed"] is True


def test_a_required_question_needs_its_column(form, tmp_path, capsys):
    wrong = {"purpose/hc_purpose_plan": "purpose/hc_plan_agreed"}
    path = t.kobo_csv(tmp_path / "kobo.csv", rename=wrong)
    code, _out, err = scores(capsys, form, path, "--ignore-column", "purpose/hc_plan_agreed")
    assert code == 1
    assert "no column for required item(s) hc_purpose_plan" in err


def test_bad_cells_name_row_and_heading(form, tmp_path, capsys):
    path = t.kobo_csv(tmp_path / "kobo.csv", delimiter=",", split="split")
    text = path.read_text(encoding="utf-8").splitlines()
    row = text[3].split(",")
    row[7] = '"7"'  # hc_purpose_plan of the third respondent (row 4)
    row[8] = '"2"'  # a split select-multiple cell that is neither 0 nor 1
    text[3] = ",".join(row)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    code, _out, err = scores(capsys, form, path)
    assert code == 1
    assert "row 4, column purpose/hc_purpose_plan: '7' is not a value of the scale" in err
    assert "Traceback" not in err


def test_layouts_are_told_apart(form):
    instrument = load_form(form)
    kobo = read_layout(["_uuid", "purpose/hc_purpose_plan"], instrument)
    assert kobo.kind == Kind.KOBO_CSV
    assert read_layout(["_uuid", "hc_purpose_plan"], instrument, workbook=True).kind == (
        Kind.KOBO_XLSX
    )
    central = read_layout(["SubmissionDate", "purpose-hc_purpose_plan", "KEY"], instrument)
    assert central.kind == Kind.ODK_CENTRAL
    assert central.identity["respondent"] == 2
    plain = read_layout(["respondent", "Partners share the same aims."], instrument)
    assert plain.kind == Kind.JOINEDUP
    assert plain.labels
    assert plain.items["hc_purpose_shared"].index == 1
    assert plain.required == ["hc_purpose_plan"]
