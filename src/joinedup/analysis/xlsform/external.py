"""Choice lists kept in a file beside the form (``select_one_from_file lists.csv``).

ODK reads the list from a CSV file (a header row with at least ``name`` and
``label``; other columns may be read by a ``choice_filter``) or an XML file
(``<root><item><name>…</name><label>…</label></item>…</root>``). joinedup needs
the file at import, given with the form or lying in the same folder, and keeps
the choices inside the instrument, so that a later change to the file does not
change a stored version.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from joinedup.analysis.instruments import Choice
from joinedup.analysis.xlsform.sheets import number_or_text

_PROPERTY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


class ListFileError(ValueError):
    """A list file that is missing or cannot be read (the message says which)."""


def find_list_file(name: str, form: Path, files: Mapping[str, Path] | None) -> Path:
    """The list file ``name``: from ``files`` (by file name), else beside the form."""
    if files and name in files:
        return Path(files[name])
    beside = form.parent / name
    if beside.is_file():
        return beside
    raise ListFileError(f"the list file {name!r} was not given with the form")


def read_list_file(path: Path, language: str) -> list[Choice]:
    """The choices of a CSV or XML list file (see the module's notes)."""
    try:
        if path.suffix.lower() == ".xml":
            rows = [
                {child.tag: (child.text or "").strip() for child in item}
                for item in SafeET.parse(path).getroot()
            ]
        elif path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = [dict(row) for row in csv.DictReader(handle)]
        else:
            raise ListFileError(f"{path.name!r} is neither a .csv nor an .xml list")
    except (OSError, UnicodeDecodeError, csv.Error, ParseError, DefusedXmlException) as exc:
        raise ListFileError(f"cannot read {path.name!r}: {exc}") from None
    choices: list[Choice] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        label = (row.get("label") or "").strip()
        if not name or not label:
            raise ListFileError(f"{path.name!r}, row {number}: every choice needs a name and label")
        if name in seen:
            raise ListFileError(f"{path.name!r}, row {number}: the choice {name!r} is there twice")
        seen.add(name)
        properties = {
            key.strip(): (value or "").strip()
            for key, value in row.items()
            if key and key.strip() not in {"name", "label"} and _PROPERTY.match(key.strip())
        }
        choices.append(
            Choice(value=number_or_text(name), label={language: label}, properties=properties)
        )
    if not choices:
        raise ListFileError(f"{path.name!r} holds no choices")
    return choices
