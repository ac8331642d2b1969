"""Configuration parsing: every bad value is one line naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from joinedup.conf import (
    ConfigError,
    load_or_create_secret,
    parse_bool,
    parse_database_url,
    parse_int,
)


def test_default_database_is_sqlite_file_in_home(tmp_path: Path) -> None:
    config = parse_database_url("JOINEDUP_DATABASE_URL", None, tmp_path)
    assert config.is_sqlite
    assert config.name == str(tmp_path / "joinedup.sqlite3")
    django = config.as_django()
    assert "journal_mode=WAL" in django["OPTIONS"]["init_command"]
    assert django["OPTIONS"]["timeout"] >= 5
    assert django["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_sqlite_relative_and_absolute_paths(tmp_path: Path) -> None:
    rel = parse_database_url("V", "sqlite:///data.sqlite3", tmp_path)
    assert rel.name == str(tmp_path / "data.sqlite3")
    absolute = parse_database_url("V", f"sqlite:///{tmp_path}/x.db", Path("/nowhere"))
    assert absolute.name == f"{tmp_path}/x.db"


def test_postgresql_url_parts(tmp_path: Path) -> None:
    config = parse_database_url(
        "V", "postgresql://ann:s%40cret@db.example:6543/joined?sslmode=require", tmp_path
    )
    assert (config.engine, config.user, config.password, config.host, config.port, config.name) == (
        "postgresql",
        "ann",
        "s@cret",
        "db.example",
        "6543",
        "joined",
    )
    assert config.as_django()["OPTIONS"] == {"sslmode": "require"}
    assert parse_database_url("V", "postgres://h/db", tmp_path).engine == "postgresql"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("mysql://localhost/db", "unsupported scheme 'mysql'"),
        ("just-a-file.db", "not a database URL"),
        ("postgresql://localhost", "names no database"),
        ("postgresql://localhost:notaport/db", "not a valid URL"),
        ("sqlite://", "has no file path"),
        ("sqlite:////no/such/folder/x.db", "does not exist"),
    ],
)
def test_bad_database_urls_name_the_variable(tmp_path: Path, raw: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_database_url("JOINEDUP_DATABASE_URL", raw, tmp_path)
    message = str(info.value)
    assert message.startswith("JOINEDUP_DATABASE_URL=")
    assert fragment in message
    assert "\n" not in message


def test_booleans_and_integers() -> None:
    assert parse_bool("X", None, default=False) is False
    assert parse_bool("X", "Yes", default=False) is True
    assert parse_bool("X", "0", default=True) is False
    with pytest.raises(ConfigError, match="X='maybe'"):
        parse_bool("X", "maybe", default=False)
    assert parse_int("K", "7", 5, minimum=3) == 7
    assert parse_int("K", None, 5, minimum=3) == 5
    with pytest.raises(ConfigError, match="below the smallest allowed value, 3"):
        parse_int("K", "2", 5, minimum=3)
    with pytest.raises(ConfigError, match="not a whole number"):
        parse_int("K", "five", 5)


def test_secret_key_generated_once_and_kept(tmp_path: Path) -> None:
    first = load_or_create_secret("JOINEDUP_SECRET_KEY", None, tmp_path)
    second = load_or_create_secret("JOINEDUP_SECRET_KEY", None, tmp_path)
    assert first == second
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    given = "x" * 40
    assert load_or_create_secret("JOINEDUP_SECRET_KEY", given, tmp_path) == given
    with pytest.raises(ConfigError, match="too short"):
        load_or_create_secret("JOINEDUP_SECRET_KEY", "short", tmp_path)


def _run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "joinedup.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def test_bad_database_url_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = _run_cli(
        "init", env={"JOINEDUP_HOME": str(tmp_path), "JOINEDUP_DATABASE_URL": "oracle://x/y"}
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "JOINEDUP_DATABASE_URL" in lines[0]
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    result = _run_cli(
        "init",
        env={
            "JOINEDUP_HOME": str(tmp_path),
            "JOINEDUP_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        },
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "JOINEDUP_DATABASE_URL" in result.stderr.strip().splitlines()[-1]


def test_init_creates_the_embedded_database(tmp_path: Path) -> None:
    env = {"JOINEDUP_HOME": str(tmp_path)}
    env.pop("JOINEDUP_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "joinedup.cli", "init"],
        capture_output=True,
        text=True,
        env={k: v for k, v in {**os.environ, **env}.items() if k != "JOINEDUP_DATABASE_URL"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "joinedup.sqlite3").exists()
    assert (tmp_path / "secret_key").exists()
    import sqlite3

    with sqlite3.connect(tmp_path / "joinedup.sqlite3") as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
