"""Response headers that tell browsers what a joinedup page may do.

Django's ``SecurityMiddleware`` already sends ``X-Content-Type-Options: nosniff``,
the referrer policy and (behind TLS, see ``JOINEDUP_HTTPS``) HSTS; the
clickjacking middleware sends ``X-Frame-Options: DENY``. This middleware adds:

- ``Content-Security-Policy``: scripts, style sheets, fonts and fetches from this
  site only, no inline scripts and no ``eval``; images from this site or ``data:``
  URLs; no plugins, no ``<base>``, no framing, forms post back to this site.
  Inline ``<style>`` elements are refused, save one allowed by its SHA-256 hash:
  the fixed style sheet inside the network picture
  (:data:`joinedup.analysis.network.draw.STYLE`), which the page embeds as SVG and
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

Two checks run before anything else reads the request (:class:`BoundaryMiddleware`,
first in ``MIDDLEWARE``):

- ``X-Forwarded-For`` and ``X-Forwarded-Proto`` are dropped unless the request came
  from an address in ``JOINEDUP_TRUSTED_PROXIES``, so a client cannot claim to be
  someone else or to have arrived over TLS (Django's ``SECURE_PROXY_SSL_HEADER``
  would otherwise believe any sender). The first time in a server process that such a
  sender's request carries ``X-Forwarded-For``, a warning is logged naming the
  sender's address and the setting: a reverse proxy left out of the setting makes
  every client look like the proxy (one address in the audit log, one address for
  the limit on unknown survey links). Only the connection's address is logged, never
  the header's text, which the client writes.
- A NUL character in the path, the query string or a form or JSON body is refused
  with 400 and a plain message: no database stores it in text (PostgreSQL refuses
  it outright), and no legitimate request carries one. File uploads (multipart
  bodies) are left to their readers, which check every cell.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from joinedup.analysis.network.draw import STYLE as NETWORK_STYLE

logger = logging.getLogger(__name__)


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


PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")
NUL_MESSAGE = "The request contains a NUL character, which joinedup does not accept."


def has_nul(request: HttpRequest) -> bool:
    """True when the path, query string or a form/JSON body carries a NUL character."""
    if "\x00" in request.path:
        return True
    if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    kind = request.content_type or ""
    if request.method in ("POST", "PUT", "PATCH") and not kind.startswith("multipart/"):
        body = request.body
        if b"\x00" in body or (kind == "application/json" and b"\\u0000" in body):
            return True
        if kind == "application/x-www-form-urlencoded":
            return b"\x00" in unquote_to_bytes(body.replace(b"+", b" "))
    return False


UNTRUSTED_FORWARDING = (
    "A request from %(sender)s carries X-Forwarded-For, but %(sender)s is not in "
    "JOINEDUP_TRUSTED_PROXIES, so the header is ignored and every client reaching "
    "joinedup through that sender is taken to be %(sender)s (in the audit log and in "
    "the limit on unknown survey links). If %(sender)s is this site's reverse proxy, "
    "add it to JOINEDUP_TRUSTED_PROXIES. (Said once per server process.)"
)


class BoundaryMiddleware:
    """Forwarding headers from trusted proxies only; NUL characters refused (400).

    Django makes the middleware once per server process, so the warning about
    forwarding from an untrusted sender, kept on the instance, is logged once per
    process."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.warned_untrusted = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sender = request.META.get("REMOTE_ADDR")
        if sender not in settings.TRUSTED_PROXIES:
            if "HTTP_X_FORWARDED_FOR" in request.META and not self.warned_untrusted:
                self.warned_untrusted = True
                logger.warning(UNTRUSTED_FORWARDING, {"sender": sender})
            for header in PROXY_HEADERS:
                request.META.pop(header, None)
        if has_nul(request):
            if request.path.startswith("/api/"):
                # The API documents its refusals as JSON: {"detail": "…"}.
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
