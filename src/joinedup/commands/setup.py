"""``joinedup init``, ``createadmin`` and ``manage``."""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("init", help="Create the database, or bring it up to date.")
    p.set_defaults(handler=run_init)

    p = subparsers.add_parser("createadmin", help="Create an administrator account.")
    p.add_argument("--username", default="admin")
    p.add_argument("--email", default="")
    p.add_argument(
        "--password",
        help="password to set (default: asked for, or generated when nobody can be asked)",
    )
    p.set_defaults(handler=run_createadmin)

    p = subparsers.add_parser("manage", help="Run a Django management command (for operators).")
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(handler=run_manage)


def run_init(args: argparse.Namespace) -> int:
    from joinedup.commands._progress import progress_bar
    from joinedup.registry.setup import migrate

    with progress_bar() as progress:
        task = progress.add_task("Preparing the database", total=None)

        def step(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        applied = migrate(step)
    print(f"Database ready ({applied} migrations applied).")
    return 0


def run_createadmin(args: argparse.Namespace) -> int:
    from joinedup.registry.setup import ensure_admin

    password = args.password
    generated = False
    if not password:
        if sys.stdin.isatty():
            password = getpass.getpass("Password for the new administrator: ")
        else:
            password = secrets.token_urlsafe(12)
            generated = True
    ensure_admin(args.username, args.email, password)
    print(f"Administrator {args.username!r} is ready.")
    if generated:
        print(f"Password: {password}")
    return 0


def run_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["joinedup manage", *args.args])
    return 0
