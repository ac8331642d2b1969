"""``joinedup benchmark``: benchmark packets across installations (key,
export-packet, trust, trusted, import-packets)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "benchmark", help="Benchmark packets: export this installation's, import others'."
    )
    sub = p.add_subparsers(dest="benchmark_command", metavar="ACTION", required=True)
    key = sub.add_parser("key", help="Print this installation's id and public key.")
    key.set_defaults(handler=run_key)
    export = sub.add_parser(
        "export-packet",
        help="Write this installation's signed benchmark packet (closed rounds, k or more).",
    )
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export.set_defaults(handler=run_export)
    trust = sub.add_parser("trust", help="Accept packets signed with another installation's key.")
    trust.add_argument("name", help="a name for the installation, shown beside its partnerships")
    trust.add_argument("public_key", help="its public key (base64), from its key page")
    trust.add_argument("--note", default="", help="who vouched for the key, and when")
    trust.set_defaults(handler=run_trust)
    listed = sub.add_parser("trusted", help="List the installations trusted here.")
    listed.set_defaults(handler=run_trusted)
    imp = sub.add_parser(
        "import-packets",
        help="Check and import benchmark packets (all files or none).",
    )
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE")
    imp.set_defaults(handler=run_import)


def run_key(args: argparse.Namespace) -> int:
    from joinedup.reports.packets import own_installation

    own = own_installation()
    print(f"installation id: {own['id']}")
    print(f"public key (Ed25519, base64): {own['public_key']}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from joinedup.reports.packets import export_packet, packet_bytes

    packet = export_packet()
    try:
        args.output.write_bytes(packet_bytes(packet))
    except OSError as exc:
        raise CommandError(f"cannot write {args.output}: {exc.strerror}") from None
    dims = sum(len(r["dimensions"]) for r in packet["rounds"])
    print(f"Wrote {args.output}: {len(packet['rounds'])} rounds, {dims} dimension figures")
    return 0


def run_trust(args: argparse.Namespace) -> int:
    from joinedup.reports.packets import trust

    try:
        found = trust(args.name, args.public_key, args.note)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    print(f"Trusted {found.name} (installation {found.installation_id})")
    return 0


def run_trusted(args: argparse.Namespace) -> int:
    from joinedup.reports.models import TrustedInstallation

    for t in TrustedInstallation.objects.all():
        print(f"{t.installation_id}  {t.name}  {t.rounds.count()} rounds")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from joinedup.reports.packets import import_packets
    from joinedup.web.limits import FileTooLarge, check_file_size

    files = []
    for path in args.files:
        try:
            check_file_size(path)
            files.append((str(path), path.read_bytes()))
        except (OSError, FileTooLarge) as exc:
            raise CommandError(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None
    report = import_packets(files)
    if not report.ok:
        for _name, error in report.refused:
            print(error, file=sys.stderr)
        raise CommandError(
            f"{len(report.refused)} of {len(files)} packets refused; nothing was imported"
        )
    print(
        f"Imported {len(files)} packets: {report.added} rounds added, {report.replaced} replaced, "
        f"{report.unchanged} unchanged, {report.older} older (skipped)"
    )
    return 0
