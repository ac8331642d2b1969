"""Template helpers of the participation pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def words(value: object) -> str:
    """``on_time`` → ``on time``; ``age_band`` → ``age band``."""
    return str(value).replace("_", " ")
