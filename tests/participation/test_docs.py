"""docs/methods-participation.md documents every measure and every import command."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from joinedup.analysis import participation, participation_indicators, participation_reach
from joinedup.commands.participation import COMMANDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "methods-participation.md"


def measures():
    for module in (participation, participation_reach, participation_indicators):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                yield name


@pytest.mark.parametrize("name", sorted(measures()))
def test_every_measure_is_documented(name):
    assert f"`{name}`" in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [c[0] for c in COMMANDS])
def test_every_import_command_is_documented(command):
    text = DOC.read_text(encoding="utf-8")
    assert f"participation {command} FILE" in text or f"`{command} FILE`" in text
