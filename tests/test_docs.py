"""Tests that keep the README honest: every command and every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

from joinedup.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_every_command_is_in_the_readme() -> None:
    missing = [c for c in _commands() if f"`joinedup {c}" not in README]
    assert missing == [], f"document these commands in README.md: {missing}"


def test_every_command_has_one_line_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for action in sub._choices_actions:
        assert action.help, f"{action.dest} has no help line"
        assert "\n" not in action.help


def test_every_setting_is_in_the_readme() -> None:
    source = (ROOT / "src" / "joinedup" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'_env\.get\("(JOINEDUP_[A-Z0-9_]+)"', source))
    assert read, "settings.py reads no JOINEDUP_ variables?"
    missing = sorted(name for name in read if f"`{name}`" not in README)
    assert missing == [], f"document these settings in README.md: {missing}"


def test_quick_start_has_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 2
    assert "joinedup demo" in blocks[0]
    assert "scripts/test" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in ci
