"""A partnership pulse survey as a Kobo/ODK author writes it: skip logic, checks,
a cascading list, "or other", dates and times, a range, a nested group, a
calculation used in labels, and a list kept in a CSV file beside the form."""

from __future__ import annotations

from pathlib import Path

from .xlsform_tables import Table, write_form

SURVEY: Table = [
    (
        "type",
        "name",
        "label::English (en)",
        "hint::English (en)",
        "required",
        "relevant",
        "constraint",
        "constraint_message::English (en)",
        "calculation",
        "choice_filter",
        "appearance",
        "default",
        "parameters",
        "required_message::English (en)",
    ),
    ("start", "started"),
    ("begin group", "about", "About you and your organisation", None, None, None, None, None,
     None, None, "field-list"),
    ("select_one_from_file sectors.csv", "sector", "Which sector is your organisation in?",
     None, "yes"),
    ("select_one area", "area", "Which part of Kestermouth do you mainly work in?", None, "yes"),
    ("select_one ward", "ward", "Which ward?", "Only the wards of that part of town are listed.",
     "yes", "${area} != ''", None, None, None, "area = ${area}"),
    ("calculate", "area_name", None, None, None, None, None, None,
     "jr:choice-name(${area}, '${area}')"),
    ("date", "joined", "When did your organisation join the partnership?", None, "yes", None,
     ". <= today()", "The day your organisation joined cannot be in the future."),
    ("end group",),
    ("begin group", "working", "Working together"),
    ("note", "working_note", "Think of the partnership's work in ${area_name} over the last "
     "twelve months."),
    ("select_one agree", "trust", "Partners in ${area_name} trust each other.", None, "yes",
     None, None, None, None, None, None, None, None, "Please tell us how far you agree."),
    ("select_one agree", "shared_aims", "Partners work towards the same aims.", None, "yes"),
    ("select_one yes_no", "met", "Have you been to a partnership meeting this year?", None,
     "yes"),
    ("begin group", "meetings", "About the meetings", None, None, "${met} = 'yes'"),
    ("integer", "meetings_n", "How many meetings have you been to this year?", None, "yes",
     None, ". >= 1 and . <= 52", "Please give a number from 1 to 52."),
    ("select_one agree", "meetings_useful", "The meetings were a good use of my time.", None,
     "yes"),
    ("time", "meeting_time", "What time of day suits meetings best?"),
    ("end group",),
    ("select_multiple barrier or_other", "barriers", "What gets in the way of working "
     "together?"),
    ("range", "confidence", "How confident are you that the partnership will meet its goals?",
     "0 is not at all, 10 is completely.", None, None, None, None, None, None, None, "5",
     "start=0 end=10 step=1"),
    ("end group",),
    ("begin group", "close", "Last words"),
    ("text", "comment", "Is there anything else you want the partnership to know?"),
    ("end group",),
]
CHOICES: Table = [
    ("list_name", "name", "label::English (en)", "area"),
    ("agree", 1, "Strongly disagree"),
    ("agree", 2, "Disagree"),
    ("agree", 3, "Neither agree nor disagree"),
    ("agree", 4, "Agree"),
    ("agree", 5, "Strongly agree"),
    ("agree", -99, "Don't know"),
    ("yes_no", "yes", "Yes"),
    ("yes_no", "no", "No"),
    ("area", "north", "North Kestermouth"),
    ("area", "south", "South Kestermouth"),
    ("ward", "hillside", "Hillside", "north"),
    ("ward", "moorland", "Moorland", "north"),
    ("ward", "harbour", "Harbour", "south"),
    ("ward", "old_town", "Old Town", "south"),
    ("barrier", "time", "Not enough time"),
    ("barrier", "money", "Not enough money"),
    ("barrier", "data", "We cannot share data"),
]
SETTINGS: Table = [
    ("form_id", "form_title", "version", "default_language"),
    ("partnership-pulse", "Partnership pulse", "1", "English (en)"),
]
SECTORS = (
    "name,label\n"
    "public,Public body\n"
    "voluntary,Voluntary or community group\n"
    "private,Business\n"
)


def write_partnership_form(folder: Path) -> Path:
    """The form and its sectors.csv, side by side in ``folder``."""
    (folder / "sectors.csv").write_text(SECTORS, encoding="utf-8")
    return write_form(folder / "pulse.xlsx", SURVEY, CHOICES, SETTINGS)
