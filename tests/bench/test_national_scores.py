"""The national benchmark at a tiny scale (not timed): it generates its database with
today's schema, runs both sides and finds the same numbers.

The generator writes rows with plain SQL, so a new NOT NULL column in the survey
tables breaks it without any other test noticing; and the pandas reference restates
the confidentiality rules (dimension means from item means, the group rule on items
and on dimensions), so a rule changed on one side only fails here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.one_pass
def test_tiny_national_run_finds_the_same_numbers(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "national_scores.py"),
            "--partnerships",
            "40",
            "--respondents",
            "12",
            "--items",
            "20",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    same = re.search(
        r"same numbers: largest difference ([0-9.e+-]+) over ([0-9,]+) rows", done.stdout
    )
    assert same is not None, done.stdout
    assert float(same.group(1)) <= 1e-9
    assert int(same.group(2).replace(",", "")) == 40 * 20 + 40 * 2  # items and dimensions
    assert (tmp_path / "national-40x12x20.sqlite3").exists()
