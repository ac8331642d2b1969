"""The instrument workshop: a coordinator adapts a stored instrument and saves it
as a new version.

Where the draft lives
    A draft under edit is kept in the person's session (one draft per sign-in), as
    the stored version it started from and the edited definition. It is one
    person's unfinished work: kept there, nothing half-made appears in anyone's
    instrument picker, list, export or bundle, and nothing needs cleaning up when
    it is abandoned (sessions expire; ``joinedup housekeeping`` deletes them). A
    definition is small (the health check is about 15 KB of JSON) and sessions are
    kept in the database, so a draft survives a restart of the server. Every edit
    validates the whole instrument again (:mod:`joinedup.analysis.adapting`), so a
    draft in the session is always a valid instrument.

Saving
    :func:`save` stores the draft as a new :class:`InstrumentVersion` with source
    "adapted", ``adapted_from`` the version it started from and ``family`` that
    version's line. Its id is the coordinator's choice: a new id starts at version
    1; the id of an earlier adaptation of the same line gets the next version
    number. The ids of built-in and uploaded instruments are refused (their next
    versions are theirs to make). Stored versions are never changed: a round's
    version is frozen by the model (:class:`InstrumentVersion`).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from joinedup.analysis import adapting
from joinedup.analysis.forms import load_form
from joinedup.analysis.instruments import NAME_PATTERN, Instrument, InstrumentError, Problem
from joinedup.analysis.instruments import parse_instrument as parse
from joinedup.surveys.library import store_instrument
from joinedup.surveys.models import InstrumentVersion, SourceKind

SESSION_KEY = "instrument_workshop"
UPLOAD_LIMIT = 2 * 1024 * 1024


@dataclass(frozen=True)
class Draft:
    source: InstrumentVersion
    instrument: Instrument


def _refuse(code: str, message: str, hint: str = "") -> InstrumentError:
    return InstrumentError([Problem(f"workshop.{code}", message, hint=hint)])


def adaptable() -> list[InstrumentVersion]:
    """Stored questionnaires a draft may start from (network surveys ask about a
    partnership's own members and are not adapted here)."""
    return list(InstrumentVersion.objects.filter(kind="questionnaire").order_by("title", "version"))


def start(session: Any, source: InstrumentVersion) -> Draft:
    """Begin a draft from ``source`` (replacing any draft of this session)."""
    if source.kind != "questionnaire":
        raise _refuse("not-a-questionnaire", "only questionnaires can be adapted here")
    instrument = source.instrument()
    _keep(session, source, instrument)
    return Draft(source, instrument)


def _keep(session: Any, source: InstrumentVersion, instrument: Instrument) -> None:
    session[SESSION_KEY] = {
        "source": source.pk,
        "definition": instrument.model_dump(mode="json"),
    }


def current(session: Any) -> Draft | None:
    """This session's draft, or None (also when its source version is gone)."""
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict):
        return None
    pk = kept.get("source")
    source = InstrumentVersion.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if source is None:
        return None
    try:
        return Draft(source, parse(kept.get("definition"), "workshop"))
    except InstrumentError:
        return None


def discard(session: Any) -> None:
    session.pop(SESSION_KEY, None)


def edit(session: Any, draft: Draft, action: str, data: Any) -> Draft:
    """Apply one edit of the workshop page (``action`` and the posted ``data``) and
    keep the result; raises :class:`InstrumentError` and keeps nothing when refused."""
    inst = draft.instrument
    target = str(data.get("target", ""))
    if action == "drop_dimension":
        inst = adapting.drop_dimension(inst, target)
    elif action == "drop_item":
        inst = adapting.drop_item(inst, target)
    elif action in ("dimension_up", "dimension_down"):
        inst = adapting.move_dimension(inst, target, -1 if action.endswith("up") else 1)
    elif action in ("item_up", "item_down"):
        inst = adapting.move_item(inst, target, -1 if action.endswith("up") else 1)
    elif action == "add_item":
        options = str(data.get("options", "")).splitlines()
        inst = adapting.add_item(
            inst,
            str(data.get("dimension", "")),
            str(data.get("kind", "")),
            str(data.get("label", "")),
            scale=str(data.get("scale", "")),
            options=options,
        )
    elif action == "texts":
        inst = adapting.relabel(inst, str(data.get("title", "")), str(data.get("introduction", "")))
    else:
        raise _refuse("unknown-action", "unknown change")
    _keep(session, draft.source, inst)
    return Draft(draft.source, inst)


def suggested_id(source: InstrumentVersion) -> str:
    """The id offered when saving: an adaptation's own id (for its next version),
    else the source's id with ``-adapted``."""
    if source.source == SourceKind.ADAPTED:
        return source.key
    return f"{source.key}-adapted"[:100]


def next_version(key: str, line: str) -> int:
    """The version number an adaptation saved as ``key`` gets (see the module notes)."""
    stored = InstrumentVersion.objects.filter(key=key)
    if not stored.exists():
        return 1
    if stored.exclude(source=SourceKind.ADAPTED).exists():
        raise _refuse(
            "id-taken",
            f"{key} is the id of a built-in or uploaded instrument",
            hint="choose another id for the adapted version",
        )
    if stored.exclude(family=line).exists():
        raise _refuse(
            "id-other-line",
            f"{key} is the id of an adaptation of another questionnaire",
            hint="choose another id",
        )
    return int(stored.aggregate(top=Max("version"))["top"]) + 1


def save(session: Any, draft: Draft, key: str) -> InstrumentVersion:
    """Store the draft as a new version (see the module notes) and end the draft."""
    key = key.strip()
    if not re.match(NAME_PATTERN, key) or len(key) > 100:
        raise _refuse(
            "bad-id",
            "an id starts with a letter and holds only letters, digits, '-', '_' and '.'",
            hint="for example health-check-lsp",
        )
    line = draft.source.line
    with transaction.atomic():
        version = next_version(key, line)
        data = draft.instrument.model_dump(mode="json")
        data.update(id=key, version=version)
        stored = store_instrument(parse(data, "workshop"), SourceKind.ADAPTED)
        stored.adapted_from = draft.source
        stored.family = line
        stored.save()
    discard(session)
    return stored


def upload(session: Any, file: UploadedFile[Any]) -> Draft:
    """Store an uploaded YAML instrument or XLSForm as a version and start a draft
    from it. An id and version already stored with other contents is refused."""
    name = Path(file.name or "upload").name
    suffix = Path(name).suffix.lower()
    if suffix not in {".yaml", ".yml", ".xlsx", ".xls"}:
        raise _refuse("kind", f"{name}: please upload a .yaml instrument or an XLSForm .xlsx")
    if (file.size or 0) > UPLOAD_LIMIT:
        raise _refuse("too-big", f"{name} is larger than 2 MB")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            instrument = load_form(path)
        except InstrumentError as exc:  # name the file as the person knows it
            raise InstrumentError(
                [replace(p, file=name) if p.file else p for p in exc.problems]
            ) from None
    if instrument.kind != "questionnaire":
        raise _refuse("not-a-questionnaire", f"{name}: only questionnaires can be adapted here")
    same = InstrumentVersion.objects.filter(key=instrument.id, version=instrument.version).first()
    if same is not None and same.definition != instrument.model_dump(mode="json"):
        raise _refuse(
            "stored",
            f"{name}: {instrument.id} version {instrument.version} is already stored "
            "with other contents",
            hint="give the file's instrument another id or a higher version number",
        )
    kind = SourceKind.XLSFORM if suffix in {".xlsx", ".xls"} else SourceKind.YAML
    stored = same or store_instrument(instrument, kind)
    return start(session, stored)
