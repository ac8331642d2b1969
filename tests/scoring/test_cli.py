"""``joinedup analyse scores`` and ``reliability`` on files built in the test."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from openpyxl import Workbook

from joinedup.cli import main

ITEMS = [f"q{i}" for i in range(1, 11)]


def xlsform(path):
    """A 10-item XLSForm: two groups (the dimensions) of five 1–5 agreement items."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    for group, names in (("trust", ITEMS[:5]), ("purpose", ITEMS[5:])):
        survey.append(["begin_group", group, group.title()])
        for name in names:
            survey.append(["select_one agree", name, f"Statement {name}"])
        survey.append(["end_group", "", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for value, label in enumerate(
        ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"], 1
    ):
        choices.append(["agree", str(value), label])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id"])
    settings.append(["Ten statements", "ten_statements"])
    book.save(path)


def responses(n: int, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    data = np.clip(np.rint(3 + trait + rng.normal(0, 1, size=(n, 10))), 1, 5)
    frame = pd.DataFrame(data.astype(int), columns=ITEMS).astype(object)
    frame.iloc[2, 3] = ""  # a skipped answer
    frame["group"] = ["board", "staff", "residents"] * (n // 3) + ["board"] * (n % 3)
    return frame


@pytest.fixture
def form(tmp_path):
    path = tmp_path / "ten.xlsx"
    xlsform(path)
    return path


def test_reliability_json_matches_pingouin(form, tmp_path, capsys):
    frame = responses(30)
    csv = tmp_path / "answers.csv"
    frame.to_csv(csv, index=False)
    assert (
        main(["analyse", "reliability", "--form", str(form), "--responses", str(csv), "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    numeric = frame[ITEMS].replace("", np.nan).astype(float)
    for dim, names in zip(out["dimensions"], (ITEMS[:5], ITEMS[5:]), strict=True):
        assert dim["items"] == names
        assert dim["n"] == 30
        alpha, ci = pg.cronbach_alpha(data=numeric[names], nan_policy="pairwise")
        assert dim["alpha"] == pytest.approx(alpha, abs=1e-6)
        assert dim["alpha_ci"] == pytest.approx(list(ci), abs=5e-4)
    assert [d["dimension"] for d in out["dimensions"]] == ["trust", "purpose"]


def test_reliability_suppressed_below_k(form, tmp_path, capsys):
    xlsx = tmp_path / "few.xlsx"
    responses(4).to_excel(xlsx, index=False)
    assert (
        main(["analyse", "reliability", "--form", str(form), "--responses", str(xlsx), "--json"])
        == 0
    )
    dim = json.loads(capsys.readouterr().out)["dimensions"][0]
    assert dim["n"] == {"suppressed": True, "reason": "fewer than 5 answers"}
    assert dim["alpha"]["suppressed"] is True


def test_scores_table_and_groups(form, tmp_path, capsys):
    csv = tmp_path / "answers.csv"
    responses(30).to_csv(csv, index=False)
    args = ["analyse", "scores", "--form", str(form), "--responses", str(csv)]
    assert main([*args, "--group-column", "group"]) == 0
    text = capsys.readouterr().out
    assert "rwg(J)" in text
    assert "Stakeholder groups" in text
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["respondents"] == 30
    assert {d["dimension"] for d in data["dimensions"]} == {"trust", "purpose"}


def test_bad_responses_name_row_and_column(form, tmp_path, capsys):
    csv = tmp_path / "bad.csv"
    frame = responses(6)
    frame.iloc[1, 0] = "often"
    frame.iloc[3, 4] = 7
    frame.to_csv(csv, index=False)
    assert main(["analyse", "scores", "--form", str(form), "--responses", str(csv)]) == 1
    err = capsys.readouterr().err
    assert "row 3, column q1" in err
    assert "'often' is not a number" in err
    assert "row 5, column q5" in err
    assert "Traceback" not in err


def test_missing_columns_and_k_floor(form, tmp_path, capsys):
    csv = tmp_path / "short.csv"
    responses(6).drop(columns=["q9", "q10"]).to_csv(csv, index=False)
    # the form's questions are optional: a file without their columns left them unanswered
    assert main(["analyse", "reliability", "--form", str(form), "--responses", str(csv)]) == 0
    assert "no column (unanswered) for q9, q10" in capsys.readouterr().err
    full = tmp_path / "full.csv"
    responses(6).to_csv(full, index=False)
    args = ["analyse", "scores", "--form", str(form), "--responses", str(full)]
    assert main([*args, "--min-respondents", "2"]) == 1
    assert "below the floor of 3" in capsys.readouterr().err
