"""The XLSForm vocabulary joinedup understands: columns, types and appearances.

Everything listed here is accepted by the importer; anything else in a survey
row is refused with a problem naming its row and column (see
``docs/instruments.md`` for the reasons).
"""

from __future__ import annotations

import re

from joinedup.analysis.instruments import ItemType

SURVEY_COLUMNS = {
    "type",
    "name",
    "label",
    "hint",
    "required",
    "appearance",
    "joinedup::tags",
    "joinedup::reverse",
    "joinedup::type",
    "joinedup::only_if_works_with",
}
#: Types that record facts about the device or session, never asked: skipped.
META_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
}
PLAIN_TYPES = {
    "text": ItemType.TEXT,
    "string": ItemType.TEXT,
    "integer": ItemType.INTEGER,
    "int": ItemType.INTEGER,
    "decimal": ItemType.DECIMAL,
}
ITEM_APPEARANCES = {"", "minimal", "likert", "horizontal", "horizontal-compact", "quick"}
GROUP_APPEARANCES = {"", "field-list"}
COLUMN_HINTS = {
    "relevant": "skip logic is not supported: ask the question of everyone, or make two forms",
    "constraint": "answer checks are not supported: clear this cell",
    "constraint_message": "answer checks are not supported: clear this cell",
    "calculation": "calculations are not supported: clear this cell",
    "choice_filter": "cascading selects are not supported: use one plain list",
    "repeat_count": "repeats are not supported",
    "default": "default answers are not supported: clear this cell",
}
SELECT = re.compile(
    r"^(select_one|select one from|select one|select1|select_multiple"
    r"|select all that apply from|select all that apply)\s+(\S+)(\s+or_other|\s+or specify other)?$"
)
FROM_FILE = re.compile(
    r"^(select_(one|multiple)_(from_file|external)|select (one|multiple) from file)"
)
BEGIN = re.compile(r"^begin[ _](group|repeat|loop)\b")
END = re.compile(r"^end[ _](group|repeat|loop)$")
