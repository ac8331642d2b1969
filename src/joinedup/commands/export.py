"""``joinedup export responses``: anonymised response-level data for evaluators.

Writes one folder: a data file per instrument version (CSV, Parquet, SPSS .sav or
Stata .dta; wide, or long with ``--long``), ``items.csv``, ``rounds.csv``, the
codebook ``datapackage.json`` and ``README.txt``. Only closed rounds; respondents
under per-export pseudonyms; group, sector, tier and role coarsened to k.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    # `joinedup export -o FILE` (the whole installation, commands/bundle.py) owns the
    # word; the response-level export is its sub-command `responses`.
    p = subparsers.choices.get("export") or subparsers.add_parser(
        "export", help="Export anonymised response-level data with a codebook, for evaluators."
    )
    inner = p.add_subparsers(dest="what", metavar="WHAT", title="what else to export")
    r = inner.add_parser(
        "responses",
        help="One row per respondent (or per answer) of closed rounds, with datapackage.json.",
    )
    which = r.add_mutually_exclusive_group(required=True)
    which.add_argument("--round", type=int, metavar="ID", help="one closed round")
    which.add_argument("--partnership", type=int, metavar="ID", help="a partnership's rounds")
    which.add_argument("--national", action="store_true", help="every partnership's rounds")
    r.add_argument("--format", choices=("csv", "parquet", "sav", "dta"), default="csv")
    r.add_argument("--long", action="store_true", help="one row per answer (CSV and Parquet)")
    r.add_argument(
        "--include-text",
        action="store_true",
        help="add free-text answers (NOT reviewed: read them before sharing)",
    )
    r.add_argument(
        "--min-respondents",
        type=int,
        metavar="K",
        help="k of the k-anonymity (default the installation's JOINEDUP_MIN_RESPONDENTS)",
    )
    r.add_argument("--out", type=Path, required=True, metavar="DIR", help="an empty folder")
    r.set_defaults(handler=run_export_responses)


def run_export_responses(args: argparse.Namespace) -> int:
    from joinedup.audit.log import command_actor
    from joinedup.cli import CommandError
    from joinedup.commands._progress import progress_bar
    from joinedup.reports.responses_export import ExportError, Scope, export_responses

    scope = Scope(round_id=args.round, partnership_id=args.partnership, national=args.national)
    try:
        with command_actor(), progress_bar() as progress:
            task = progress.add_task("Writing respondents", total=None)

            def step(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            result = export_responses(
                scope,
                args.out,
                fmt=args.format,
                long=args.long,
                include_text=args.include_text,
                k=args.min_respondents,
                progress=step,
            )
    except (ExportError, ValueError) as exc:
        raise CommandError(str(exc)) from None
    print(
        f"Wrote {result.rows} rows ({result.respondents} respondents, "
        f"{result.rounds_released} rounds) to {result.folder}"
    )
    if result.rounds_left_out:
        print(f"Left out {result.rounds_left_out} rounds answered by too few people.")
    if args.include_text:
        print("The free text is NOT reviewed: read it for names before sharing the files.")
    for name in result.files:
        print(f"  {name}")
    return 0
