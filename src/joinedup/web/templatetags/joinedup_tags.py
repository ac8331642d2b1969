"""Template helpers shared by every app's pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(
    context: Any, template_name: str, section_context: Mapping[str, Any]
) -> SafeString:
    """Render one contributed page section with its own context and the request."""
    request = context.get("request")
    return render_to_string(template_name, dict(section_context), request=request)
