"""``joinedup analyse …``: one-shot analysis of files from other tools.

Each ``joinedup.commands.analyse_*`` module offers ``register_analyse(subparsers)``
and adds its own sub-commands (``scores``, ``reliability``, ``network``, …). These
commands work on plain files and need no database.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import joinedup.commands


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyse", help="Analyse survey or network files from other tools (no database needed)."
    )
    inner = parser.add_subparsers(dest="analysis", metavar="ANALYSIS", title="analyses")
    parser.set_defaults(handler=lambda args: parser.print_help() or 0, needs_django=False)
    for info in sorted(pkgutil.iter_modules(joinedup.commands.__path__), key=lambda m: m.name):
        if info.name.startswith("analyse_"):
            module = importlib.import_module(f"joinedup.commands.{info.name}")
            module.register_analyse(inner)
