"""The command line starts without its heavy modules.

``joinedup --help`` builds the whole parser, so every command module is imported
before any argument is read. Were one of them to import Django, numpy or igraph at
the top, every command (and every ``--help``) would wait seconds for it. These
tests run the real command in a fresh interpreter under ``-X importtime`` and read
which packages it loaded: no clock, so they neither flake on a busy machine nor
pass on a fast one by luck. ``bench/cli_startup.py`` measures the time itself.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# What a help text must never wait for: the web framework, the numerical stack,
# the graph library, the report renderers, the server and the terminal toolkit.
HEAVY = (
    "django",
    "ninja",
    "scipy",
    "numpy",
    "igraph",
    "pandas",
    "pyarrow",
    "duckdb",
    "altair",
    "vl_convert",
    "weasyprint",
    "matplotlib",
    "openpyxl",
    "pydantic",
    "gunicorn",
    "rich",
)


def _imported(*args: str) -> tuple[set[str], str]:
    """Top-level packages imported by ``python -m joinedup ARGS``, and its stdout."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "joinedup", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "joinedup" in names, "the import log was empty: is -X importtime honoured?"
    return names, done.stdout


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("--help",), "usage: joinedup [-h] [--version] COMMAND"),
        (("analyse", "network", "--help"), "usage: joinedup analyse network"),
        (("analyse", "scores", "--help"), "--min-respondents K"),
        (("serve", "--help"), "--workers WORKERS"),
        (("advise", "--help"), "usage: joinedup advise"),
    ],
)
def test_help_loads_no_heavy_module(args: tuple[str, ...], shown: str) -> None:
    names, out = _imported(*args)
    assert shown in out
    loaded = sorted(name for name in HEAVY if name in names)
    assert loaded == [], (
        f"`joinedup {' '.join(args)}` imported {loaded}: import them inside the function "
        "that runs the command, not at the top of a joinedup.commands module"
    )


def test_the_version_answers_the_same_way() -> None:
    names, out = _imported("--version")
    assert out.startswith("joinedup ")
    assert "django" not in names
