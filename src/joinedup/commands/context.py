"""``joinedup context import-funding FILE`` and ``joinedup context import-measures FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "context", help="Import partnership funding and performance measures."
    )
    sub = p.add_subparsers(dest="context_command", metavar="ACTION", required=True)
    funding = sub.add_parser(
        "import-funding",
        help="Import funding streams from a CSV file (all rows or none).",
        description=(
            "Columns: partnership, name, provider, source, amount, earmarked, start, end, "
            "conditions."
        ),
    )
    funding.add_argument("file", type=Path, help="CSV file, UTF-8, header on the first row")
    funding.set_defaults(handler=run_import, what="funding")
    measures = sub.add_parser(
        "import-measures",
        help="Import performance measures from a CSV file (all rows or none).",
        description="Columns: partnership, name, owner, kind (cross_cutting or core_business).",
    )
    measures.add_argument("file", type=Path, help="CSV file, UTF-8, header on the first row")
    measures.set_defaults(handler=run_import, what="measures")


def run_import(args: argparse.Namespace) -> int:
    from joinedup.context.imports import ImportFailed, import_funding, import_measures

    action = import_funding if args.what == "funding" else import_measures
    if not args.file.is_file():
        raise CommandError(f"{args.file}: cannot read the file (no such file)")
    try:
        count = action(args.file)
    except ImportFailed as exc:
        print(exc, file=sys.stderr)  # one line per problem, each naming the file
        raise CommandError(
            f"{exc.file}: {len(exc.problems)} problem(s); nothing was imported."
        ) from None
    noun = "funding streams" if args.what == "funding" else "performance measures"
    print(f"Imported {count} {noun} from {args.file}.")
    return 0
