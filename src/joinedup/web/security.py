"""Response headers that tell browsers what a joinedup page may do.

Django's ``SecurityMiddleware`` already sends ``X-Content-Type-Options: nosniff``,
the referrer policy and (behind TLS, see ``JOINEDUP_HTTPS``) HSTS; the
clickjacking middleware sends ``X-Frame-Options: DENY``. This middleware adds:

- ``Content-Security-Policy``: scripts, style sheets, fonts and fetches from this
  site only, no inline scripts and no ``eval``; images from this site or ``data:``
  URLs; no plugins, no ``<base>``, no framing, forms post back to this site.
  Inline ``<style>`` elements are refused, save one allowed by its SHA-256 hash:
  the fixed style sheet inside the network picture
  (:data:`joinedup.analysis.network_draw.STYLE`), which the page embeds as SVG and
  which must keep its own styles when downloaded as a file on its own. Inline
  ``style`` attributes are allowed (``style-src-attr 'unsafe-inline'``, and
  nothing else inline): the scores heat-map colours each table cell on a
  continuous scale computed on the server (``reports/_scores.html``). A style
  attribute cannot run script, and any ``url()`` in one still loads only from
  this site or ``data:`` (``img-src``). The Vega charts (vl-convert SVG), the
  admin and the API docs need nothing more.
- ``Permissions-Policy``: no camera, microphone, location, payment, USB and the
  like.
- ``Cross-Origin-Opener-Policy: same-origin`` and
  ``Cross-Origin-Resource-Policy: same-origin``.

A view that needs another policy sets the header itself; it is then left alone.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from joinedup.analysis.network_draw import STYLE as NETWORK_STYLE


def style_hash(element: str) -> str:
    """The CSP source that allows exactly this ``<style>`` element's text."""
    match = re.fullmatch(r"<style>(.*)</style>", element, flags=re.DOTALL)
    if match is None:
        raise ValueError("expected one <style> element")
    digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


STYLES = f"'self' {style_hash(NETWORK_STYLE)}"
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": STYLES,
    "style-src-elem": STYLES,
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
PERMISSIONS = (
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
)


def content_security_policy() -> str:
    return "; ".join(f"{name} {value}" for name, value in CSP.items())


def permissions_policy() -> str:
    return ", ".join(f"{feature}=()" for feature in PERMISSIONS)


HEADERS = {
    "Content-Security-Policy": content_security_policy(),
    "Permissions-Policy": permissions_policy(),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """Adds :data:`HEADERS` to every response that does not set them itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
