"""Storing instruments: the built-in library and files brought by evaluators.

Every stored instrument is validated first (:mod:`joinedup.analysis.instruments`);
a version that a round has used is never replaced.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from joinedup.analysis.forms import load_form
from joinedup.analysis.instruments import Instrument, InstrumentError, Problem
from joinedup.analysis.library import builtin_instruments
from joinedup.surveys.models import InstrumentVersion, SourceKind


def builtin_library() -> list[Instrument]:
    """The built-in instruments (``joinedup.analysis.library``)."""
    return builtin_instruments()


def store_instrument(instrument: Instrument, source: str) -> InstrumentVersion:
    """Save ``instrument`` as a version; replace an unused stored version with the same
    id and version, refuse a used one (:class:`InstrumentError`)."""
    definition = instrument.model_dump(mode="json")
    title = instrument.text(instrument.title)
    with transaction.atomic():
        existing = InstrumentVersion.objects.filter(
            key=instrument.id, version=instrument.version
        ).first()
        if existing is None:
            return InstrumentVersion.objects.create(
                key=instrument.id,
                version=instrument.version,
                title=title,
                kind=instrument.kind,
                definition=definition,
                source=source,
            )
        if existing.definition == definition:
            return existing
        if existing.is_used() or existing.source == SourceKind.BUILTIN:
            raise InstrumentError(
                [
                    Problem(
                        "instrument.version-used",
                        f"{instrument.id} version {instrument.version} is already stored "
                        "differently (built-in, or used by a survey round) and cannot be changed",
                        hint="give the changed instrument a higher version number",
                    )
                ]
            )
        existing.title, existing.kind = title, instrument.kind
        existing.definition, existing.source = definition, source
        existing.save()
        return existing


def ensure_builtin_instruments() -> list[InstrumentVersion]:
    """Store every built-in instrument not yet stored (idempotent)."""
    stored = []
    for instrument in builtin_library():
        found = InstrumentVersion.objects.filter(
            key=instrument.id, version=instrument.version
        ).first()
        stored.append(found or store_instrument(instrument, SourceKind.BUILTIN))
    return stored


def import_instrument_file(
    path: str | Path, warnings: list[Problem] | None = None
) -> InstrumentVersion:
    """Load a YAML instrument or an XLSForm and store it (see :func:`store_instrument`);
    the import's warnings are added to ``warnings`` when a list is given."""
    instrument = load_form(path, warnings)
    suffix = Path(path).suffix.lower()
    source = SourceKind.XLSFORM if suffix in {".xlsx", ".xls"} else SourceKind.YAML
    return store_instrument(instrument, source)


def latest_version(key: str) -> InstrumentVersion:
    """The highest stored version of instrument ``key`` (built-ins stored on demand)."""
    found = InstrumentVersion.objects.filter(key=key).order_by("-version").first()
    if found is None:
        ensure_builtin_instruments()
        found = InstrumentVersion.objects.filter(key=key).order_by("-version").first()
    if found is None:
        raise InstrumentError([Problem("instrument.unknown", f"no instrument called {key!r}")])
    return found
