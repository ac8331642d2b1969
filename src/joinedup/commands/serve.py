"""``joinedup serve`` and ``joinedup demo``."""

from __future__ import annotations

import argparse
from typing import Any


def _server_options(p: argparse.ArgumentParser) -> None:
    from joinedup.server import default_workers

    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=default_workers(), help="worker processes")
    p.add_argument("--threads", type=int, default=8, help="threads per worker")
    p.add_argument("--access-log", action="store_true", help="print one line per request")
    p.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start the e-mail worker (run `joinedup worker` elsewhere instead)",
    )


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("serve", help="Run the web application with a production server.")
    _server_options(p)
    p.set_defaults(handler=run_serve, before_django=announce_address)

    p = subparsers.add_parser(
        "demo", help="Set up the database, load the demo town's partnerships and serve them."
    )
    _server_options(p)
    p.add_argument("--no-serve", action="store_true", help="load the demo and stop")
    p.add_argument("--seed", type=int, default=2024, help="seed of the demo data (default 2024)")
    p.add_argument(
        "--force",
        action="store_true",
        help="load the demo into a database that already holds other data, and reset "
        "the accounts named admin, coordinator, member and evaluator",
    )
    p.set_defaults(handler=run_demo, before_django=announce_address)


def announce_address(args: argparse.Namespace) -> None:
    """Before Django starts: survey links default to the address served on."""
    from joinedup.conf import announce_served_at

    announce_served_at(args.host, args.port)


def run_serve(args: argparse.Namespace) -> int:
    from joinedup.server import mail_worker, serve

    print(f"joinedup is serving on http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    with mail_worker(enabled=not args.no_worker):
        serve(args.host, args.port, args.workers, args.threads, args.access_log)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from joinedup.cli import CommandError
    from joinedup.commands._progress import progress_bar
    from joinedup.demo import load_demo, other_data
    from joinedup.demo.logins import demo_logins
    from joinedup.registry.setup import migrate

    with progress_bar() as progress:
        task = progress.add_task("Preparing the database", total=None)
        migrate(lambda done, total: progress.update(task, completed=done, total=total))
        found = other_data()
        if found and not args.force:
            raise CommandError(
                f"the database already holds {found}; nothing was loaded. Run "
                "'joinedup serve' to serve it as it is, point JOINEDUP_HOME or "
                "JOINEDUP_DATABASE_URL at a new database for the demo, or give --force "
                "to load the demo into it and reset the accounts admin, coordinator, "
                "member and evaluator"
            )
        demo_task = progress.add_task("Loading the demo town", total=None)
        summary = load_demo(
            seed=args.seed,
            step=lambda done, total, label: progress.update(
                demo_task, completed=done, total=total, description=f"Demo: {label}"
            ),
        )
    logins = demo_logins()
    print(summary)
    print()
    print(f"  Open:  http://{args.host}:{args.port}/")
    print()
    print("  Sign in as any of these (new passwords on every run, shown only here):")
    width = max(len(login.username) for login in logins)
    secret = max(len(login.password) for login in logins)
    for login in logins:
        print(f"    {login.username:<{width}}  {login.password:<{secret}}  {login.role}")
    print()
    if args.no_serve:
        return 0
    return run_serve(args)
