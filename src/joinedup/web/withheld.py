"""The analysis core's short readings of a figure, in the reader's language, where
a page prints them: why a figure is withheld ("fewer than 5 answers", "hidden to
protect a smaller group") and a dimension's band ("worth discussing").

The core keeps these words in English because they are data too: the JSON API,
the exports and the benchmark packets carry them unchanged, whatever the language
of the person who asked. A page translates them as it prints them. A reason this
module does not know is printed as it came, so nothing is ever lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext, gettext_lazy

BAND_WORDS = {
    "strength": gettext_lazy("strength"),
    "worth discussing": gettext_lazy("worth discussing"),
    "concern": gettext_lazy("concern"),
}


def _fewer(what: str) -> Callable[[re.Match[str]], str]:
    def words(m: re.Match[str]) -> str:
        k, n = m.group(1), m.group(2)
        if n is None:
            return FEWER[what] % {"k": k}
        return FEWER_OF[what] % {"k": k, "n": n}

    return words


# Each "fewer than k …" the core writes, with and without the count in brackets.
FEWER = {
    "answers": gettext_lazy("fewer than %(k)s answers"),
    "raters": gettext_lazy("fewer than %(k)s raters"),
    "respondents": gettext_lazy("fewer than %(k)s respondents"),
    "members answered": gettext_lazy("fewer than %(k)s members answered"),
    "participants profiled": gettext_lazy("fewer than %(k)s participants profiled"),
    "panel members asked": gettext_lazy("fewer than %(k)s panel members asked"),
    "answers in one of the two rounds": gettext_lazy(
        "fewer than %(k)s answers in one of the two rounds"
    ),
}
FEWER_OF = {
    "answers": gettext_lazy("fewer than %(k)s answers (%(n)s)"),
    "raters": gettext_lazy("fewer than %(k)s raters (%(n)s)"),
    "respondents": gettext_lazy("fewer than %(k)s respondents (%(n)s)"),
    "members answered": gettext_lazy("fewer than %(k)s members answered (%(n)s)"),
    "participants profiled": gettext_lazy("fewer than %(k)s participants profiled (%(n)s)"),
    "panel members asked": gettext_lazy("fewer than %(k)s panel members asked (%(n)s)"),
    "answers in one of the two rounds": gettext_lazy(
        "fewer than %(k)s answers in one of the two rounds (%(n)s)"
    ),
}
PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"hidden to protect a smaller group"), lambda m: gettext(m.group(0))),
    *(
        (re.compile(rf"fewer than (\d+) {re.escape(what)}(?: \((\d+)\))?"), _fewer(what))
        for what in FEWER
    ),
]
# For the catalogue: the literal the first pattern translates.
_HIDDEN = gettext_lazy("hidden to protect a smaller group")


def reason(text: str) -> str:
    """``text`` (a withheld figure's reason from the core) in the active language."""
    for pattern, words in PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            return words(m)
    return text


def band(value: object) -> str:
    """A band's word (strength, worth discussing, concern) in the active language."""
    return str(BAND_WORDS.get(str(value), value))
