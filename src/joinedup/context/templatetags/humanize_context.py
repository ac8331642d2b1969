"""Formatting filters for the context pages: percentages and sums of money."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """0.3333 → "33%"; None (nothing to divide by) → "—"."""
    if value is None:
        return "—"
    return f"{round(float(value) * 100):d}%"


@register.filter
def pounds(value: float | Decimal | None) -> str:
    """1234567.5 → "£1,234,568"."""
    if value is None:
        return "—"
    return f"£{float(value):,.0f}"
