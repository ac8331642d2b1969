"""Small inline instruments and answer tables for the scoring tests."""

from __future__ import annotations

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.instruments import Instrument, parse_instrument

AGREE = {
    "choices": [
        {"value": 1, "label": "Strongly disagree"},
        {"value": 2, "label": "Disagree"},
        {"value": 3, "label": "Neither"},
        {"value": 4, "label": "Agree"},
        {"value": 5, "label": "Strongly agree"},
    ],
    "dont_know": "Don't know",
}


def instrument(dimensions: dict[str, list[str]], id: str = "health-check", **extra) -> Instrument:
    """An instrument whose dimensions hold 1–5 agreement items with the given names."""
    reverse = set(extra.pop("reverse", ()))
    return parse_instrument(
        {
            "id": id,
            "title": "Test instrument",
            "scales": {"agree": AGREE},
            "dimensions": [
                {
                    "name": dim,
                    "label": dim.replace("_", " ").title(),
                    "tags": extra.get("tags", {}).get(dim, []),
                    "items": [
                        {
                            "name": n,
                            "label": f"Statement {n}",
                            "scale": "agree",
                            "reverse": n in reverse,
                        }
                        for n in names
                    ],
                }
                for dim, names in dimensions.items()
            ],
        }
    )


def rows(table: str, group_of: dict[str, str] | None = None) -> list[AnswerRow]:
    """Answers from a small text table: a header of item names, one line per respondent.

    The first column is the respondent, then an optional ``group`` column, then
    one column per item; ``.`` is a skipped answer and ``?`` is "don't know".
    """
    lines = [line.split() for line in table.strip().splitlines()]
    header, body = lines[0], lines[1:]
    out = []
    for line in body:
        cells = dict(zip(header, line, strict=True))
        who = cells.pop(header[0])
        group = cells.pop("group", (group_of or {}).get(who, "members"))
        for item, cell in cells.items():
            out.append(
                AnswerRow(
                    respondent=who,
                    organisation=f"org-{who}",
                    sector="public",
                    group=group,
                    item=item,
                    value=None if cell in ".?" else float(cell),
                    dont_know=cell == "?",
                )
            )
    return out
