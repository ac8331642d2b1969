"""``joinedup registry import-organisations FILE`` and ``import-contacts FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("registry", help="Import organisations and contacts.")
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
