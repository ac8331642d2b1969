"""``joinedup instrument …``, ``joinedup round list|close`` and ``joinedup responses import``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    inst = subparsers.add_parser("instrument", help="List, import and export questionnaires.")
    sub = inst.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("list", help="The built-in library and the stored versions.")
    p.set_defaults(handler=run_instrument_list)
    p = sub.add_parser("import", help="Store an instrument from a YAML file or an XLSForm.")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=run_instrument_import)
    p = sub.add_parser("export", help="Write an instrument as an XLSForm (.xlsx).")
    p.add_argument("id", help="instrument id, e.g. health-check (latest version)")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--version", type=int, help="a stored version (default: the latest)")
    p.set_defaults(handler=run_instrument_export)

    rnd = subparsers.add_parser("round", help="Survey rounds.")
    sub = rnd.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("list", help="Every survey round with its response rate.")
    p.set_defaults(handler=run_round_list)
    p = sub.add_parser("close", help="Close a round: no more answers are taken.")
    p.add_argument("round_id", type=int, metavar="ID", help="round id")
    p.set_defaults(handler=run_round_close)

    resp = subparsers.add_parser("responses", help="Survey responses.")
    sub = resp.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("import", help="Import a wide CSV/XLSX of responses into a round.")
    p.add_argument("--round", type=int, required=True, dest="round_id", help="round id")
    p.add_argument(
        "--ignore-column",
        action="append",
        default=[],
        metavar="NAME",
        help="leave out this column, which is not a question of the form (repeatable)",
    )
    p.add_argument("file", type=Path)
    p.set_defaults(handler=run_responses_import)


def _problems(exc: Any) -> int:
    for problem in exc.problems:
        print(f"joinedup: {problem}", file=sys.stderr)
    return 1


def run_instrument_list(args: argparse.Namespace) -> int:
    from joinedup.surveys.extract import versions
    from joinedup.surveys.library import builtin_library

    print("Built-in library:")
    for inst in builtin_library():
        count = len(inst.items())
        print(f"  {inst.id:<18} v{inst.version}  {inst.text(inst.title)} ({count} items)")
    stored = versions()
    print("Stored versions:" if stored else "Stored versions: none yet")
    for iv in stored:
        used = iv.rounds.count()
        note = f", used by {used} round{'s' if used != 1 else ''}" if used else ""
        print(f"  {iv.key:<18} v{iv.version}  {iv.title} [{iv.get_source_display()}{note}]")
    return 0


def run_instrument_import(args: argparse.Namespace) -> int:
    from joinedup.analysis.instruments import InstrumentError, Problem
    from joinedup.surveys.library import import_instrument_file

    warnings: list[Problem] = []
    try:
        iv = import_instrument_file(args.file, warnings)
    except InstrumentError as exc:
        return _problems(exc)
    for warning in warnings:
        print(f"warning: {warning}")
    print(f"Stored {iv.key} version {iv.version}: {iv.title}.")
    return 0


def run_instrument_export(args: argparse.Namespace) -> int:
    from joinedup.analysis.instruments import InstrumentError
    from joinedup.analysis.xlsform import export_xlsform
    from joinedup.surveys.extract import find_version
    from joinedup.surveys.library import latest_version

    try:
        if args.version:
            found = find_version(args.id, args.version)
            if found is None:
                raise CommandError(f"no stored version {args.version} of {args.id!r}")
            iv = found
        else:
            iv = latest_version(args.id)
        export_xlsform(iv.instrument(), args.output)
    except InstrumentError as exc:
        return _problems(exc)
    except OSError as exc:
        raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(f"Wrote {iv.key} version {iv.version} to {args.output}.")
    return 0


def run_round_list(args: argparse.Namespace) -> int:
    from joinedup.surveys.extract import all_rounds
    from joinedup.surveys.lifecycle import (
        closes_on,
        current,
        opens_on,
        round_state,
        settle_due_rounds,
    )
    from joinedup.surveys.rounds import response_rates

    now = current()
    settle_due_rounds(now)  # store what the clock already decided (see lifecycle)
    rounds = all_rounds().order_by("partnership__name", "opens")
    if not rounds:
        print("No survey rounds yet.")
    for r in rounds:
        rate = response_rates(r)["overall"][0]
        days = f"{opens_on(r):%d %b %Y} to {closes_on(r):%d %b %Y}"
        print(
            f"{r.pk:>4}  {r.partnership.name} · {r.instrument} · {r.period} · "
            f"{round_state(r, now).value} ({days}) · "
            f"{rate.responded}/{rate.invited} submitted ({rate.percent}%)"
        )
    return 0


def run_round_close(args: argparse.Namespace) -> int:
    from joinedup.audit.log import command_actor
    from joinedup.surveys.extract import round_exists
    from joinedup.surveys.rounds import close_round_once

    if not round_exists(args.round_id):
        raise CommandError(f"there is no round {args.round_id} (see `joinedup round list`)")
    print(f"Closing round {args.round_id}…", file=sys.stderr, flush=True)
    with command_actor():
        round_, closed = close_round_once(args.round_id)
    if closed:
        print(f"Closed round {round_.pk} ({round_}); no more answers will be taken.")
    else:
        print(f"Round {round_.pk} was already closed; nothing changed.")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _progress_line(done: int, total: int) -> None:
    print(f"Writing responses: {done}/{total}", file=sys.stderr, flush=True)


def run_responses_import(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from joinedup.analysis.instruments import InstrumentError
    from joinedup.audit.log import command_actor
    from joinedup.surveys.extract import find_round
    from joinedup.surveys.importing import import_responses

    round_ = find_round(args.round_id)
    if round_ is None:
        raise CommandError(f"there is no round {args.round_id} (see `joinedup round list`)")
    try:
        with command_actor():
            result = import_responses(
                round_, args.file, progress=_progress_line, ignore=args.ignore_column
            )
    except InstrumentError as exc:
        return _problems(exc)
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    if result.previous is not None:
        when = timezone.localtime(result.previous.imported).strftime("%d %B %Y %H:%M")
        print(
            f"{args.file.name} was already imported into round {round_.pk} on {when} "
            f"({result.previous.created} responses); nothing changed."
        )
        return 0
    if result.removed:
        print(
            f"Removed {_count(result.removed, 'response')} left by an interrupted import "
            f"of this file (never visible) and wrote it again."
        )
    if result.layout is not None:
        print(result.layout.describe())
    print(f"Imported {_count(result.created, 'response')} into round {round_.pk}.")
    if result.skipped:
        rows = ", ".join(str(n) for n in result.skipped_rows[:10])
        more = "…" if result.skipped > 10 else ""
        print(
            f"Skipped {_count(result.skipped, 'respondent')} already in the round "
            f"(row{'s' if result.skipped > 1 else ''} {rows}{more})."
        )
    return 0
