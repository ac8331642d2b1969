"""``joinedup export`` and ``joinedup import``: a whole installation as one file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "export",
        help="Write the whole installation to one bundle file (`export responses`: data "
        "for evaluators).",
    )
    # Not required by argparse, so that `joinedup export responses …` (commands/export.py)
    # can share the word; run_export asks for it.
    p.add_argument("-o", "--output", type=Path, metavar="FILE")
    p.add_argument(
        "--with-users",
        action="store_true",
        help="include user accounts (with password hashes) and their access rights",
    )
    p.set_defaults(handler=run_export)

    p = subparsers.add_parser(
        "import", help="Load a bundle file into an empty database (one transaction)."
    )
    p.add_argument("bundle", type=Path, metavar="FILE")
    p.set_defaults(handler=run_import, whole_installation=True)


def _step(progress: Any, task: Any) -> Any:
    def step(done: int, total: int, label: str) -> None:
        progress.update(task, completed=done, total=total, description=label)

    return step


def run_export(args: argparse.Namespace) -> int:
    from joinedup.cli import CommandError
    from joinedup.commands._progress import progress_bar
    from joinedup.reports import bundle

    if args.output is None:
        raise CommandError("give the bundle file with -o FILE (or see `joinedup export --help`)")
    if not args.output.parent.is_dir():
        raise CommandError(f"the folder {args.output.parent} does not exist")
    with progress_bar() as progress:
        task = progress.add_task("Exporting", total=None)
        manifest = bundle.export_bundle(args.output, args.with_users, _step(progress, task))
    print(f"Wrote {args.output}: {bundle.describe(manifest)}.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from joinedup.cli import CommandError
    from joinedup.commands._progress import progress_bar
    from joinedup.reports import bundle

    try:
        with progress_bar() as progress:
            task = progress.add_task("Importing", total=None)
            manifest = bundle.import_bundle(args.bundle, _step(progress, task))
    except bundle.BundleError as exc:
        raise CommandError(f"{exc}; nothing was imported") from exc
    print(f"Imported {args.bundle}: {bundle.describe(manifest)}.")
    return 0
