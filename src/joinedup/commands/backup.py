"""``joinedup backup`` and ``joinedup restore``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "backup", help="Write a consistent backup of the database (safe while serving)."
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        help="backup file (default: JOINEDUP_HOME/backups/joinedup-DATE-TIME.zip)",
    )
    p.set_defaults(handler=run_backup)

    p = subparsers.add_parser("restore", help="Replace the database with a backup.")
    p.add_argument("file", type=Path)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=run_restore, whole_installation=True)


def _default_target() -> Path:
    from django.conf import settings
    from django.utils import timezone

    folder = Path(settings.HOME) / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # backups hold every answer: the folder is the owner's alone
    return folder / f"joinedup-{timezone.now():%Y%m%d-%H%M%S}.zip"


def run_backup(args: argparse.Namespace) -> int:
    from joinedup import backup as service
    from joinedup.audit.log import command_actor, record

    target = args.output or _default_target()
    try:
        with command_actor():
            record("backup.create", summary=str(target.resolve()))
            manifest = service.backup(target)
    except service.BackupError as exc:
        raise CommandError(str(exc)) from None
    print(f"Backed up the {manifest.engine} database to {target}.")
    return 0


def _confirmed(path: Path, manifest: Any) -> bool:
    if not sys.stdin.isatty():
        raise CommandError(
            "restore replaces every record in the database; there is no terminal to ask "
            "for confirmation, so add --yes to go ahead"
        )
    print(
        f"This replaces everything in the database with {path} "
        f"(made {manifest.created} by joinedup {manifest.version})."
    )
    return input("Type yes to restore: ").strip().lower() == "yes"


def run_restore(args: argparse.Namespace) -> int:
    from joinedup import backup as service
    from joinedup.audit.log import command_actor, record

    try:
        manifest = service.read_manifest(args.file)
        service.check_compatible(manifest, args.file)
        if not args.yes and not _confirmed(args.file, manifest):
            print("Nothing restored.")
            return 1
        with command_actor():
            service.restore(args.file)
            record("backup.restore", summary=f"{args.file.resolve()} made {manifest.created}")
    except service.BackupError as exc:
        raise CommandError(str(exc)) from None
    print(f"Restored the database from {args.file} (made {manifest.created}).")
    return 0
