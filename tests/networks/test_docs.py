"""The methods document names every measure and rule the code reports."""

from __future__ import annotations

from pathlib import Path

from joinedup.analysis.network.brokerage import ROLES
from joinedup.analysis.network.build import TREATMENTS
from joinedup.analysis.network.measures import MEANINGS

DOC = (Path(__file__).parents[2] / "docs" / "methods-networks.md").read_text()


def test_every_measure_key_is_documented():
    missing = [key for key in MEANINGS if f"`{key}`" not in DOC]
    assert missing == []


def test_treatments_roles_and_commands_are_documented():
    for treatment in TREATMENTS:
        assert f"`{treatment}`" in DOC
    for role in ROLES:
        assert f"**{role}**" in DOC
    assert "joinedup analyse network" in DOC
    assert "joinedup analyse interlocks" in DOC
    assert "self-loop" in DOC
