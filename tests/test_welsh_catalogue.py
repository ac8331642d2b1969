"""The Welsh interface catalogue is complete and in step with the source.

- every message has a Welsh translation (no empty, no fuzzy entry), and every
  plural message all six Welsh forms;
- each translation keeps the placeholders of its English (``%(name)s``, ``%s``,
  ``{name}``), so no Welsh page or e-mail fails or drops a figure;
- every string the source marks for translation is in the catalogue: the test
  runs Django's ``makemessages`` over a copy of the package and compares;
- the compiled ``django.mo`` holds exactly what the ``.po`` says;
- Welsh dates read "6 Rhagfyr 2026", with the 24-hour clock.

To bring the catalogue up to date after adding strings, see docs/translating.md.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import formats, translation

import joinedup

PACKAGE = Path(joinedup.__file__).parent
PO = PACKAGE / "locale" / "cy" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLURAL_FORMS = (
    "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"
)

PERCENT = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[-#0 +]*\d*[dsf]")
BRACE = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def _entry_name(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid[:70]!r}"


def _placeholders(text: str, entry: polib.POEntry) -> list[str]:
    found: list[str] = []
    if "python-format" in entry.flags:
        found += sorted(m.group(0) for m in PERCENT.finditer(text.replace("%%", "")))
    if BRACE.search(entry.msgid):
        found += sorted("{" + m.group(1) + "}" for m in BRACE.finditer(text))
    return found


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def test_the_header_gives_welsh_plural_forms(catalogue) -> None:
    assert catalogue.metadata["Language"] == "cy"
    assert catalogue.metadata["Plural-Forms"] == PLURAL_FORMS


def test_every_message_is_translated(catalogue) -> None:
    untranslated = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            untranslated.append("fuzzy: " + _entry_name(entry))
        elif entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(6)]
            if not all(f.strip() for f in forms):
                untranslated.append("plural forms missing: " + _entry_name(entry))
        elif not entry.msgstr.strip():
            untranslated.append(_entry_name(entry))
    assert not untranslated, f"{len(untranslated)} not translated:\n" + "\n".join(untranslated)
    assert len(catalogue) > 1000


def test_translations_keep_their_placeholders(catalogue) -> None:
    wrong = []
    for entry in catalogue:
        if entry.msgid_plural:
            singular = set(_placeholders(entry.msgid, entry))
            plural = set(_placeholders(entry.msgid_plural, entry))
            for i, form in entry.msgstr_plural.items():
                have = set(_placeholders(form, entry))
                # The form for one may leave the number out ("one decimal place").
                ok = singular <= have <= singular | plural if i == 1 else have == plural
                if not ok:
                    wrong.append(f"{_entry_name(entry)} [{i}]: {sorted(have)}")
        elif _placeholders(entry.msgstr, entry) != _placeholders(entry.msgid, entry):
            wrong.append(f"{_entry_name(entry)}: {entry.msgstr[:70]!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_every_marked_string_of_the_source_is_in_the_catalogue(tmp_path, catalogue) -> None:
    """Django's own extraction over a copy of the package (so the real catalogue is
    never written): every message it finds must be in the committed one."""
    copy = tmp_path / "joinedup"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "*.mo", "*.po"),
    )
    (copy / "locale").mkdir()
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        here = Path.cwd()
        try:
            os.chdir(copy)
            call_command("makemessages", locale=["cy"], no_obsolete=True, verbosity=0)
        finally:
            os.chdir(here)
    extracted = polib.pofile(str(copy / "locale" / "cy" / "LC_MESSAGES" / "django.po"))

    def keys(po: polib.POFile) -> set[tuple[str, str, str]]:
        return {(e.msgctxt or "", e.msgid, e.msgid_plural or "") for e in po if not e.obsolete}

    missing = keys(extracted) - keys(catalogue)
    stale = keys(catalogue) - keys(extracted)
    assert not missing, "marked in the source, not in the catalogue (run makemessages):\n" + (
        "\n".join(repr(m[1][:80]) for m in sorted(missing))
    )
    assert not stale, "in the catalogue, no longer in the source (--no-obsolete):\n" + (
        "\n".join(repr(m[1][:80]) for m in sorted(stale))
    )


def test_the_compiled_catalogue_is_the_current_one(tmp_path, catalogue) -> None:
    fresh = tmp_path / "django.mo"
    catalogue.save_as_mofile(str(fresh))
    with MO.open("rb") as committed, fresh.open("rb") as made:
        kept = gettext.GNUTranslations(committed)._catalog  # type: ignore[attr-defined]
        wanted = gettext.GNUTranslations(made)._catalog  # type: ignore[attr-defined]
    kept = {k: v for k, v in kept.items() if k != ""}
    wanted = {k: v for k, v in wanted.items() if k != ""}
    assert kept == wanted, "django.mo is older than django.po: run msgfmt (docs/translating.md)"


def test_welsh_dates() -> None:
    with translation.override("cy"):
        assert formats.date_format(dt.date(2026, 12, 6)) == "6 Rhagfyr 2026"
        assert formats.date_format(dt.date(2026, 3, 1), "YEAR_MONTH_FORMAT") == "Mawrth 2026"
        moment = dt.datetime(2026, 12, 6, 14, 5)
        assert formats.date_format(moment, "DATETIME_FORMAT") == "6 Rhagfyr 2026, 14:05"
        assert formats.date_format(dt.date(2026, 12, 6), "SHORT_DATE_FORMAT") == "06/12/2026"


def test_a_welsh_translation_is_used() -> None:
    with translation.override("cy"):
        assert translation.gettext("Partnership report") == "Adroddiad y bartneriaeth"
        assert translation.ngettext("%(n)s response so far.", "%(n)s responses so far.", 2) % {
            "n": 2
        } == ("2 ymateb hyd yma.")
