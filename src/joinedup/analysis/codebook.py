"""The codebook of a response-level export, as a Frictionless Data Package.

A Data Package (https://datapackage.org, Table Schema v1 with the v2 ``categories``
property) is a ``datapackage.json`` beside the data files: one *resource* per file,
each with a *schema* listing its fields. Here every field has a ``type``, a
``title`` (the question as respondents read it), ``constraints`` (the scale's ends,
or the allowed codes), ``categories`` (value labels) and the missing-value codes;
what the standard has no word for is written as custom properties prefixed
``joinedup:`` (dimension, reverse scoring, scale, instrument and version, how the
quasi-identifiers were coarsened). Validators ignore properties they do not know.

This module only builds descriptors (plain dicts) and the column plan of a file;
it reads and writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from joinedup.analysis.instruments import Instrument, Item, ItemType

DONT_KNOW = -9  # the code of "don't know" in numeric columns (SPSS: user-missing)
NOT_ANSWERED = ""  # an item the respondent left out: an empty cell
PROFILE = "data-package"
EXPORTED = (
    ItemType.SCALE,
    ItemType.INTEGER,
    ItemType.DECIMAL,
    ItemType.SINGLE,
    ItemType.MULTIPLE,
)

# The descriptive columns of every row, most important first (the order in which
# the anonymiser prefers to keep them).
QUASI = ("group", "sector", "tier", "role")
QUASI_TITLES = {
    "group": "Stakeholder group of the respondent (from the invitation)",
    "sector": "Sector of the respondent's organisation",
    "tier": "Tier of the respondent's organisation (national, regional, local, neighbourhood)",
    "role": "Role of the respondent's organisation in the partnership when the round opened",
}


@dataclass(frozen=True)
class ItemColumn:
    """One item's column in the wide file: its name there, the item, and the
    Arrow/Table-Schema type (``integer``, ``number`` or ``string``)."""

    column: str
    item: Item
    dimension: str
    kind: str


def _integral(values: list[Any]) -> bool:
    return all(float(v).is_integer() for v in values)


def item_columns(instrument: Instrument, include_text: bool) -> list[ItemColumn]:
    """The items a file holds, in the instrument's order. Relation items (network
    ratings) are exported with the network tables, not here; free text only when
    asked for."""
    out = []
    for dim in instrument.dimensions:
        for item in dim.items:
            if item.type in (ItemType.SCALE,):
                scale = instrument.scale_of(item)
                values = [c.value for c in scale.choices] if scale else []
                kind = "integer" if _integral(values) else "number"
            elif item.type == ItemType.INTEGER:
                kind = "integer"
            elif item.type == ItemType.DECIMAL:
                kind = "number"
            elif item.type in (ItemType.SINGLE, ItemType.MULTIPLE) or (
                item.type == ItemType.TEXT and include_text
            ):
                kind = "string"
            else:
                continue
            out.append(ItemColumn(item.name, item, dim.name, kind))
    return out


def stat_names(names: list[str], limit: int = 32) -> dict[str, str]:
    """Names SPSS and Stata accept (letters, digits and ``_``, starting with a
    letter, at most ``limit`` characters), unique, keyed by the original name."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = re.sub(r"[^A-Za-z0-9_]", "_", name)
        if not base[:1].isalpha():
            base = "v" + base
        base = base[:limit]
        candidate, n = base, 1
        while candidate.lower() in used:
            n += 1
            candidate = f"{base[: limit - len(str(n)) - 1]}_{n}"
        used.add(candidate.lower())
        out[name] = candidate
    return out


def _categories(instrument: Instrument, item: Item) -> list[dict[str, Any]]:
    if item.type == ItemType.SCALE:
        scale = instrument.scale_of(item)
        choices = scale.choices if scale else []
    elif item.choices:
        choices = instrument.choices.get(item.choices, [])
    else:
        return []
    text = instrument.text
    if item.type in (ItemType.SINGLE, ItemType.MULTIPLE):
        return [{"value": str(c.value), "label": text(c.label)} for c in choices]
    return [{"value": c.value, "label": text(c.label)} for c in choices]


def item_field(instrument: Instrument, col: ItemColumn, name: str | None = None) -> dict[str, Any]:
    """The Table Schema field of one item's column in the wide file."""
    item = col.item
    field: dict[str, Any] = {
        "name": name or col.column,
        "type": col.kind,
        "title": instrument.text(item.label),
        "joinedup:item": item.name,
        "joinedup:item_type": item.type.value,
        "joinedup:dimension": col.dimension,
        "joinedup:reverse": item.reverse,
    }
    if item.hint:
        field["description"] = instrument.text(item.hint)
    if item.tags:
        field["joinedup:tags"] = list(item.tags)
    categories = _categories(instrument, item)
    if categories:
        field["categories"] = categories
    if item.type == ItemType.SCALE:
        scale = instrument.scale_of(item)
        assert scale is not None
        field["joinedup:scale"] = item.scale
        low, high = scale.low, scale.high
        cast = int if col.kind == "integer" else float
        field["constraints"] = {"minimum": cast(low), "maximum": cast(high)}
        if scale.dont_know:
            field["joinedup:dont_know_label"] = instrument.text(scale.dont_know)
    elif item.type == ItemType.SINGLE:
        field["constraints"] = {"enum": [c["value"] for c in categories]}
    elif item.type == ItemType.MULTIPLE:
        field["description"] = "The chosen values, separated by spaces."
    elif item.type == ItemType.TEXT:
        field["joinedup:review_required"] = True
        field["description"] = (
            "Free text as the respondent wrote it: not reviewed by a coordinator; "
            "read it for names and other identifying details before any use."
        )
    field["joinedup:missing_codes"] = {
        str(DONT_KNOW): "don't know",
        NOT_ANSWERED: "not answered (or not asked)",
    }
    return field


def id_fields(
    released: dict[str, list[str]], labels: dict[str, dict[str, str]], name: dict[str, str]
) -> list[dict[str, Any]]:
    """The fields that say whose row it is: pseudonym, round, partnership, and the
    coarsened quasi-identifiers with the values the file really holds."""
    fields: list[dict[str, Any]] = [
        {
            "name": name["respondent"],
            "type": "string",
            "title": "Respondent (a pseudonym valid in this export only)",
            "constraints": {"required": True},
        },
        {
            "name": name["round"],
            "type": "integer",
            "title": "Survey round (see the rounds resource)",
            "constraints": {"required": True},
        },
        {"name": name["partnership"], "type": "string", "title": "Partnership"},
    ]
    for column in QUASI:
        values = released.get(column, [])
        field: dict[str, Any] = {
            "name": name[column],
            "type": "string",
            "title": QUASI_TITLES[column],
            "joinedup:quasi_identifier": True,
        }
        if values:
            field["constraints"] = {"enum": values}
            field["categories"] = [
                {"value": v, "label": labels.get(column, {}).get(v, v)} for v in values
            ]
        fields.append(field)
    return fields


def instrument_property(instrument: Instrument) -> dict[str, Any]:
    """The instrument's identity, version and dimensions, for the package."""
    return {
        "id": instrument.id,
        "version": instrument.version,
        "title": instrument.text(instrument.title),
        "dimensions": [
            {
                "name": d.name,
                "title": instrument.text(d.label),
                "items": [i.name for i in d.items if i.type in EXPORTED or i.type.value == "text"],
                "reverse_scored": [i.name for i in d.items if i.reverse],
            }
            for d in instrument.dimensions
        ],
        "scales": {
            name: {
                "values": [c.value for c in s.choices],
                "labels": [instrument.text(c.label) for c in s.choices],
                "dont_know": instrument.text(s.dont_know) if s.dont_know else None,
            }
            for name, s in instrument.scales.items()
        },
    }


def long_fields(
    id_part: list[dict[str, Any]], items: list[str], include_text: bool
) -> list[dict[str, Any]]:
    """The fields of the long file: who, then one answer per row."""
    fields = list(id_part)
    fields += [
        {
            "name": "item",
            "type": "string",
            "title": "Item (see the items resource for its text, scale and dimension)",
            "constraints": {"required": True, "enum": items},
        },
        {"name": "dimension", "type": "string", "title": "Dimension of the item"},
        {
            "name": "value",
            "type": "number",
            "title": "Numeric answer (scale, whole number or number items)",
            "joinedup:missing_codes": {str(DONT_KNOW): "don't know", "": "not numeric"},
        },
        {
            "name": "choice",
            "type": "string",
            "title": "Chosen value(s) of a choice item, space-separated when several",
        },
    ]
    if include_text:
        fields.append(
            {
                "name": "text",
                "type": "string",
                "title": "Free text (not reviewed by a coordinator)",
                "joinedup:review_required": True,
            }
        )
    return fields


def items_resource_fields() -> list[dict[str, Any]]:
    """The tidy item table (one row per exported item) that the long file needs."""
    return [
        {"name": "item", "type": "string", "constraints": {"required": True}},
        {"name": "column", "type": "string", "title": "Column of the item in the wide file"},
        {"name": "instrument", "type": "string"},
        {"name": "version", "type": "integer"},
        {"name": "dimension", "type": "string"},
        {"name": "type", "type": "string"},
        {"name": "text", "type": "string", "title": "Item text"},
        {"name": "scale", "type": "string"},
        {"name": "minimum", "type": "number"},
        {"name": "maximum", "type": "number"},
        {"name": "reverse", "type": "boolean"},
    ]


def rounds_resource_fields() -> list[dict[str, Any]]:
    return [
        {"name": "round", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "partnership", "type": "string"},
        {"name": "period", "type": "string"},
        {"name": "opens", "type": "date"},
        {"name": "closes", "type": "date"},
        {"name": "instrument", "type": "string"},
        {"name": "version", "type": "integer"},
        {
            "name": "respondents",
            "type": "integer",
            "title": "Respondents in the export (never fewer than k)",
        },
    ]
