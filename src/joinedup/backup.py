"""Backing up and restoring the whole database.

A backup is one zip file holding ``manifest.json`` (the database engine, the
joinedup version, the time and the applied migrations) and the database itself:

- SQLite: ``database.sqlite3``, a copy made with SQLite's online backup API, which
  gives a consistent snapshot while the server keeps running (the copy is made in
  one step inside one read transaction; joinedup runs SQLite in WAL mode, so the
  server's readers and writers carry on meanwhile).
- PostgreSQL: ``database.pgdump``, the output of ``pg_dump -Fc`` (one consistent
  snapshot, taken in a single repeatable-read transaction by pg_dump itself).

The zip is written under a temporary name beside the target and renamed when
complete, so an interrupted backup never leaves a truncated file under the
requested name.

Restoring checks the manifest first: a backup from another engine or another
joinedup version is refused (the tables may differ). SQLite is restored with the
same backup API in reverse, in one write transaction, so connections of a running
server see either the old or the restored database. PostgreSQL is restored with
``pg_restore --clean --if-exists --single-transaction``: either everything is
replaced or, on an error, nothing is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.utils import timezone

from joinedup import __version__
from joinedup.conf import open_private

MANIFEST = "manifest.json"
PAYLOAD = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore could not be done; the message says why, in one line."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    version: str
    created: str
    migrations: int

    @classmethod
    def read(cls, archive: zipfile.ZipFile, path: Path) -> Manifest:
        try:
            data = json.loads(archive.read(MANIFEST))
            return cls(data["engine"], data["version"], data["created"], int(data["migrations"]))
        except (KeyError, ValueError, TypeError) as exc:
            raise BackupError(f"{path} is not a joinedup backup (no valid {MANIFEST})") from exc


def engine() -> str:
    vendor = connection.vendor
    if vendor not in PAYLOAD:
        raise BackupError(f"backups are not supported for the {vendor} database engine")
    return vendor


def _migration_count() -> int:
    from django.db.migrations.recorder import MigrationRecorder

    return MigrationRecorder(connection).migration_qs.count()


def backup(target: Path) -> Manifest:
    """Write a backup of the configured database to ``target``."""
    kind = engine()
    target = target.resolve()
    if not target.parent.is_dir():
        raise BackupError(f"cannot write {target}: the folder {target.parent} does not exist")
    manifest = Manifest(kind, __version__, timezone.now().isoformat(), _migration_count())
    with tempfile.TemporaryDirectory(prefix="joinedup-backup-") as work:
        payload = Path(work) / PAYLOAD[kind]
        if kind == "sqlite":
            _sqlite_copy(Path(connection.settings_dict["NAME"]), payload)
        else:
            _pg_dump(payload)
        partial = target.with_name(f".{target.name}.partial")
        try:
            with (
                open_private(partial) as handle,
                zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
            ):
                archive.writestr(MANIFEST, json.dumps(manifest.__dict__, indent=2))
                archive.write(payload, PAYLOAD[kind])
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return manifest


def read_manifest(path: Path) -> Manifest:
    try:
        with zipfile.ZipFile(path) as archive:
            return Manifest.read(archive, path)
    except FileNotFoundError as exc:
        raise BackupError(f"{path} does not exist") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{path} is not a joinedup backup (not a zip file)") from exc


def check_compatible(manifest: Manifest, path: Path) -> None:
    kind = engine()
    if manifest.engine != kind:
        raise BackupError(
            f"{path} is a {manifest.engine} backup and this installation uses {kind}; "
            "restore it into a joinedup that uses the same database engine"
        )
    if manifest.version != __version__:
        raise BackupError(
            f"{path} was made by joinedup {manifest.version} and this is joinedup "
            f"{__version__}; restore it with joinedup {manifest.version}"
        )


def restore(path: Path) -> Manifest:
    """Replace the configured database's contents with the backup at ``path``."""
    manifest = read_manifest(path)
    check_compatible(manifest, path)
    with tempfile.TemporaryDirectory(prefix="joinedup-restore-") as work:
        with zipfile.ZipFile(path) as archive:
            try:
                archive.extract(PAYLOAD[manifest.engine], work)
            except KeyError as exc:
                raise BackupError(f"{path} has no {PAYLOAD[manifest.engine]}") from exc
        payload = Path(work) / PAYLOAD[manifest.engine]
        connections.close_all()
        if manifest.engine == "sqlite":
            _sqlite_copy(payload, Path(connection.settings_dict["NAME"]))
        else:
            _pg_restore(payload)
    return manifest


# --- SQLite -----------------------------------------------------------------------


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database onto another with the online backup API."""
    if not source.is_file():
        raise BackupError(f"the SQLite database {source} does not exist")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)  # in one step: one read lock on the source, one write on the target
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy {source} to {target}: {exc}") from exc
    finally:
        dst.close()
        src.close()


# --- PostgreSQL -------------------------------------------------------------------


def _pg_environment() -> dict[str, str]:
    conf = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if conf.get(name):
            env[key] = str(conf[name])
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    sslmode = (conf.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _server_major() -> int:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        row = cursor.fetchone()
    return int(row[0]) // 10000 if row else 0


def _tool_major(binary: str) -> int:
    # The binary is a fixed path or the one on PATH; arguments are ours.
    out = subprocess.run(  # noqa: S603
        [binary, "--version"], capture_output=True, text=True, check=False
    )
    found = re.search(r"(\d+)(?:\.\d+)?", out.stdout)
    return int(found.group(1)) if found else 0


def find_pg_tool(name: str, server_major: int) -> str:
    """The ``pg_dump``/``pg_restore`` for the server: the server's own version from
    /usr/lib/postgresql when installed, else the one on PATH if it is at least as
    new as the server (older tools cannot read newer servers)."""
    candidates = [f"/usr/lib/postgresql/{server_major}/bin/{name}", shutil.which(name) or ""]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and _tool_major(candidate) >= server_major:
            return candidate
    raise BackupError(
        f"{name} for PostgreSQL {server_major} or newer is not installed; install the "
        f"PostgreSQL client tools (e.g. the postgresql-client-{server_major} package)"
    )


def _run_pg(args: list[str], what: str) -> None:
    # args: the tool found by find_pg_tool, fixed options, the configured database.
    result = subprocess.run(  # noqa: S603
        args, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        raise BackupError(f"{what} failed: {lines[-1] if lines else 'no message'}")


def _pg_dump(payload: Path) -> None:
    tool = find_pg_tool("pg_dump", _server_major())
    name: Any = connection.settings_dict["NAME"]
    _run_pg([tool, "-Fc", "--no-owner", "-f", str(payload), "-d", str(name)], "pg_dump")


def _pg_restore(payload: Path) -> None:
    tool = find_pg_tool("pg_restore", _server_major())
    connections.close_all()
    name: Any = connection.settings_dict["NAME"]
    args = [tool, "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run_pg([*args, "--exit-on-error", "-d", str(name), str(payload)], "pg_restore")
