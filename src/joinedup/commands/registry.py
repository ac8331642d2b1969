"""``joinedup registry import-organisations FILE``, ``import-contacts FILE`` and
``sync KIND FILE`` (keep organisations, people, partnerships or memberships in step
with an outside directory)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "registry", help="Import organisations and contacts; keep the registry in step."
    )
    sub = p.add_subparsers(dest="registry_command", metavar="ACTION", required=True)
    orgs = sub.add_parser(
        "import-organisations",
        help="Import organisations from a CSV or XLSX file (all rows or none).",
        description=(
            "Columns: name, sector (public, private, voluntary, community), tier "
            "(national, regional, local, neighbourhood), parent; with --partnership "
            "also role and joined (YYYY-MM-DD)."
        ),
    )
    orgs.add_argument("file", type=Path, help="CSV or XLSX file, header on the first row")
    orgs.add_argument("--partnership", help="make each organisation a member of this partnership")
    orgs.set_defaults(handler=run_import, what="organisations")
    contacts = sub.add_parser(
        "import-contacts",
        help="Import contacts (people) from a CSV or XLSX file (all rows or none).",
        description=(
            "Columns: name, email, organisation, sector and tier (to add an organisation "
            "not yet stored), constituency."
        ),
    )
    contacts.add_argument("file", type=Path, help="CSV or XLSX file, header on the first row")
    contacts.set_defaults(handler=run_import, what="contacts")
    _register_sync(sub)


KINDS = ("organisations", "people", "partnerships", "memberships")


def _register_sync(sub: Any) -> None:
    p = sub.add_parser(
        "sync",
        help="Keep organisations, people, partnerships or memberships in step with a file.",
        description=(
            "Rows are matched by external_id (or name); matched rows are updated, new ones "
            "created, all in one transaction. --dry-run counts without writing. --sync also "
            "ends the open memberships the file leaves out (for the partnerships it names), "
            "or lists the stored rows with an external id that it leaves out."
        ),
    )
    p.add_argument("kind", choices=KINDS, help="what the file lists")
    p.add_argument("file", type=Path, help="CSV or XLSX file, header on the first row")
    p.add_argument("--dry-run", action="store_true", help="count the changes, write nothing")
    p.add_argument("--sync", action="store_true", help="deal with rows the file leaves out")
    p.add_argument(
        "--end-date",
        type=_day,
        default=None,
        help="the left date of memberships ended by --sync (YYYY-MM-DD; default today)",
    )
    p.set_defaults(handler=run_sync)


def _day(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written as YYYY-MM-DD") from None


def run_sync(args: argparse.Namespace) -> int:
    from joinedup.audit.log import command_actor
    from joinedup.registry.sync import ProblemError, run_file
    from joinedup.registry.viewer import Viewer

    if not args.file.is_file():
        raise CommandError(f"{args.file}: cannot read the file (no such file)")
    try:
        with command_actor():
            result = run_file(
                args.kind,
                args.file,
                viewer=Viewer.operator(),
                dry_run=args.dry_run,
                sync=args.sync,
                end_date=args.end_date,
            )
    except ProblemError as exc:
        print(exc, file=sys.stderr)
        raise CommandError(
            f"{exc.file}: {len(exc.problems)} problem(s); nothing was written."
        ) from None
    print(f"{args.kind} from {args.file}: {result.summary()}.")
    for line in result.absent:
        print(f"  absent from the file: {line}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from joinedup.registry.imports import ImportFailed, import_contacts, import_organisations
    from joinedup.registry.models import Partnership

    if not args.file.is_file():
        raise CommandError(f"{args.file}: cannot read the file (no such file)")
    try:
        if args.what == "contacts":
            count = import_contacts(args.file)
        else:
            partnership = None
            if args.partnership:
                partnership = Partnership.objects.filter(name__iexact=args.partnership).first()
                if partnership is None:
                    raise CommandError(f"no partnership is called {args.partnership!r}")
            count = import_organisations(args.file, partnership=partnership)
    except ImportFailed as exc:
        print(exc, file=sys.stderr)  # one line per problem, each naming the file
        raise CommandError(
            f"{exc.file}: {len(exc.problems)} problem(s); nothing was imported."
        ) from None
    print(f"Imported {count} {args.what} from {args.file}.")
    return 0
