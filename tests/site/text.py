"""A page's visible text and its links, for tests that read pages as a person would."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: An internal identifier: lower-case words joined by underscores (``net_depth``,
#: ``contracts_between_partners``), as a whole word of the visible text.
IDENTIFIER = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/])")


class _Text(HTMLParser):
    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", " ".join(parse(html).parts))


def identifiers(html: str) -> list[str]:
    """Internal identifiers in the page's visible text."""
    return IDENTIFIER.findall(visible_text(html))
