"""A round's open link: one link anyone may answer through, once per browser.

The coordinator switches it on and off (both audited). Its token is made and kept
like an invitation's (:mod:`joinedup.surveys.links`): the SHA-256 hash to look it
up, the token sealed with the installation's link key so the round page can show
it. Switching it off and on again keeps the same link.

A browser answering through it is remembered by a signed cookie, scoped to the
link's path: until submission it names the response (so the browser resumes it);
after submission it says only that this browser has answered, never which
response it gave (in an anonymous round nothing then joins the browser to the
answers). Responses through the open link have no invitation; their source is
``open`` and the response rate counts them apart from invitations.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from joinedup.surveys.links import give_token, hash_token, token_of
from joinedup.surveys.models import OpenLink, Response, ResponseSource, Round

#: What the cookie holds once the browser has submitted.
DONE = "done"
_SALT = "joinedup.surveys.open-link"
_COOKIE_DAYS = 400  # the most browsers keep a cookie


def switch_on(round_: Round) -> OpenLink:
    """Make the round's open link, or switch its existing one on again."""
    from joinedup.audit.log import record

    with transaction.atomic():
        link = OpenLink.objects.select_for_update().filter(round=round_).first()
        if link is None:
            link = OpenLink(round=round_)
            give_token(link)  # its hash and sealed copy, as for an invitation
        link.active = True
        link.save()
        record(
            "round.open-link-on",
            obj=round_,
            partnership=round_.partnership,
            summary=f"open link switched on for {round_}"[:500],
        )
    return link


def switch_off(round_: Round) -> None:
    """Stop the round's open link working (responses already started are kept)."""
    from joinedup.audit.log import record

    with transaction.atomic():
        OpenLink.objects.filter(round=round_).update(active=False)
        record(
            "round.open-link-off",
            obj=round_,
            partnership=round_.partnership,
            summary=f"open link switched off for {round_}"[:500],
        )


def find(token: str) -> OpenLink | None:
    """The active open link holding ``token``, with its round, or None."""
    digest = hash_token(token)
    link = (
        OpenLink.objects.select_related("round__partnership", "round__instrument")
        .filter(token_hash=digest, active=True)
        .first()
    )
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link


def url_of(link: OpenLink) -> str | None:
    """The open link's address, or None when its token cannot be opened."""
    token = token_of(link)
    return settings.BASE_URL + reverse("surveys:open", args=[token]) if token else None


def active_link(round_: Round) -> OpenLink | None:
    return OpenLink.objects.filter(round=round_, active=True).first()


def _cookie_name(link: OpenLink) -> str:
    return f"joinedup_open_{link.round_id}"


def remembered(request: HttpRequest, link: OpenLink) -> str:
    """What this browser's cookie says for the link: a response id, ``DONE``, or
    empty (none, or not signed by us)."""
    value = request.get_signed_cookie(_cookie_name(link), default="", salt=_SALT)
    return value or ""


def remember(request: HttpRequest, reply: HttpResponse, link: OpenLink, value: str) -> None:
    """Set the browser's cookie for the link (a response id, or ``DONE``)."""
    reply.set_signed_cookie(
        _cookie_name(link),
        value,
        salt=_SALT,
        max_age=_COOKIE_DAYS * 24 * 3600,
        path=request.path,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def started_response(link: OpenLink, remembered_value: str) -> Response | None:
    """The response the browser started through this link, if the cookie names one
    that is still this round's open-link response."""
    if not remembered_value.isdigit():
        return None
    response = (
        Response.objects.filter(
            pk=int(remembered_value),
            round=link.round,
            source=ResponseSource.OPEN,
            invitation__isnull=True,
        )
        .select_related("organisation")
        .first()
    )
    if response is not None:
        response.round = link.round
    return response


def start(link: OpenLink, organisation_id: int, group: str) -> Response:
    """A new response through the open link, for the chosen organisation and group."""
    response = Response.objects.create(
        round=link.round, organisation_id=organisation_id, group=group, source=ResponseSource.OPEN
    )
    response.round = link.round
    return response
