"""Export of a whole installation and import into an empty database."""

from __future__ import annotations

import json
import zipfile

import pytest
from django.apps import apps
from django.core import serializers
from django.db import connection

from joinedup.cli import main
from joinedup.registry.models import Access, Partnership
from joinedup.reports import bundle


def _dump(with_users: bool) -> dict[str, list]:
    """Every bundled model's rows, field by field at full precision, keyed by model."""
    out = {}
    for model in bundle.plan(with_users).models:
        rows = model._default_manager.order_by("pk")
        out[model._meta.label_lower] = serializers.serialize(
            "python", rows, use_natural_foreign_keys=True
        )
    return out


KEEP = {"contenttypes.contenttype", "auth.permission"}


def _empty_database() -> None:
    """Delete every row but the content types and permissions Django makes itself
    (foreign keys are checked at the end of the transaction, so order does not matter)."""
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.label_lower not in KEEP:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
                for m2m in model._meta.local_many_to_many:
                    table = connection.ops.quote_name(m2m.remote_field.through._meta.db_table)
                    cursor.execute(f"DELETE FROM {table}")
    assert not Partnership.objects.exists()


@pytest.mark.parametrize("with_users", [False, True])
def test_round_trip_gives_identical_rows(personas, tmp_path, with_users) -> None:
    path = tmp_path / "kestermouth.zip"
    before = _dump(with_users)
    manifest = bundle.export_bundle(path, with_users=with_users)
    assert manifest["counts"]["registry.partnership"] == 3
    _empty_database()
    bundle.import_bundle(path)
    assert _dump(with_users) == before
    assert Access.objects.exists() is with_users


def test_users_travel_only_when_asked(personas, tmp_path) -> None:
    path = tmp_path / "b.zip"
    manifest = bundle.export_bundle(path)
    assert "auth.user" not in manifest["models"]
    assert "registry.access" in manifest["left_out"]
    assert "web.apitoken" in manifest["left_out"]
    with zipfile.ZipFile(path) as archive:
        assert not any("auth" in name for name in archive.namelist())
    with_users = bundle.export_bundle(tmp_path / "u.zip", with_users=True)
    assert with_users["counts"]["auth.user"] == 5


def test_import_refuses_a_database_that_is_not_empty(demo, tmp_path) -> None:
    path = tmp_path / "b.zip"
    bundle.export_bundle(path)
    count = Partnership.objects.count()
    with pytest.raises(bundle.BundleError, match="empty database"):
        bundle.import_bundle(path)
    assert Partnership.objects.count() == count


def test_import_refuses_a_bundle_from_another_schema(demo, tmp_path) -> None:
    path = tmp_path / "b.zip"
    bundle.export_bundle(path)
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(files["manifest.json"])
    manifest["schema"]["registry"].append("0099_from_the_future")
    files["manifest.json"] = json.dumps(manifest).encode()
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    _empty_database()
    with pytest.raises(bundle.BundleError, match="different database schema"):
        bundle.import_bundle(other)
    assert not Partnership.objects.exists()


def test_damaged_bundle_changes_nothing(demo, tmp_path) -> None:
    path = tmp_path / "b.zip"
    bundle.export_bundle(path)
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["data/registry.membership.json"] = b'[{"model": "registry.membership", "pk": 1,'
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(damaged, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    _empty_database()
    with pytest.raises(bundle.BundleError, match=r"registry\.membership"):
        bundle.import_bundle(damaged)
    assert not Partnership.objects.exists()


def test_cli_export_and_import(demo, tmp_path, capsys) -> None:
    path = tmp_path / "b.zip"
    assert main(["export", "-o", str(path)]) == 0
    assert "3" in capsys.readouterr().out
    assert main(["import", str(path)]) == 1
    assert "empty database" in capsys.readouterr().err
    not_a_bundle = tmp_path / "notes.zip"
    not_a_bundle.write_text("hello")
    assert main(["import", str(not_a_bundle)]) == 1
    assert "cannot read" in capsys.readouterr().err
