"""A round's state and days for templates, through :mod:`joinedup.surveys.lifecycle`
so that every page agrees with the respondents' links and the results:
``{{ round|round_state_label }}``, ``{{ round|opens_on|date:"j F Y" }}``,
``{{ round|closes_on|date:"j F Y" }}`` (the last day answers are taken)."""

from __future__ import annotations

import datetime as dt

from django import template

from joinedup.surveys import lifecycle
from joinedup.surveys.models import Round

register = template.Library()


@register.filter
def round_state(round_: Round) -> str:
    return lifecycle.round_state(round_).value


@register.filter
def round_state_label(round_: Round) -> str:
    return lifecycle.round_state(round_).label


@register.filter
def opens_on(round_: Round) -> dt.date:
    return lifecycle.opens_on(round_)


@register.filter
def closes_on(round_: Round) -> dt.date:
    return lifecycle.closes_on(round_)
