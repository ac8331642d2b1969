"""The methods appendix of the partnership report: the suppression rule in force,
who answered (by sector, from the surveys app) and the project's method notes
(``docs/methods-*.md``), rendered as simple HTML."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from joinedup.registry.models import Partnership

DOCS = Path(__file__).resolve().parents[3] / "docs"


@dataclass
class Appendix:
    k: int
    rounds: list[dict[str, Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    notes: list[tuple[str, SafeString]] = field(default_factory=list)


def chosen_round(partnership: Partnership, wanted: str | None) -> Any:
    """The round named by ``wanted`` if it belongs to the partnership, else None."""
    if not wanted or not wanted.isdigit():
        return None
    try:
        from joinedup.surveys.extract import partnership_rounds
    except ImportError:
        return None
    return partnership_rounds(partnership).filter(pk=int(wanted)).first()


def response_by_round(partnership: Partnership, chosen: Any = None) -> list[dict[str, Any]]:
    """Invited and responding members, overall and by sector, for each round
    (or only the chosen one). Counts of invitations only, never answers."""
    try:
        from joinedup.surveys.extract import partnership_rounds
        from joinedup.surveys.rounds import response_rates
    except ImportError:
        return []
    rounds = [chosen] if chosen is not None else list(partnership_rounds(partnership))
    out = []
    for round_ in rounds:
        rates = response_rates(round_)
        out.append(
            {
                "round": round_,
                "overall": rates.get("overall", []),
                "by_sector": rates.get("sector", []),
            }
        )
    return out


def appendix(partnership: Partnership, chosen: Any, lines: list[str]) -> Appendix:
    return Appendix(
        k=settings.MIN_RESPONDENTS,
        rounds=response_by_round(partnership, chosen),
        lines=lines,
        notes=method_notes(),
    )


def method_notes(folder: Path = DOCS) -> list[tuple[str, SafeString]]:
    """Each ``methods-*.md`` in the docs folder as (title, HTML), in file-name order."""
    if not folder.is_dir():
        return []
    notes = []
    for path in sorted(folder.glob("methods-*.md")):
        text = path.read_text(encoding="utf-8")
        title, body = _split_title(text, path.stem)
        notes.append((title, render_markdown(body)))
    return notes


def _split_title(text: str, fallback: str) -> tuple[str, str]:
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        return lines[0][2:].strip(), "\n".join(lines[1:])
    return fallback.replace("methods-", "").replace("-", " ").capitalize(), text


_BULLET = re.compile(r"^\s*[-*]\s+")
_INLINE = [
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*([^*]+)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![*\w])\*([^*]+)\*(?!\w)"), r"<em>\1</em>"),
]


def _inline(text: str) -> str:
    out = html.escape(text)
    for pattern, repl in _INLINE:
        out = pattern.sub(repl, out)
    return out


def _table(rows: list[str]) -> str:
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    body = [r for r in cells[1:] if not all(re.fullmatch(r":?-{2,}:?", c) for c in r)]
    head = "".join(f'<th scope="col">{_inline(c)}</th>' for c in cells[0])
    lines = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>" for r in body)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table>"


def _list_and_text(rows: list[str]) -> list[str]:
    """Paragraph text and bullet items (with their continuation lines) in order."""
    out: list[str] = []
    text: list[str] = []
    items: list[str] = []

    def flush_text() -> None:
        if text:
            out.append(f"<p>{_inline(' '.join(text))}</p>")
            text.clear()

    def flush_items() -> None:
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for row in rows:
        if _BULLET.match(row):
            flush_text()
            items.append(_BULLET.sub("", row).strip())
        elif items and row.startswith((" ", "\t")):
            items[-1] += " " + row.strip()
        else:
            flush_items()
            text.append(row.strip())
    flush_text()
    flush_items()
    return out


def render_markdown(text: str) -> SafeString:
    """A small, safe subset of Markdown: headings, paragraphs, bullet lists, pipe
    tables, code, bold and italics. Everything else is shown as escaped text."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        rows = [row.rstrip() for row in block.splitlines() if row.strip()]
        heading = re.match(r"^(#{1,6})\s+(.*)$", rows[0]) if rows else None
        if heading:
            level = min(len(heading.group(1)) + 2, 6)
            blocks.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            rows = rows[1:]
        if rows and all(r.lstrip().startswith("|") for r in rows):
            blocks.append(_table(rows))
        elif rows:
            blocks += _list_and_text(rows)
    return mark_safe("\n".join(blocks))  # noqa: S308 - every piece of text was escaped above
