"""Getting the instrument of a stored version: one method, a cache that is never stale.

An unused version may be rewritten by importing a changed file with the same id and
version; the next lookup, whichever process makes it, must see the new definition.
"""

from __future__ import annotations

import copy

import pytest
import yaml

from joinedup.analysis.instruments import InstrumentError
from joinedup.surveys.library import import_instrument_file
from joinedup.surveys.models import InstrumentVersion, definition_digest
from tests.surveys.conftest import CHECK, make_round


def _write(tmp_path, definition):
    path = tmp_path / "mini-check.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    return path


def test_reimporting_a_changed_unused_version_is_seen_by_the_next_lookup(tmp_path, db):
    first = import_instrument_file(_write(tmp_path, CHECK))
    before = InstrumentVersion.objects.get(pk=first.pk).instrument()
    assert [i.name for i in before.items()][-1] == "hc_comment"

    changed = copy.deepcopy(CHECK)
    changed["title"] = {"en": "A shorter health check", "cy": "Gwiriad iechyd byrrach"}
    changed["dimensions"][1]["items"].pop()  # the free-text question goes
    again = import_instrument_file(_write(tmp_path, changed))
    assert again.pk == first.pk  # the same row, rewritten

    # A fresh read of the row, as any other process would make it, with the
    # definition left unread as the respondent's path reads it.
    fresh = InstrumentVersion.objects.defer("definition").get(pk=first.pk)
    after = fresh.instrument()
    assert after.text(after.title) == "A shorter health check"
    assert "hc_comment" not in [i.name for i in after.items()]
    assert fresh.digest == definition_digest(fresh.definition) != first.digest


def test_a_cached_instrument_costs_no_query_even_with_the_definition_deferred(
    lsp, check_version, django_assert_num_queries
):
    round_ = make_round(lsp, check_version)
    check_version.instrument()  # parsed once
    version = InstrumentVersion.objects.defer("definition").get(rounds=round_)
    with django_assert_num_queries(0):
        assert version.instrument() is check_version.instrument()


def test_a_row_without_a_digest_is_parsed_from_its_definition(check_version):
    # A row restored from a bundle made before digests were stored has none.
    InstrumentVersion.objects.filter(pk=check_version.pk).update(digest="")
    bare = InstrumentVersion.objects.get(pk=check_version.pk)
    assert bare.digest == ""
    assert bare.instrument().id == "mini-check"
    bare.save()
    bare.refresh_from_db()
    assert bare.digest == definition_digest(bare.definition)


def test_a_digest_ignores_key_order_but_not_content():
    shuffled = dict(reversed(list(CHECK.items())))
    assert definition_digest(shuffled) == definition_digest(CHECK)
    assert definition_digest({**CHECK, "version": 2}) != definition_digest(CHECK)


def test_an_invalid_stored_definition_raises_the_instrument_error(check_version):
    InstrumentVersion.objects.filter(pk=check_version.pk).update(
        definition={"id": "mini-check"}, digest=""
    )
    broken = InstrumentVersion.objects.get(pk=check_version.pk)
    with pytest.raises(InstrumentError):
        broken.instrument()
