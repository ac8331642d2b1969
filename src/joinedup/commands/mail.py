"""``joinedup sendtestmail`` and ``joinedup worker``: the mail server and the outbox."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "sendtestmail",
        help="Send a test message through the server named by JOINEDUP_EMAIL_URL.",
        description=(
            "Send a test message to ADDRESS at once through the mail server named by "
            "JOINEDUP_EMAIL_URL. A server that cannot be reached, refuses TLS or the "
            "password is reported in one line, and the exit status is 1."
        ),
    )
    p.add_argument("address", metavar="ADDRESS", help="where to send the test message")
    p.set_defaults(handler=run_sendtestmail)

    p = subparsers.add_parser(
        "worker",
        help="Send queued invitations and reminders (joinedup serve runs one too).",
        description=(
            "Send the e-mail waiting in the outbox (invitations and reminders) through "
            "JOINEDUP_EMAIL_URL, every few seconds until stopped. A message the server "
            "does not take is tried again later, each wait twice the last, up to an "
            "hour. `joinedup serve` starts one itself unless given --no-worker."
        ),
    )
    p.add_argument("--once", action="store_true", help="send what is due now, then stop")
    p.add_argument("--interval", type=float, default=5.0, help="seconds between looks (default 5)")
    p.add_argument("--with-parent", type=int, default=0, help=argparse.SUPPRESS)
    p.set_defaults(handler=run_worker)


def run_sendtestmail(args: argparse.Namespace) -> int:
    from joinedup.outbox.delivery import DeliveryError, send_test

    try:
        server = send_test(args.address)
    except DeliveryError as exc:
        raise CommandError(f"the test message to {args.address} was not sent: {exc}") from None
    print(f"Sent a test message to {args.address} through {server}.")
    return 0


def run_worker(args: argparse.Namespace) -> int:
    from joinedup.outbox.delivery import Delivered, deliver_all, work

    if args.once:
        done = deliver_all()
        print(f"{done.sent} messages sent, {done.failed} failed (to be tried again).")
        return 1 if done.failed else 0
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if args.with_parent:
        threading.Thread(target=_stop_with, args=(args.with_parent, stop), daemon=True).start()

    def report(done: Delivered) -> None:
        print(f"outbox: {done.sent} sent, {done.failed} failed", file=sys.stderr, flush=True)

    work(stop, args.interval, report)
    return 0


def _stop_with(parent: int, stop: threading.Event) -> None:
    """Set ``stop`` once the process that started this worker has gone."""
    while not stop.wait(2.0):
        if os.getppid() != parent:
            stop.set()
