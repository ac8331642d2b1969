"""The analysis core's sentences in the reader's language, without Django.

The core may not import Django (an import-linter contract), yet the sentences it
writes for readers (the overview cards' headlines, reasons a figure is withheld)
belong in the interface catalogue like any other. They are marked here the way
Django code marks them, ``gettext("…")``, ``ngettext("…", "…", n)`` and
``gettext_noop("…")`` for words kept in tables and translated where they are
used, so Django's ``makemessages`` finds them; the web layer installs Django's own
functions when the site starts (:func:`install`, from ``WebConfig.ready``), so a
sentence comes out in the language active at the time it is written. Without
Django (``joinedup analyse``, tests of the core alone) the English comes back
unchanged, as before.

Results stay data: keys, enums and figures are never translated, only sentences
meant for a reader, at the moment they are composed.
"""

from __future__ import annotations

from collections.abc import Callable


def _english(message: str) -> str:
    return message


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


_gettext: Callable[[str], str] = _english
_ngettext: Callable[[str, str, int], str] = _english_plural


def install(gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str]) -> None:
    """Use these functions (Django's) from now on."""
    global _gettext, _ngettext
    _gettext, _ngettext = gettext, ngettext


def gettext(message: str) -> str:
    return _gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _ngettext(singular, plural, n)


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it (a table's words,
    translated with :func:`gettext` where they are printed)."""
    return message
