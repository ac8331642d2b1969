"""A whole installation as one file: ``joinedup export`` and ``joinedup import``.

The bundle is a zip archive holding ``manifest.json`` and one JSON file per model
(Django's serializer, primary keys kept), in dependency order. The manifest records
the joinedup version, the migration state of every app in it (its schema), the
models in load order and the number of rows of each.

User accounts travel only when asked (``with_users``): then ``auth.User`` rows,
with their password hashes, and each user's access rows come too. Without them,
links from people to accounts are cleared and access rows are left out; the
manifest lists what was left out. API tokens never travel: make new ones.

An import goes into an empty database only, in one transaction, and refuses a
bundle whose schema differs from this installation's.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader

from joinedup import __version__

FORMAT = "joinedup-bundle/1"
# Secrets, client addresses and the audit trail stay with the installation (its
# backups keep them); a bundle carries the partnership data and who may see it.
NEVER = {"web.apitoken", "surveys.tokenthrottle", "audit.auditevent"}
USER_APPS = ("auth",)
Step = Callable[[int, int, str], None]


class BundleError(Exception):
    """The bundle cannot be written or read as asked; the message says why."""


@dataclass
class Plan:
    models: list[type[models.Model]]
    cleared: dict[str, list[str]] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _candidate_models(with_users: bool) -> list[type[models.Model]]:
    chosen = []
    for config in apps.get_app_configs():
        ours = config.name.startswith("joinedup.")
        if ours or (with_users and config.label in USER_APPS):
            chosen += [m for m in config.get_models() if _label(m) not in NEVER]
    if with_users:
        chosen = [m for m in chosen if _label(m) != "auth.permission"]
    return chosen


def _links(model: type[models.Model]) -> list[tuple[Any, str]]:
    """(field, target label) for each foreign key or one-to-one link of ``model``."""
    out = []
    for f in model._meta.concrete_fields:
        target = f.related_model
        if f.is_relation and target is not None and not isinstance(target, str):
            out.append((f, _label(target)))
    return out


def plan(with_users: bool) -> Plan:
    """Which models go into the bundle, in load order, and which links are cleared.

    A model whose required link points at a model outside the bundle (e.g. access
    rows without their user accounts) is left out; an optional link is cleared.
    """
    candidates = _candidate_models(with_users)
    included = {_label(m) for m in candidates} | {"contenttypes.contenttype"}
    result = Plan(models=[])
    changed = True
    while changed:
        changed = False
        for model in candidates:
            missing = [f for f, target in _links(model) if target not in included]
            if _label(model) in included and any(not f.null for f in missing):
                included.discard(_label(model))
                result.left_out.append(_label(model))
                changed = True
    kept = [m for m in candidates if _label(m) in included]
    for model in kept:
        cleared = [f.name for f, target in _links(model) if target not in included]
        if cleared:
            result.cleared[_label(model)] = cleared
    ordered = serializers.sort_dependencies([(None, kept)], allow_cycles=True)
    result.models = [m for m in ordered if _label(m) in included]
    return result


def schema_state(labels: list[str]) -> dict[str, list[str]]:
    """The applied migrations of each app named in ``labels``: the bundle's schema."""
    loader = MigrationLoader(connection)
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(loader.applied_migrations):
        if app_label in labels:
            state.setdefault(app_label, []).append(name)
    return state


def _exact(value: Any) -> Any:
    """JSON for the values Django's encoder would round: datetimes and times keep
    their microseconds (Django's own JSON encoder cuts them to milliseconds)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to a bundle")


def _rows(model: type[models.Model], cleared: list[str]) -> tuple[str, int]:
    queryset = model._default_manager.order_by("pk")
    data = serializers.serialize(
        "python", queryset, use_natural_foreign_keys=True, use_natural_primary_keys=False
    )
    for row in data:
        for name in cleared:
            row["fields"][name] = None
    text = json.dumps(data, ensure_ascii=False, indent=1, default=_exact)
    return text, len(data)


def export_bundle(path: Path, with_users: bool = False, step: Step | None = None) -> dict[str, Any]:
    """Write the installation to ``path``; returns the manifest."""
    chosen = plan(with_users)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": __version__,
        "with_users": with_users,
        "apps": sorted({m._meta.app_label for m in chosen.models}),
        "models": [],
        "counts": {},
        "cleared": chosen.cleared,
        "left_out": sorted(set(chosen.left_out) | NEVER),
    }
    manifest["schema"] = schema_state(manifest["apps"])
    with transaction.atomic(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, model in enumerate(chosen.models):
            if step:
                step(index, len(chosen.models), _label(model))
            text, count = _rows(model, chosen.cleared.get(_label(model), []))
            archive.writestr(f"data/{_label(model)}.json", text)
            manifest["models"].append(_label(model))
            manifest["counts"][_label(model)] = count
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
    if step:
        step(len(chosen.models), len(chosen.models), "done")
    return manifest


def read_manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError as exc:
        raise BundleError(f"{path} has no manifest.json: it is not a joinedup bundle") from exc
    except ValueError as exc:
        raise BundleError(f"{path}: manifest.json is not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"{path} is not a joinedup bundle of format {FORMAT}")
    return manifest


def check_schema(manifest: dict[str, Any]) -> None:
    here = schema_state(list(manifest.get("apps", [])))
    theirs = manifest.get("schema", {})
    for app_label in sorted(set(here) | set(theirs)):
        if here.get(app_label, []) != theirs.get(app_label, []):
            mine = (here.get(app_label) or ["none"])[-1]
            other = (theirs.get(app_label) or ["none"])[-1]
            raise BundleError(
                f"the bundle comes from a different database schema (app {app_label!r}: the "
                f"bundle's latest migration is {other}, this installation's is {mine}); "
                f"bring both installations to the same joinedup version "
                f"(bundle: {manifest.get('version')}, here: {__version__})"
            )


def check_empty(labels: list[str]) -> None:
    """Refuse to import over existing data: every model of the bundle must be empty here,
    and so must every joinedup model."""
    wanted = {label.lower() for label in labels}
    for config in apps.get_app_configs():
        for model in config.get_models():
            ours = config.name.startswith("joinedup.") or _label(model) in wanted
            if ours and model._default_manager.exists():
                raise BundleError(
                    f"the database already holds {model._meta.verbose_name_plural} "
                    f"({_label(model)}); import only into an empty database "
                    f"(e.g. a new JOINEDUP_DATABASE_URL, then `joinedup init`)"
                )


def _reason(exc: BaseException) -> str:
    for candidate in (exc, exc.__cause__, exc.__context__):
        text = str(candidate or "").strip()
        if text:
            return text.splitlines()[0]
    return type(exc).__name__


def _load(archive: zipfile.ZipFile, label: str) -> int:
    name = f"data/{label}.json"
    try:
        text = archive.read(name).decode("utf-8")
        count = 0
        for obj in serializers.deserialize("json", text, handle_forward_references=True):
            obj.save()
            count += 1
    except KeyError as exc:
        raise BundleError(f"the bundle has no {name}") from exc
    except (ValueError, serializers.base.DeserializationError) as exc:
        raise BundleError(f"{name} cannot be read: {_reason(exc)}") from exc
    return count


def _reset_sequences(labels: list[str]) -> None:
    chosen = [apps.get_model(label) for label in labels]
    statements = connection.ops.sequence_reset_sql(no_style(), chosen)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def import_bundle(path: Path, step: Step | None = None) -> dict[str, Any]:
    """Load a bundle into this (empty) database in one transaction; returns the manifest."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BundleError(f"cannot read {path}: {exc}") from exc
    with archive:
        manifest = read_manifest(archive, path)
        labels = [str(label) for label in manifest.get("models", [])]
        check_schema(manifest)
        with transaction.atomic():
            check_empty(labels)
            with connection.constraint_checks_disabled():
                for index, label in enumerate(labels):
                    if step:
                        step(index, len(labels), label)
                    loaded = _load(archive, label)
                    if loaded != manifest["counts"].get(label):
                        raise BundleError(
                            f"data/{label}.json holds {loaded} rows, the manifest says "
                            f"{manifest['counts'].get(label)}: the bundle is damaged"
                        )
            tables = [apps.get_model(label)._meta.db_table for label in labels]
            connection.check_constraints(table_names=tables)
            _reset_sequences(labels)
    if step:
        step(len(labels), len(labels), "done")
    return manifest


def describe(manifest: dict[str, Any]) -> str:
    rows = sum(int(n) for n in manifest.get("counts", {}).values())
    users = "with user accounts" if manifest.get("with_users") else "without user accounts"
    return f"{rows} rows in {len(manifest.get('models', []))} tables, {users}"
