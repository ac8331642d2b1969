"""``joinedup participation …``: import activities, a population reference, indicators."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# sub-command, help, "module:function" in joinedup.participation
COMMANDS = [
    (
        "import-activities",
        "Import participation activities from a CSV file.",
        "imports:import_activities",
    ),
    (
        "import-population",
        "Import census-style population counts from a CSV file.",
        "imports:import_population",
    ),
    (
        "import-indicators",
        "Import indicator observations from a CSV file.",
        "imports:import_indicators",
    ),
    (
        "import-profiles",
        "Import aggregate participant profiles of activities from a CSV file.",
        "imports_people:import_profiles",
    ),
    (
        "import-panel",
        "Import citizens' panel invitations (ids stored only as salted hashes).",
        "imports_people:import_panel",
    ),
]


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "participation",
        help="Import participation activities, population figures, indicators, profiles, panels.",
    )
    sub = p.add_subparsers(dest="participation_command", metavar="ACTION", required=True)
    for name, help_text, importer in COMMANDS:
        q = sub.add_parser(name, help=help_text)
        q.add_argument("file", type=Path, help="the CSV file")
        q.set_defaults(handler=_runner(importer))


def _runner(importer: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        from joinedup.cli import CommandError
        from joinedup.participation import imports

        module_name, function = importer.split(":")
        module = importlib.import_module(f"joinedup.participation.{module_name}")

        if not args.file.is_file():
            raise CommandError(f"{args.file}: no such file")
        try:
            count = getattr(module, function)(args.file)
        except imports.ImportFailed as exc:
            for line in imports.iter_problems(exc):
                print(line, file=sys.stderr)
            raise CommandError(
                f"{args.file.name}: {len(exc.problems)} problem(s); nothing was imported"
            ) from None
        print(f"{args.file.name}: {count} row(s) imported.")
        return 0

    return run
