"""``joinedup actions import FILE --partnership ID`` and ``joinedup actions
import-workshop FILE --partnership ID``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "actions", help="Update a partnership's actions or workshop views from a file."
    )
    sub = p.add_subparsers(dest="actions_command", metavar="ACTION", required=True)
    actions = sub.add_parser(
        "import",
        help="Create or update actions from a CSV/XLSX file (all rows or none).",
        description=(
            "Columns: title (required), owner, due, status, published, progress, "
            "progress_date. An existing title updates that action; a new one creates it."
        ),
    )
    views = sub.add_parser(
        "import-workshop",
        help="Record the board's agreed scores from a CSV/XLSX file (all rows or none).",
        description="Columns: round (its number), dimension, score, note.",
    )
    for parser, what in ((actions, "actions"), (views, "workshop")):
        parser.add_argument("file", type=Path, help="CSV (UTF-8, header first) or XLSX file")
        parser.add_argument("--partnership", required=True, help="the partnership's number")
        parser.set_defaults(handler=run_import, what=what)


def run_import(args: argparse.Namespace) -> int:
    from joinedup.actions.imports import import_actions, import_views
    from joinedup.analysis.problems import ProblemError
    from joinedup.registry.models import Partnership

    if not args.file.is_file():
        raise CommandError(f"{args.file}: cannot read the file (no such file)")
    key = str(args.partnership)
    partnership = Partnership.objects.filter(pk=int(key)).first() if key.isdigit() else None
    if partnership is None:
        raise CommandError(f"no partnership has the number {key!r}")
    action = import_actions if args.what == "actions" else import_views
    try:
        count = action(args.file, partnership)
    except ProblemError as exc:
        print(exc, file=sys.stderr)  # one line per problem, each naming the file
        raise CommandError(
            f"{exc.file}: {len(exc.problems)} problem(s); nothing was imported."
        ) from None
    noun = "actions" if args.what == "actions" else "workshop views"
    print(f"Imported {count} {noun} from {args.file} into {partnership.name}.")
    return 0
