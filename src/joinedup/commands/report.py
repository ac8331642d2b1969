"""``joinedup report``: the partnership report as an HTML or PDF file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "report", help="Write a partnership's report as an HTML page or a PDF."
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--partnership", type=int, metavar="ID", help="partnership id")
    which.add_argument("--round", type=int, metavar="ID", help="survey round id")
    which.add_argument(
        "--all", action="store_true", help="every partnership (its latest round), one file each"
    )
    p.add_argument("--format", choices=("html", "pdf"), default="pdf")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="file to write (with --all: a folder)",
    )
    p.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from joinedup.cli import CommandError
    from joinedup.reports import bulk

    try:
        if args.all:
            return _run_all(args)
        written = bulk.write_one(args.output, args.format, args.partnership, args.round)
    except bulk.ReportError as exc:
        raise CommandError(str(exc)) from exc
    print(f"Wrote {written}")
    return 0


def _run_all(args: argparse.Namespace) -> int:
    from joinedup.commands._progress import progress_bar
    from joinedup.reports import bulk

    with progress_bar() as progress:
        task = progress.add_task("Writing reports", total=None)

        def step(done: int, total: int, name: str) -> None:
            progress.update(task, completed=done, total=total, description=name[:40])

        written = bulk.write_all(args.output, args.format, step)
    print(f"Wrote {len(written)} reports to {args.output}")
    return 0
