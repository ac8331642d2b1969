"""KoboToolbox and ODK Central exports imported into a round unchanged by
``joinedup responses import``: the kind said, respondents keyed by the tool's
submission id, organisations and groups read from the form's choices, ``-99`` as
don't know, split select-multiples joined, unknown columns refused."""

from __future__ import annotations

from collections import Counter

import pytest

from joinedup.analysis.scoring import score_round
from joinedup.cli import main
from joinedup.registry.models import Organisation
from joinedup.surveys.extract import round_answers
from joinedup.surveys.library import import_instrument_file
from joinedup.surveys.models import Answer, Response
from tests.analysis import tool_exports as t
from tests.surveys.conftest import make_round

EXPORTS = {
    "kobo-semicolon": lambda p: t.kobo_csv(p / "kobo.csv"),
    "kobo-comma-split": lambda p: t.kobo_csv(p / "kobo.csv", delimiter=",", split="split"),
    "kobo-labels": lambda p: t.kobo_csv(p / "kobo.csv", labels=True, split="split"),
    "kobo-xlsx-no-groups": lambda p: t.kobo_xlsx(p / "kobo.xlsx", paths=False),
    "odk-central": lambda p: t.odk_central_csv(p / "central.csv"),
}


@pytest.fixture
def round_(lsp, tmp_path):
    version = import_instrument_file(t.write_form(tmp_path / "form.xlsx"))
    return make_round(lsp, version)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def imported(capsys, round_, path, *more):
    return run(capsys, "responses", "import", "--round", str(round_.pk), *more, str(path))


@pytest.mark.parametrize("kind", EXPORTS)
def test_exports_import_unchanged_and_score(kind, round_, tmp_path, capsys):
    code, out, err = imported(capsys, round_, EXPORTS[kind](tmp_path))
    assert code == 0, err
    assert "Read as a" in out
    assert "Imported 10 responses" in out
    answers = round_answers(round_.pk)
    result = score_round(round_.instrument.instrument(), answers, k=5)
    items = {i.item: i for i in result.items}
    for name, mean in t.expected_means().items():
        assert items[name].mean == pytest.approx(mean), name
        assert items[name].dont_know_share == pytest.approx(t.dont_know_share(name)), name
    themes = sorted(a.text for a in answers if a.item == "hc_purpose_themes")
    assert themes == sorted(
        str(a["hc_purpose_themes"]) for a in t.ANSWERS if a["hc_purpose_themes"]
    )
    comments = {a.text for a in answers if a.item == "hc_comment"}
    assert "More notice, please; we volunteer" in comments
    groups = Counter(Response.objects.filter(round=round_).values_list("group", flat=True))
    assert groups == {"voluntary sector": 4, "officer": 3, "board member": 3}
    council = Organisation.objects.get(name=t.ORGS["council"])
    assert Response.objects.filter(round=round_, organisation=council).count() == 3
    keys = set(Response.objects.filter(round=round_).values_list("respondent_key", flat=True))
    assert all(k.startswith(("3f2b", "uuid:9a1c")) for k in keys)
    assert not {"organisation", "group"} & {a.item for a in answers}


def test_a_later_export_of_the_same_form_adds_nobody_twice(round_, tmp_path, capsys):
    assert imported(capsys, round_, t.kobo_csv(tmp_path / "kobo.csv"))[0] == 0
    code, out, _err = imported(capsys, round_, t.kobo_xlsx(tmp_path / "kobo.xlsx"))
    assert code == 0
    assert "Imported 0 responses" in out
    assert "Skipped 10 respondents already in the round" in out
    assert Response.objects.filter(round=round_).count() == 10


def test_a_misspelt_column_writes_nothing_until_ignored(round_, tmp_path, capsys):
    wrong = {"purpose/hc_purpose_shared": "purpose/hc_purpose_shard"}
    path = t.kobo_csv(tmp_path / "kobo.csv", rename=wrong)
    code, _out, err = imported(capsys, round_, path)
    assert code == 1
    assert "column purpose/hc_purpose_shard" in err
    assert "did you mean hc_purpose_shared?" in err
    assert not Response.objects.exists()
    code, out, err = imported(capsys, round_, path, "--ignore-column", "purpose/hc_purpose_shard")
    assert code == 0, err
    assert "no column (unanswered) for hc_purpose_shared" in out
    assert not Answer.objects.filter(item="hc_purpose_shared").exists()
    assert Answer.objects.filter(item="hc_purpose_plan").count() == 10


def test_bad_cells_name_row_and_heading_and_nothing_is_written(round_, tmp_path, capsys):
    path = t.kobo_csv(tmp_path / "kobo.csv", delimiter=",", split="split")
    lines = path.read_text(encoding="utf-8").splitlines()
    row = lines[3].split(",")
    row[5] = '"chair"'  # not a group of the round, nor a choice of the form's roles
    row[7] = '"Mostly"'  # hc_purpose_plan: not a value nor a label of the scale
    row[8] = '"yes please"'  # a split select-multiple cell: neither 1 nor 0
    lines[3] = ",".join(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _out, err = imported(capsys, round_, path)
    assert code == 1
    assert "row 4, column about/group: 'chair' is not a group of this round" in err
    assert "row 4, column purpose/hc_purpose_plan: 'Mostly' is not on the scale" in err
    assert (
        "row 4, column purpose/hc_purpose_themes/health: 'yes please' is neither 1 (chosen) "
        "nor 0 (not chosen)" in err
    )
    assert not Response.objects.exists()
