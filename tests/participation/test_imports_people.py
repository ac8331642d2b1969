"""Participant profiles and panel invitations: aggregates and hashes only."""

from __future__ import annotations

import textwrap

import pytest

from joinedup.participation import imports, imports_people
from joinedup.participation import models as m
from joinedup.registry.models import Basis, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def walkabout():
    lsp = Partnership.objects.create(
        name="Lowtown Partnership", basis=Basis.VOLUNTARY, start_date="2020-01-01"
    )
    return m.Activity.objects.create(
        partnership=lsp,
        title="Estate walkabout",
        role="purpose",
        methods=["public_meeting"],
        declared_depth="consult",
        area="Northfield",
        start="2025-06-01",
        end="2025-06-10",
    )


def write(tmp_path, text):
    path = tmp_path / "file.csv"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_profiles(tmp_path, walkabout):
    path = write(
        tmp_path,
        """\
        partnership,activity,start,category,group,count
        Lowtown Partnership,Estate walkabout,2025-06-01,age_band,65+,12
        Lowtown Partnership,Estate walkabout,2025-06-01,sex,female,20
    """,
    )
    assert imports_people.import_profiles(path) == 2
    assert imports_people.import_profiles(path) == 2
    assert walkabout.profile.count() == 2
    bad = write(
        tmp_path,
        """\
        partnership,activity,start,category,group,count
        Lowtown Partnership,Estate walk,2025-06-01,age_band,65+,12
        Lowtown Partnership,Estate walkabout,2025-06-01,religion,none,3
    """,
    )
    with pytest.raises(imports.ImportFailed) as err:
        imports_people.import_profiles(bad)
    assert {(p.row, p.column) for p in err.value.problems} == {(2, "activity"), (3, "category")}


def test_panel_ids_are_stored_only_as_hashes(tmp_path, walkabout):
    path = write(
        tmp_path,
        """\
        partnership,panel,activity,start,member
        Lowtown Partnership,Lowtown Panel,Estate walkabout,2025-06-01,LP-001
        Lowtown Partnership,Lowtown Panel,Estate walkabout,2025-06-01,LP-002
    """,
    )
    assert imports_people.import_panel(path) == 2
    imports_people.import_panel(path)
    refs = list(m.PanelAsk.objects.values_list("member_ref", flat=True))
    assert len(refs) == 2
    assert not any("LP-00" in ref for ref in refs)
    panel = m.CitizensPanel.objects.get()
    assert panel.pseudonym("LP-001") in refs
    other = m.CitizensPanel(partnership=panel.partnership, name="Other")
    assert other.pseudonym("LP-001") != panel.pseudonym("LP-001")  # salted per panel


def test_every_import_command_reaches_its_function():
    import importlib

    from joinedup.commands.participation import COMMANDS

    for _name, help_text, target in COMMANDS:
        module, function = target.split(":")
        assert callable(
            getattr(importlib.import_module(f"joinedup.participation.{module}"), function)
        )
        assert "\n" not in help_text


def test_cli_imports_profiles(tmp_path, walkabout, capsys):
    from joinedup.cli import main

    path = write(
        tmp_path,
        """\
        partnership,activity,start,category,group,count
        Lowtown Partnership,Estate walkabout,2025-06-01,disability,disabled,7
    """,
    )
    assert main(["participation", "import-profiles", str(path)]) == 0
    assert "1 row(s) imported" in capsys.readouterr().out
