"""How big a file joinedup agrees to read.

Every import (responses, XLSForms, context and participation CSVs) refuses a file
larger than ``JOINEDUP_MAX_UPLOAD_MB`` before reading a byte of it, so nothing
is changed. A workbook (``.xlsx``, ``.xlsm``) is a zip archive of XML that can
unpack to far more than its own size; one whose parts add up to more than
:data:`UNPACKED_FACTOR` times the limit is refused too, from the archive's
directory alone. Request bodies sent to the server are held to the same limit
by Django (``DATA_UPLOAD_MAX_MEMORY_SIZE``).

The ``joinedup`` command checks the ``file`` argument of every command that uses
the database (:func:`check_command_inputs`), except restores and bundle imports.
The web pages take no file uploads today; a form that adds one should call
:func:`check_file_size` or compare the upload's size with
``settings.MAX_UPLOAD_BYTES``. The ``joinedup analyse …`` commands, which read a
file on the user's own machine into memory and change no database, are not
limited.
"""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings

UNPACKED_FACTOR = 10
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
INPUT_ARGUMENTS = ("file",)


class FileTooLarge(ValueError):
    """A file is over the configured size; the message names it and the limit."""


def _megabytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size // 1024} KB" if size >= 1024 else f"{size} bytes"


def _unpacked_size(path: Path) -> int | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile):
        return None  # not a workbook after all: the reader says so clearly


def check_file_size(path: Path, limit: int | None = None) -> None:
    """Raise :class:`FileTooLarge` when ``path`` is over ``limit`` bytes (default:
    the configured limit), or is a workbook that unpacks to too much."""
    limit = settings.MAX_UPLOAD_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
    except OSError:
        return  # missing or unreadable: the import itself reports that
    if size > limit:
        raise FileTooLarge(
            f"{path} is {_megabytes(size)}, more than the {_megabytes(limit)} "
            "joinedup reads (JOINEDUP_MAX_UPLOAD_MB); nothing was imported"
        )
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        unpacked = _unpacked_size(path)
        if unpacked is not None and unpacked > UNPACKED_FACTOR * limit:
            raise FileTooLarge(
                f"{path} unpacks to {_megabytes(unpacked)}, more than "
                f"{UNPACKED_FACTOR} times the {_megabytes(limit)} limit "
                "(JOINEDUP_MAX_UPLOAD_MB); nothing was imported"
            )


def check_command_inputs(args: argparse.Namespace) -> None:
    """Check the input files named on a command line (see :data:`INPUT_ARGUMENTS`);
    raise :class:`FileTooLarge` for one that is too large (the ``joinedup`` command
    prints its message as one line and stops).

    Commands that load a whole installation (``joinedup restore``, the bundle's
    ``joinedup import``) set ``whole_installation`` and are never limited: a backup
    is as large as the installation it came from."""
    if getattr(args, "whole_installation", False):
        return
    for name in INPUT_ARGUMENTS:
        value: Any = getattr(args, name, None)
        if isinstance(value, str | Path):
            check_file_size(Path(value))
