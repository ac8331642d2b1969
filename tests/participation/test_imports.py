"""CSV imports: good files, bad files (row + column, nothing written), re-imports."""

from __future__ import annotations

import textwrap

import pytest

from joinedup.participation import imports
from joinedup.participation import models as m
from joinedup.registry.models import Basis, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def lsp():
    return Partnership.objects.create(
        name="Lowtown Partnership", basis=Basis.VOLUNTARY, start_date="2020-01-01"
    )


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


ACTIVITIES = """\
    partnership,title,role,methods,declared_depth,area,target_groups,topic,start,end,participants,feedback_due
    Lowtown Partnership,Estate walkabout,purpose,public_meeting;online,consult,Northfield,tenants;older people,safety,2025-06-01,2025-06-10,40,2025-08-31
    Lowtown Partnership,Youth forum,outcome,neighbourhood_forum,involve,Eastgate,young people,youth,2025-07-01,2025-07-01,12,
"""  # noqa: E501


def test_activities_import_and_reimport(tmp_path, lsp):
    path = write(tmp_path, "activities.csv", ACTIVITIES)
    assert imports.import_activities(path) == 2
    walk = m.Activity.objects.get(title="Estate walkabout")
    assert walk.methods == ["public_meeting", "online"]
    assert walk.target_groups == ["tenants", "older people"]
    assert str(walk.feedback_due) == "2025-08-31"
    imports.import_activities(path)
    assert m.Activity.objects.count() == 2


def test_bad_activity_rows_name_row_and_column_and_write_nothing(tmp_path, lsp):
    bad = ACTIVITIES.replace("consult,Northfield", "chat,Northfield").replace(
        "2025-07-01,2025-07-01", "2025-07-01,2025-06-01"
    )
    bad += "    Nowhere,Fair,outcome,online,inform,Harbour,all,fair,2025-13-01,2025-12-01,x\n"
    with pytest.raises(imports.ImportFailed) as err:
        imports.import_activities(write(tmp_path, "bad.csv", bad))
    found = {(p.row, p.column) for p in err.value.problems}
    assert {
        (2, "declared_depth"),
        (3, "end"),
        (4, "partnership"),
        (4, "start"),
        (4, "participants"),
    } <= found
    assert "bad.csv, row 2, column 'declared_depth'" in str(err.value)
    assert m.Activity.objects.count() == 0


def test_missing_column_is_reported_on_the_header_row(tmp_path, lsp):
    path = write(tmp_path, "a.csv", "partnership,title\nLowtown Partnership,x\n")
    with pytest.raises(imports.ImportFailed) as err:
        imports.import_activities(path)
    assert err.value.problems[0].row == 1
    assert err.value.problems[0].column == "role"


def test_population_import(tmp_path):
    text = """\
        area,category,group,count
        Northfield,sex,female,3960
        Northfield,sex,male,3840
    """
    path = write(tmp_path, "pop.csv", text)
    assert imports.import_population(path) == 2
    assert imports.import_population(path) == 2
    assert m.PopulationCount.objects.count() == 2
    bad = write(tmp_path, "pop2.csv", text + "    Northfield,sex,female,-3\n    Harbour,,male,10\n")
    with pytest.raises(imports.ImportFailed) as err:
        imports.import_population(bad)
    found = {(p.row, p.column) for p in err.value.problems}
    assert found == {(4, "count"), (4, "group"), (5, "category")}
    assert m.PopulationCount.objects.get(group="female").count == 3960


def test_indicator_import_creates_the_indicator_once(tmp_path, lsp):
    text = """\
        partnership,indicator,kind,defined_by,unit,target,direction,date,value
        Lowtown Partnership,Fly-tipping reports,outcome,community,reports a month,10,down,2024-03-31,24
        Lowtown Partnership,Fly-tipping reports,,,,,,2025-03-31,18
    """  # noqa: E501
    path = write(tmp_path, "ind.csv", text)
    assert imports.import_indicators(path) == 2
    indicator = m.Indicator.objects.get()
    assert (indicator.kind, indicator.defined_by, indicator.direction, indicator.target) == (
        "outcome",
        "community",
        "down",
        10,
    )
    assert list(indicator.observations.values_list("value", flat=True)) == [24, 18]
    imports.import_indicators(path)
    assert m.IndicatorObservation.objects.count() == 2


def test_indicator_import_errors(tmp_path, lsp):
    text = """\
        partnership,indicator,kind,defined_by,unit,date,value
        Lowtown Partnership,New thing,impact,,%,2025-03-31,ten
    """
    with pytest.raises(imports.ImportFailed) as err:
        imports.import_indicators(write(tmp_path, "ind.csv", text))
    found = {(p.row, p.column) for p in err.value.problems}
    assert found == {(2, "kind"), (2, "defined_by"), (2, "value")}
    assert not m.Indicator.objects.exists()


def test_cli_reports_problems_without_traceback(tmp_path, lsp, capsys):
    from joinedup.cli import main

    path = write(tmp_path, "pop.csv", "area,category,group,count\nNorthfield,sex,female,many\n")
    assert main(["participation", "import-population", str(path)]) == 1
    err = capsys.readouterr().err
    assert "pop.csv, row 2, column 'count'" in err
    assert "nothing was imported" in err
    assert "Traceback" not in err
    good = write(tmp_path, "ok.csv", "area,category,group,count\nNorthfield,sex,female,10\n")
    assert main(["participation", "import-population", str(good)]) == 0
    assert "1 row(s) imported" in capsys.readouterr().out
