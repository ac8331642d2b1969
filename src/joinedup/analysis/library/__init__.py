"""The built-in instrument library: six questionnaires shipped with joinedup.

The instruments are YAML files in this package (see ``docs/instruments.md``),
read through :mod:`importlib.resources` so that they load the same way from a
source checkout and from an installed wheel. Every item is written for joinedup
and tagged with the framework dimensions it serves.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from joinedup.analysis.instruments import Instrument, InstrumentError, Problem, parse_instrument

#: The built-in instrument ids, in the order coordinators usually meet them.
BUILTIN_IDS: tuple[str, ...] = (
    "health-check",
    "barriers",
    "dynamics",
    "governance",
    "governance-modes",
    "network",
)


@cache
def _load(instrument_id: str) -> Instrument:
    resource = resources.files(__package__).joinpath(f"{instrument_id}.yaml")
    text = resource.read_text(encoding="utf-8")
    instrument = parse_instrument(yaml.safe_load(text), source=f"library/{instrument_id}.yaml")
    if instrument.id != instrument_id:
        raise InstrumentError(
            [
                Problem(
                    "library.id-mismatch",
                    f"file {instrument_id}.yaml holds instrument {instrument.id!r}",
                    file=f"library/{instrument_id}.yaml",
                )
            ]
        )
    return instrument


def builtin_instruments() -> list[Instrument]:
    """All built-in instruments, in :data:`BUILTIN_IDS` order."""
    return [_load(instrument_id) for instrument_id in BUILTIN_IDS]


def builtin(instrument_id: str) -> Instrument:
    """One built-in instrument by id; ``KeyError`` if there is no such instrument."""
    if instrument_id not in BUILTIN_IDS:
        raise KeyError(instrument_id)
    return _load(instrument_id)
