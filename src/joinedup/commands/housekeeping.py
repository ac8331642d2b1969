"""``joinedup housekeeping``: delete what joinedup no longer needs."""

from __future__ import annotations

import argparse
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "housekeeping",
        help="Delete expired sessions and failed-link counts and, if asked, old audit events.",
    )
    p.add_argument(
        "--audit-days",
        type=int,
        metavar="N",
        help="also delete audit events older than N days (default: keep them all)",
    )
    p.set_defaults(handler=run_housekeeping)


def run_housekeeping(args: argparse.Namespace) -> int:
    from joinedup.audit.log import command_actor
    from joinedup.audit.retention import clear_sessions, prune_audit
    from joinedup.surveys.throttle import sweep_expired

    if args.audit_days is not None and args.audit_days < 30:
        raise CommandError("--audit-days must be at least 30: the log is evidence")
    with command_actor():
        sessions = clear_sessions()
        print(f"Deleted {sessions} expired sessions.")
        print(f"Deleted {sweep_expired()} expired counts of failed survey links.")
        if args.audit_days is not None:
            events = prune_audit(args.audit_days)
            print(f"Deleted {events} audit events older than {args.audit_days} days.")
    return 0
