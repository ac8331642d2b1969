"""The national export benchmark at a tiny scale (not timed): it builds its
database with today's schema, runs the streamed export and the naive one (on a
still smaller database, as at full scale), and both write the same rows in
bounded memory."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.one_pass
def test_tiny_national_export_runs_both_sides(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "export_national.py"),
            "--partnerships",
            "30",
            "--respondents",
            "12",
            "--items",
            "10",
            "--naive-max",
            "2400",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT / "src")},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"joinedup \(streamed\) .* peak memory +\d+ MB, 360 rows", done.stdout)
    assert "both sides compared on 2,400 answers (20 partnerships)" in done.stdout
    assert "same rows: True" in done.stdout
    assert (tmp_path / "export-joinedup-full" / "datapackage.json").exists()
