"""The ``joinedup`` command.

Each sub-command lives in a module of :mod:`joinedup.commands` that offers
``register(subparsers)``; this module finds them, parses the command line, sets up
Django (turning a bad setting into one line on stderr) and runs the command.
Commands parse, call a service and print; the work is done elsewhere.

Building the parser loads no heavy module (see :mod:`joinedup.commands`), so
``joinedup --help`` answers at once; each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence

from joinedup import __version__

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="joinedup",
        description="joinedup: surveys, scores, networks and diagnoses for partnerships.",
    )
    parser.add_argument("--version", action="version", version=f"joinedup {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    package = importlib.import_module("joinedup.commands")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"joinedup.commands.{info.name}")
        if hasattr(module, "register"):
            module.register(subparsers)
    return parser


def setup_django() -> None:
    """Load the settings and the apps; a bad setting raises ConfigError."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()


class CommandError(Exception):
    """A command could not do what was asked; the message says why, in one line."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from joinedup.conf import ConfigError

    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        if getattr(args, "needs_django", True):
            # A command may hand values to the settings first (serve and demo: the
            # address they listen on, the default base URL of survey links).
            before = getattr(args, "before_django", None)
            if before is not None:
                before(args)
            setup_django()
            from joinedup.web.limits import FileTooLarge, check_command_inputs

            try:
                check_command_inputs(args)
            except FileTooLarge as exc:
                raise CommandError(str(exc)) from None
        handler: Handler = args.handler
        return handler(args)
    except ConfigError as exc:
        print(f"joinedup: configuration error: {exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"joinedup: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``joinedup round list | head``): stop quietly.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        if _is_missing_tables(exc):
            sys.stdout.flush()
            print(
                "\njoinedup: the database has no joinedup tables yet: run `joinedup init` first",
                file=sys.stderr,
            )
            return 2
        if _is_database_unreachable(exc):
            print(
                "joinedup: cannot use the database named by JOINEDUP_DATABASE_URL: "
                + _first_line(exc),
                file=sys.stderr,
            )
            return 2
        raise


def _is_missing_tables(exc: BaseException) -> bool:
    from django.db.utils import OperationalError, ProgrammingError

    text = str(exc)
    return (isinstance(exc, OperationalError) and "no such table" in text) or (
        isinstance(exc, ProgrammingError) and "does not exist" in text and "relation" in text
    )


def _is_database_unreachable(exc: BaseException) -> bool:
    from django.db.utils import OperationalError

    return isinstance(exc, OperationalError)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
