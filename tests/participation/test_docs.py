"""docs/methods-participation.md documents every measure and every import command."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from joinedup.analysis import participation, participation_indicators, participation_reach

DOC = Path(__file__).resolve().parents[2] / "docs" / "methods-participation.md"


def measures():
    for module in (participation, participation_reach, participation_indicators):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                yield name


@pytest.mark.parametrize("name", sorted(measures()))
def test_every_measure_is_documented(name):
    assert f"`{name}`" in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["import-activities", "import-population", "import-indicators"])
def test_every_import_command_is_documented(command):
    assert f"participation {command}" in DOC.read_text(encoding="utf-8") or (
        f"`{command} FILE`" in DOC.read_text(encoding="utf-8")
    )
