"""The response-level export for evaluators: what it holds, that it re-reads with
the same values in every format, that its codebook validates as a Frictionless
Data Package, and that its anonymisation stands up to an attacker.

Runs on SQLite and, with ``JOINEDUP_DATABASE_URL`` set, on PostgreSQL.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat
import pytest

from joinedup.reports.responses_export import ExportError, Scope, export_responses
from tests.reports import export_world

QUASI = ["group", "sector", "tier", "role"]


def _data_files(folder: Path, suffix: str) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.name.startswith(("responses-", "answers-")) and p.suffix == suffix
    )


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, keep_default_na=True)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".sav":
        return pyreadstat.read_sav(str(path), user_missing=True)[0]
    return pyreadstat.read_dta(str(path), user_missing=True)[0]


def _db_rows(round_ids: list[int], items: list[str]) -> Counter[tuple[Any, ...]]:
    """Each submitted response of the rounds as (round, value per item), "don't
    know" as -9 and unanswered as None, read straight from the models."""
    from joinedup.surveys.models import Answer, Response

    rows: Counter[tuple[Any, ...]] = Counter()
    for resp in Response.objects.filter(round_id__in=round_ids, submitted__isnull=False):
        got = {a.item: a for a in Answer.objects.filter(response=resp)}
        values = []
        for item in items:
            a = got.get(item)
            if a is None:
                values.append(None)
            elif a.dont_know:
                values.append(-9.0)
            elif a.value is not None:
                values.append(float(a.value))
            else:
                values.append(a.text or None)
        rows[(resp.round_id, *values)] += 1
    return rows


def _file_rows(frame: pd.DataFrame, items: list[str]) -> Counter[tuple[Any, ...]]:
    rows: Counter[tuple[Any, ...]] = Counter()
    for record in frame.to_dict("records"):
        values = []
        for item in items:
            v = record[item]
            if v is None or (isinstance(v, float) and v != v) or v == "":
                values.append(None)
            elif v == "a":  # Stata's extended missing .a: don't know
                values.append(-9.0)
            elif isinstance(v, str):
                values.append(v)
            else:
                values.append(float(v))
        rows[(int(record["round"]), *values)] += 1
    return rows


def _tuples(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    return [tuple(map(str, r)) for r in frame.astype(object).fillna("").to_numpy().tolist()]


def _k_anonymous(frame: pd.DataFrame, k: int) -> bool:
    return all(n >= k for n in Counter(_tuples(frame[["round", *QUASI]])).values())


def _rows(frame: pd.DataFrame) -> Counter[tuple[str, ...]]:
    """The rows without their pseudonym."""
    return Counter(_tuples(frame.drop(columns="respondent")))


@pytest.fixture
def world(db):
    return export_world.build()


def test_demo_export_validates_and_rereads_with_the_same_values(demo, tmp_path):
    from frictionless import validate

    from joinedup.surveys.extract import export_rounds

    result = export_responses(Scope(national=True), tmp_path / "csv")
    report = validate(str(tmp_path / "csv" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = json.loads((tmp_path / "csv" / "datapackage.json").read_text())
    assert result.rounds_released == len(export_rounds())
    assert result.respondents > 300
    for resource in package["resources"]:
        if resource["name"] in ("items", "rounds"):
            continue
        frame = _read(tmp_path / "csv" / resource["path"])
        items = [f["name"] for f in resource["schema"]["fields"] if "joinedup:item" in f]
        rounds = sorted(frame["round"].unique().tolist())
        assert _file_rows(frame, items) == _db_rows(rounds, items)
        assert _k_anonymous(frame, 5)
        assert frame["respondent"].str.fullmatch(r"R[0-9a-f]{16}").all()
    # The codebook: titles, scale ends, labels, reverse scoring, dimensions, version.
    field = next(
        f
        for r in package["resources"]
        for f in r["schema"].get("fields", [])
        if "joinedup:scale" in f
    )
    assert field["title"]
    assert field["joinedup:dimension"]
    assert "joinedup:reverse" in field
    assert field["constraints"] == {"minimum": 1, "maximum": 5}
    assert field["categories"][0] == {"value": 1, "label": "Strongly disagree"}
    versions = {(i["id"], i["version"]) for i in package["joinedup:instruments"]}
    assert ("health-check", 2) in versions
    assert package["joinedup:free_text"] == "left out"


@pytest.mark.parametrize("fmt", ["parquet", "sav", "dta"])
def test_every_format_rereads_with_the_same_values(world, tmp_path, fmt):
    board = world["partnership"]
    export_responses(Scope(partnership_id=board.pk), tmp_path / fmt, fmt=fmt)
    (path,) = _data_files(tmp_path / fmt, f".{fmt}")
    frame = _read(path)
    items = ["a1", "a2", "kind", "years"]
    spring, autumn = world["rounds"]["spring"].pk, world["rounds"]["autumn"].pk
    assert _file_rows(frame, items) == _db_rows([spring, autumn], items)
    if fmt == "sav":
        _, meta = pyreadstat.read_sav(str(path), metadataonly=True, user_missing=True)
        assert meta.missing_ranges["a1"] == [{"lo": -9.0, "hi": -9.0}]
        assert meta.variable_value_labels["a1"][-9.0] == "Don't know"
        assert meta.column_names_to_labels["a1"] == "Partners keep their word."
    if fmt == "dta":
        assert (frame["a1"] == "a").sum() == 2  # one "don't know" in each round


def test_parquet_package_validates(world, tmp_path):
    from frictionless import validate

    export_responses(
        Scope(partnership_id=world["partnership"].pk), tmp_path / "p", fmt="parquet", long=True
    )
    report = validate(str(tmp_path / "p" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_a_lone_sector_member_is_coarsened_and_a_small_round_left_out(world, tmp_path):
    result = export_responses(Scope(partnership_id=world["partnership"].pk), tmp_path / "x")
    frame = _read(_data_files(tmp_path / "x", ".csv")[0])
    assert result.rounds_left_out == 1  # the round of three
    assert set(frame["round"]) == {world["rounds"]["spring"].pk, world["rounds"]["autumn"].pk}
    assert "private" not in set(frame["sector"].dropna())
    assert "business" not in set(frame["group"].dropna())
    assert "lead" not in set(frame["role"].dropna())  # the council's three are too few
    assert _k_anonymous(frame, 5)
    coarsening = json.loads((tmp_path / "x" / "datapackage.json").read_text())[
        "joinedup:coarsening"
    ]
    assert coarsening["rounds_left_out"] == 1
    touched = {
        c
        for c, w in coarsening["columns"].items()
        if w["merged_into_other"] or w["blanked_in_rounds"]
    }
    assert "sector" in touched
    assert "group" in touched
    readme = (tmp_path / "x" / "README.txt").read_text()
    assert "left out because fewer than k=5" in readme


def test_the_same_person_keeps_one_pseudonym_across_rounds_of_one_export(world, tmp_path):
    export_responses(Scope(partnership_id=world["partnership"].pk), tmp_path / "x", k=3)
    frame = _read(_data_files(tmp_path / "x", ".csv")[0])
    per = frame.groupby("respondent")["round"].nunique()
    assert (per == 2).sum() >= 3  # linked where k people share the same coarse history


def test_pseudonyms_differ_between_exports_and_cannot_be_joined(world, tmp_path):
    scope = Scope(partnership_id=world["partnership"].pk)
    export_responses(scope, tmp_path / "one")
    export_responses(scope, tmp_path / "two")
    one = _read(_data_files(tmp_path / "one", ".csv")[0])
    two = _read(_data_files(tmp_path / "two", ".csv")[0])
    assert set(one["respondent"]).isdisjoint(set(two["respondent"]))
    # The rows are the same apart from the pseudonym.
    assert _rows(one) == _rows(two)


def test_subtracting_two_exports_a_week_apart_reveals_no_one(world, tmp_path, time_machine):
    """An attacker downloads the partnership's data, waits a week while another
    round closes and people answer the open one, downloads again and subtracts."""
    board = world["partnership"]
    scope = Scope(partnership_id=board.pk)
    export_responses(scope, tmp_path / "before")
    time_machine.move_to(world["rounds"]["open"].closes + __import__("datetime").timedelta(days=7))
    export_responses(scope, tmp_path / "after")
    before = _read(_data_files(tmp_path / "before", ".csv")[0])
    after = _read(_data_files(tmp_path / "after", ".csv")[0])
    # The open round (now closed) has six respondents: it joins as a block that is
    # itself k-anonymous; the older rounds come back with exactly the same rows.
    new = _rows(after) - _rows(before)
    assert _rows(before) - _rows(after) == Counter()
    assert {int(r[0]) for r in new} == {world["rounds"]["open"].pk}
    added = after[after["round"] == world["rounds"]["open"].pk]
    assert len(added) == 6
    assert _k_anonymous(added, 5)
    assert set(before["respondent"]).isdisjoint(set(after["respondent"]))


def test_open_rounds_and_free_text_stay_out_unless_asked(world, tmp_path):
    export_responses(Scope(partnership_id=world["partnership"].pk), tmp_path / "plain")
    plain = _read(_data_files(tmp_path / "plain", ".csv")[0])
    assert "says" not in plain.columns
    assert world["rounds"]["open"].pk not in set(plain["round"])
    export_responses(
        Scope(partnership_id=world["partnership"].pk), tmp_path / "text", include_text=True
    )
    text = _read(_data_files(tmp_path / "text", ".csv")[0])
    assert text["says"].str.startswith("I am").all()
    package = json.loads((tmp_path / "text" / "datapackage.json").read_text())
    field = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "says")
    assert field["joinedup:review_required"] is True
    assert "NOT reviewed" in (tmp_path / "text" / "README.txt").read_text()


def test_long_form_has_one_row_per_answer(world, tmp_path):
    export_responses(Scope(round_id=world["rounds"]["spring"].pk), tmp_path / "long", long=True)
    frame = _read(_data_files(tmp_path / "long", ".csv")[0])
    assert len(frame) == 8 * 4 - 1  # eight people, four items, one unanswered
    assert (frame.loc[frame["item"] == "a1", "value"] == -9).sum() == 1
    assert set(frame.loc[frame["item"] == "kind", "choice"]) == {"outcome", "process"}
    assert frame.groupby("respondent").size().max() == 4


def test_refusals_name_the_problem(world, tmp_path):
    with pytest.raises(ExportError, match="has not closed"):
        export_responses(Scope(round_id=world["rounds"]["open"].pk), tmp_path / "a")
    with pytest.raises(ExportError, match="wide form only"):
        export_responses(Scope(national=True), tmp_path / "b", fmt="sav", long=True)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x").write_text("x")
    with pytest.raises(ExportError, match="not empty"):
        export_responses(Scope(national=True), tmp_path / "c")


def test_every_export_is_audited(world, tmp_path):
    from joinedup.audit.models import AuditEvent

    export_responses(Scope(partnership_id=world["partnership"].pk), tmp_path / "x", fmt="parquet")
    event = AuditEvent.objects.get(action="export.responses")
    assert event.partnership == world["partnership"]
    assert "parquet" in event.summary
    assert "2 rounds" in event.summary


def test_the_command_writes_the_folder(world, tmp_path, capsys):
    from joinedup.cli import main

    code = main(
        [
            "export",
            "responses",
            "--partnership",
            str(world["partnership"].pk),
            "--format",
            "dta",
            "--out",
            str(tmp_path / "cli"),
        ]
    )
    assert code == 0
    assert "Wrote 16 rows" in capsys.readouterr().out
    assert (tmp_path / "cli" / "datapackage.json").exists()


@pytest.mark.django_db
def test_a_comment_the_coordinator_hid_never_leaves_in_an_export(demo, tmp_path):
    """The demo's coordinator hid one comment (it names an organisation): with free
    text asked for, every other comment of that round is in the files and that one
    is not, in either form."""
    from joinedup.surveys.models import Answer, HiddenComment

    hidden = HiddenComment.objects.select_related("answer__response__round").get()
    round_ = hidden.answer.response.round
    shown = (
        Answer.objects.filter(response__round=round_, item=hidden.answer.item, hidden__isnull=True)
        .exclude(text="")
        .values_list("text", flat=True)
    )
    assert shown
    scope = Scope(partnership_id=round_.partnership_id)
    for name, long in (("wide", False), ("long", True)):
        export_responses(scope, tmp_path / name, include_text=True, long=long)
        files = "".join(p.read_text() for p in (tmp_path / name).rglob("*.csv"))
        assert hidden.answer.text not in files, name
        assert all(text in files for text in shown), name
