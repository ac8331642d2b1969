"""What one persona can read, as numbers with their context.

Every reader turns a source into :class:`Shown` numbers: the value, how many
decimals it was printed with (``None`` for full precision: JSON, Parquet, GraphML),
the words around it (``context``: the JSON keys and sibling strings on its path, a
CSV row with its header, an HTML table row with its column header, caption and
the headings above) and where it was read. The mapping to respondents is in
:mod:`tests.confidentiality.figures`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?(?![\w.])")


@dataclass(frozen=True)
class Shown:
    value: float
    decimals: int | None
    context: frozenset[str]
    source: str
    key: str = ""  # the JSON key or the CSV/HTML column header


def _words(text: str) -> set[str]:
    return {text.strip().lower()} if text and text.strip() else set()


def _number(text: str) -> tuple[float, int] | None:
    text = text.strip().replace("−", "-")
    if not NUMBER.fullmatch(text):
        return None
    decimals = len(text.split(".")[1]) if "." in text else 0
    return float(text), decimals


# --- JSON ----------------------------------------------------------------------


#: Columns and keys that hold counts, identifiers or settings, never a mean.
COUNTS = frozenset(
    [
        "n",
        "k",
        "n_boot",
        "seed",
        "id",
        "pk",
        "round",
        "round_id",
        "partnership",
        "partnership_id",
        "organisation",
        "instrument_version_id",
        "invited",
        "responded",
        "percent",
        "respondents",
        "readings",
        "members",
        "degree",
        "in_degree",
        "out_degree",
        "nodes",
        "edges",
        "count",
        "year",
    ]
)


def _keep(value: float, decimals: int | None, key: str) -> bool:
    """Whole numbers and count-like columns are not means the adversary can use."""
    return key.strip().lower() not in COUNTS and value != int(value)


def from_json(data: Any, source: str) -> list[Shown]:
    out: list[Shown] = []

    def walk(node: Any, context: frozenset[str], path: str, key: str) -> None:
        if isinstance(node, dict):
            here = context | {str(v).lower() for v in node.values() if isinstance(v, str)}
            for k, v in node.items():
                walk(v, here | {str(k).lower()}, f"{path}.{k}", str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, context, f"{path}[{i}]", key)
        elif isinstance(node, float) and _keep(node, None, key):
            out.append(Shown(float(node), None, context | {key.lower()}, f"{source} {path}", key))
        elif isinstance(node, str) and (parsed := _number(node)) and _keep(*parsed, key):
            out.append(
                Shown(parsed[0], parsed[1], context | {key.lower()}, f"{source} {path}", key)
            )

    walk(data, frozenset({source.lower()}), "", "")
    return out


# --- CSV, Parquet, GraphML, GEXF ----------------------------------------------------


def from_rows(header: list[str], rows: list[list[Any]], source: str, exact: bool) -> list[Shown]:
    out = []
    for r, row in enumerate(rows):
        words = frozenset(str(c).strip().lower() for c in row if c is not None) | frozenset(
            [*(h.lower() for h in header), source.lower()]
        )
        for name, cell in zip(header, row, strict=False):
            if isinstance(cell, int | float) and not isinstance(cell, bool):
                value, decimals = float(cell), None
            elif isinstance(cell, str) and (parsed := _number(cell)):
                value, decimals = parsed[0], None if exact else parsed[1]
            else:
                continue
            if value != value or not _keep(value, decimals, name):  # NaN, counts
                continue
            out.append(Shown(value, decimals, words, f"{source} row {r} {name}", name))
    return out


def from_csv(text: str, source: str) -> list[Shown]:
    table = list(csv.reader(io.StringIO(text)))
    if not table:
        return []
    return from_rows(table[0], table[1:], source, exact=True)


def from_parquet(body: bytes, source: str) -> list[Shown]:
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(body)).to_pylist()
    if not table:
        return []
    header = list(table[0])
    return from_rows(header, [[row[h] for h in header] for row in table], source, exact=True)


def from_graph(body: bytes, kind: str, source: str) -> list[Shown]:
    import networkx as nx

    with tempfile.NamedTemporaryFile(suffix=f".{kind}") as handle:
        handle.write(body)
        handle.flush()
        graph = nx.read_graphml(handle.name) if kind == "graphml" else nx.read_gexf(handle.name)
    rows = [dict(data, node=node) for node, data in graph.nodes(data=True)]
    rows += [dict(data, source=a, target=b) for a, b, data in graph.edges(data=True)]
    header = sorted({key for row in rows for key in row})
    return from_rows(header, [[row.get(h) for h in header] for row in rows], source, exact=True)


# --- HTML and PDF text ----------------------------------------------------------


class _Tables(HTMLParser):
    """Numbers in HTML with their row, column header, caption and headings."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.found: list[Shown] = []
        self.headings: list[str] = []
        self.heading: list[str] | None = None
        self.caption = ""
        self.columns: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.in_head = False
        self.skip = 0
        self.block: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg"):
            self.skip += 1
        elif tag in ("h1", "h2", "h3", "h4", "caption"):
            self.heading = []
        elif tag == "table":
            self.columns, self.caption = [], ""
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("h1", "h2", "h3", "h4") and self.heading is not None:
            level = int(tag[1])
            self.headings = [*self.headings[: level - 1], " ".join(self.heading).strip()]
            self.heading = None
        elif tag == "caption" and self.heading is not None:
            self.caption, self.heading = " ".join(self.heading).strip(), None
        elif tag == "thead":
            self.in_head = False
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self._row(self.row)
            self.row = None
        elif tag in ("p", "li", "dd", "div", "span") and self.block and self.row is None:
            self._text(" ".join(self.block))
            self.block = []

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.heading is not None:
            self.heading.append(data)
        elif self.cell is not None:
            self.cell.append(data)
        elif data.strip():
            self.block.append(data)

    def _context(self) -> frozenset[str]:
        return frozenset(h.lower() for h in [*self.headings, self.caption] if h)

    def _row(self, cells: list[str]) -> None:
        if self.in_head or not self.columns:
            self.columns = cells
            return
        words = self._context() | {c.lower() for c in cells if not _number(c)}
        for position, cell in enumerate(cells):
            column = self.columns[position] if position < len(self.columns) else ""
            for part in re.split(r"[–(),/]| to ", cell):
                if (parsed := _number(part)) and _keep(*parsed, column):
                    here = words | _words(column)
                    table = self.caption or self.headings[-1:]
                    source = f"{self.source} table {table} {cells[0]} / {column}"
                    self.found.append(Shown(parsed[0], parsed[1], here, source, column))

    def _text(self, text: str) -> None:
        words = self._context() | {text.lower()}
        for match in NUMBER.finditer(text):
            value = float(match.group().replace("−", "-"))
            decimals = len(match.group().split(".")[1]) if "." in match.group() else 0
            if not _keep(value, decimals, ""):
                continue
            self.found.append(Shown(value, decimals, words, f"{self.source} text {text[:60]!r}"))


def from_html(html: str, source: str) -> list[Shown]:
    parser = _Tables(source)
    parser.feed(html)
    parser.close()
    return parser.found


def pdf_text(body: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(body)
        handle.flush()
        done = subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True, timeout=60
        )
    return done.stdout.decode()


def from_pdf_text(text: str, source: str) -> list[Shown]:
    """Each line of the PDF's text is a row: its words are the context."""
    out = []
    heading = ""
    for line in text.splitlines():
        words = [w for w in re.split(r"\s{2,}", line.strip()) if w]
        if not words:
            continue
        if not any(_number(w) for w in words):
            heading = line.strip().lower()
            continue
        context = frozenset({heading} | {w.lower() for w in words if not _number(w)})
        for word in words:
            if (parsed := _number(word)) and _keep(*parsed, ""):
                out.append(
                    Shown(parsed[0], parsed[1], context, f"{source} line {line.strip()[:60]!r}")
                )
    return out


def from_response(response: Any, source: str) -> list[Shown]:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "json" in kind:
        return from_json(json.loads(body), source)
    if "csv" in kind:
        return from_csv(body.decode("utf-8-sig"), source)
    if "parquet" in kind:
        return from_parquet(body, source)
    if "graphml" in kind:
        return from_graph(body, "graphml", source)
    if "gexf" in kind:
        return from_graph(body, "gexf", source)
    if "pdf" in kind:
        return from_pdf_text(pdf_text(body), source)
    if "html" in kind:
        return from_html(body.decode(), source)
    return []
