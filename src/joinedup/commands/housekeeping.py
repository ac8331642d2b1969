"""``joinedup housekeeping``: delete what joinedup no longer needs."""

from __future__ import annotations

import argparse
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "housekeeping",
        help=(
            "Delete expired sessions, failed-link, sign-in and request counts, "
            "responses imports left unfinished over an hour ago, e-mail sent over 30 "
            "days ago and, if asked, old audit events."
        ),
        description=(
            "Delete what joinedup no longer needs: expired sessions, expired counts of "
            "failed survey links, of failed sign-ins and of limited requests (PDF reports, "
            "password resets), and the responses of any `responses import` that was "
            "interrupted (killed, or the machine stopped) more than an hour ago and not "
            "run again; those responses were never visible; e-mail messages sent over 30 "
            "days ago. If asked, audit events "
            "older than N days too."
        ),
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
    from joinedup.outbox.delivery import sweep_sent
    from joinedup.surveys.importing import remove_stale_imports
    from joinedup.surveys.throttle import sweep_expired

    if args.audit_days is not None and args.audit_days < 30:
        raise CommandError("--audit-days must be at least 30: the log is evidence")
    with command_actor():
        sessions = clear_sessions()
        print(f"Deleted {sessions} expired sessions.")
        print(f"Deleted {sweep_expired()} expired counts of failed survey links.")
        stale = remove_stale_imports()
        for file in stale:
            print(f"Removed the unfinished import of {file.name} into round {file.round_id}.")
        print(f"Removed {len(stale)} unfinished responses imports begun over an hour ago.")
        _sweep_limits()
        print(f"Deleted {sweep_sent()} e-mail messages sent over 30 days ago.")
        if args.audit_days is not None:
            events = prune_audit(args.audit_days)
            print(f"Deleted {events} audit events older than {args.audit_days} days.")
    return 0


def _sweep_limits() -> None:
    """Expired counts of the sign-in lockout and of the request limits."""
    from joinedup.web import rates, signin

    print(f"Deleted {signin.sweep_expired()} expired counts of failed sign-ins.")
    print(f"Deleted {rates.sweep_expired()} expired counts of limited requests.")
