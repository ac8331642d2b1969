"""Which address a request came from.

The address is ``REMOTE_ADDR``. Only when the request comes from an address in
``JOINEDUP_TRUSTED_PROXIES`` is ``X-Forwarded-For`` read: from the right, skipping
trusted proxies, the first address is the client (the left-hand entries can be
written by anyone and are not trusted). The survey-link limit
(:mod:`joinedup.surveys.throttle`) counts failures per such address, the sign-in
lockout (:mod:`joinedup.web.signin`) and the password-reset limit
(:mod:`joinedup.web.passwords`) count per address too, and the audit log records it
beside each action.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

#: What :func:`client_address` returns when the connection gives no usable address.
UNKNOWN = "unknown"


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address a request came from, trusting only the configured proxies."""
    remote = _ip(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _ip(hop)
        if address is None:
            return remote
        if address not in trusted:
            return address
    return remote
