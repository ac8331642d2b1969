"""``joinedup theory import FILE --partnership ID``: a theory of change from a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("theory", help="Import a partnership's theory of change.")
    sub = p.add_subparsers(dest="theory_command", metavar="ACTION", required=True)
    q = sub.add_parser(
        "import",
        help="Import steps, links and evidence from a CSV or XLSX file (all rows or none).",
        description=(
            "One step a row. Columns: key, kind (activity, output, outcome), title; optional: "
            "description, leads_to (keys separated by spaces), mechanism, context, assumption, "
            "evidence (entries separated by |: dimension:QUESTIONNAIRE.DIMENSION, "
            "indicator:NAME, decision:TITLE or action:TITLE). "
            "Importing the same file again changes nothing."
        ),
    )
    q.add_argument("file", type=Path, help="CSV (UTF-8, header on the first row) or XLSX")
    q.add_argument(
        "--partnership", type=int, required=True, metavar="ID", help="the partnership's id"
    )
    q.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from joinedup.analysis.problems import ProblemError
    from joinedup.registry.models import Partnership
    from joinedup.theory.imports import import_theory

    if not args.file.is_file():
        raise CommandError(f"{args.file}: cannot read the file (no such file)")
    partnership = Partnership.objects.filter(pk=args.partnership).first()
    if partnership is None:
        raise CommandError(f"No partnership has the id {args.partnership}.")
    try:
        counts = import_theory(args.file, partnership)
    except ProblemError as exc:
        print(exc, file=sys.stderr)  # one line per problem, each naming the file
        raise CommandError(
            f"{exc.file}: {len(exc.problems)} problem(s); nothing was imported."
        ) from None
    print(
        f"{args.file.name}: {counts['steps']} step(s), {counts['links']} link(s) and "
        f"{counts['evidence']} piece(s) of evidence added or changed in {partnership.name}."
    )
    return 0
