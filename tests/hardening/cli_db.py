"""A database of its own for tests that run the real ``joinedup`` command in a
subprocess: an SQLite file in a temporary folder, or (when the suite runs on
PostgreSQL) a fresh database on the same server, named after the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

JOINEDUP = [str(Path(sys.executable).parent / "joinedup")]


@dataclass
class CliDatabase:
    home: Path
    url: str
    pg_name: str = ""
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = {
            **os.environ,
            "JOINEDUP_HOME": str(self.home),
            "JOINEDUP_DATABASE_URL": self.url,
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("JOINEDUP_TEST_DATABASE_NAME", None)

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*JOINEDUP, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*JOINEDUP, *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def python(self, code: str) -> str:
        """Run Python with Django set up against this database; returns stdout."""
        prelude = "from joinedup.cli import setup_django; setup_django()\n"
        result = subprocess.run(
            [sys.executable, "-c", prelude + code],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout


def _pg_admin(sql: str) -> None:
    import psycopg

    conf = connection.settings_dict
    with psycopg.connect(
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        user=conf["USER"] or None,
        password=conf["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(sql)  # type: ignore[arg-type]


def make_database(tmp_path: Path) -> CliDatabase:
    if connection.vendor == "sqlite":
        return CliDatabase(tmp_path, f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    conf = connection.settings_dict
    name = f"{conf['NAME']}_cli"
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{name}"')
    auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
    url = f"postgresql://{auth}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{name}"
    return CliDatabase(tmp_path, url, pg_name=name)


def drop_database(db: CliDatabase) -> None:
    if db.pg_name:
        _pg_admin(f'DROP DATABASE IF EXISTS "{db.pg_name}" WITH (FORCE)')
