"""The survey-link limit is shared by server processes: two separate Python processes
record failures for one address and link prefix at the same time against one SQLite
file, and a third sees every failure counted once and the pair blocked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PRELUDE = "from joinedup.cli import setup_django; setup_django()\n"
RECORD = PRELUDE + (
    "from joinedup.surveys.throttle import record_failure\n"
    "for _ in range(10):\n"
    "    record_failure('198.51.100.77', 'ab')\n"
)
CHECK = PRELUDE + (
    "from joinedup.surveys.models import TokenThrottle\n"
    "from joinedup.surveys.throttle import seconds_blocked\n"
    "print(TokenThrottle.objects.get(address='198.51.100.77', prefix='ab').failures,"
    " seconds_blocked('198.51.100.77', 'ab') > 0, seconds_blocked('198.51.100.78', 'ab'),"
    " seconds_blocked('198.51.100.77', 'cd'))\n"
)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOINEDUP_")}
    env.update(
        JOINEDUP_HOME=str(home),
        JOINEDUP_DATABASE_URL=f"sqlite:///{home / 'shared.sqlite3'}",
        JOINEDUP_TOKEN_FAILURES="20",
    )
    return env


def test_processes_share_the_count(tmp_path) -> None:
    env = _env(tmp_path)
    joinedup = str(Path(sys.executable).parent / "joinedup")
    init = subprocess.run([joinedup, "init"], env=env, capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    workers = [
        subprocess.Popen([sys.executable, "-c", RECORD], env=env, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    check = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, timeout=120
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.split() == ["20", "True", "0", "0"]
