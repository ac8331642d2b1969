"""Plain data passed from the database side to the analysis core.

The Django apps turn their rows into these records (see
``joinedup.surveys.extract``); the analysis core never sees a model.
Identifiers are strings so that records from files and from the database look
the same.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One respondent's answer to one questionnaire item."""

    respondent: str  # a stable pseudonymous id of the response, never a name
    organisation: str  # the respondent's organisation id, fixed at invitation
    sector: str  # public, private, voluntary or community
    group: str  # stakeholder group, fixed at invitation
    item: str  # item name in the instrument
    value: float | None  # numeric score; None when missing, skipped or "don't know"
    dont_know: bool = False
    text: str = ""  # the raw answer for text and choice items


@dataclass(frozen=True, slots=True)
class RelationRow:
    """One respondent's rating of one other organisation on one relation item."""

    respondent: str
    source: str  # the respondent's organisation id
    target: str  # the organisation being rated
    item: str  # relation item name, e.g. ``net_depth`` or ``net_trust_reliable``
    value: float | None
