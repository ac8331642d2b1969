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
    # the logic joinedup evaluates itself (joinedup.analysis.formlogic)
    "relevant",
    "constraint",
    "constraint_message",
    "required_message",
    "calculation",
    "choice_filter",
    "default",
    "read_only",
    "parameters",
}
#: Columns that carry pictures, sound or film: refused cell by cell (joinedup pages
#: show text only; ``media::image`` reads as base ``media``).
MEDIA_COLUMNS = {"media", "image", "audio", "video", "big-image"}
#: Columns only a phone app can honour: imported, with a warning per cell.
PHONE_ONLY_COLUMNS = {"buttontext", "intent", "body", "trigger"}
#: Appearances only a phone app can honour (an external app, a barcode scanner...).
PHONE_ONLY_APPEARANCE = re.compile(r"^(ex:|printer:|masked$|numbers$|thousands-sep$|multiline$)")
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
    "date": ItemType.DATE,
    "time": ItemType.TIME,
    "datetime": ItemType.DATETIME,
}
#: pyxform's "phone number" question: text with its digits-only check.
PHONE_NUMBER = ("phone number", r"regex(., '^\d*$')")
#: Question types that carry a picture, sound, film, place or file: refused.
MEDIA_TYPES = {"image", "audio", "video", "file", "geopoint", "geotrace", "geoshape", "barcode"}
ITEM_APPEARANCES = {
    "",
    "minimal",
    "likert",
    "horizontal",
    "horizontal-compact",
    "quick",
    "no-calendar",
    "month-year",
    "year",
}
GROUP_APPEARANCES = {"", "field-list"}
COLUMN_HINTS = {
    "repeat_count": "repeats are not supported",
    "media": "joinedup's pages show text only: clear this cell",
    "image": "joinedup's pages show text only: clear this cell",
    "audio": "joinedup's pages show text only: clear this cell",
    "video": "joinedup's pages show text only: clear this cell",
    "big-image": "joinedup's pages show text only: clear this cell",
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
