"""``{% plan_action %}``: the "Plan an action" link beside a finding, for those who
may manage the partnership (never in a printed report); and
``{% public_actions partnership %}``: the published actions' timeline for the
partnership's public "you said, we did" page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from joinedup.registry import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_action(
    context: Any, partnership: Any, kind: str, key: Any = "", round_: Any = None, *parts: Any
) -> SafeString | str:
    """The link; ``parts`` are the finding's words (joined with " · ") that the new
    action keeps as its snapshot."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if context.get("printing") or partnership is None or user is None:
        return ""
    if not permissions.can_manage(user, partnership):
        return ""
    text = " · ".join(str(p) for p in parts if p not in (None, ""))
    query = {"kind": kind, "key": str(key or ""), "text": text[:600]}
    if round_ is not None:
        query["round"] = str(getattr(round_, "pk", round_))
    url = reverse("actions:new", args=[partnership.pk]) + "?" + urlencode(query)
    return format_html('<a class="plan-action" href="{}">{}</a>', url, _("Plan an action"))


@register.inclusion_tag("actions/_public_timeline.html")
def public_actions(partnership: Any) -> dict[str, Any]:
    from joinedup.actions.sections import action_rows

    return {"rows": action_rows(partnership, published_only=True)}
