"""Survey links: making them, keeping them sealed, showing and exporting them.

A link is ``BASE_URL/surveys/s/<token>/`` with ``secrets.token_urlsafe(32)`` as its
token (256 random bits). The database keeps two things of the token:

- its SHA-256 hash (``Invitation.token_hash``), by which a respondent's link is
  looked up (:mod:`joinedup.surveys.respond`); a hash cannot be turned back into a
  link;
- the token sealed with the installation's link key (``Invitation.token_sealed``):
  Fernet (AES-128-CBC with an HMAC-SHA256, from the ``cryptography`` library), so
  the coordinator can copy a person's link, export all of them and remind people
  with the link they already have.

The link key is not in the database: it is ``JOINEDUP_LINK_KEY`` or the file
``JOINEDUP_HOME/link_key`` (``settings.LINK_KEYS``; the first key seals, every key
opens). A copy of the database or a backup alone therefore gives no link. A sealed
token is only believed when its hash is the invitation's own, so a sealed value
copied onto another row is ignored. A link that cannot be opened (made before links
were kept, or sealed with a key the installation no longer has) is "not kept": its
respondent can still use it, and the coordinator can make the person a new one.

Making a person a new link (:func:`new_link`) is an explicit action of the
coordinator: the old link stops working at once.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from functools import cache
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from joinedup.analysis.cells import safe_row
from joinedup.surveys.models import Invitation, OpenLink, Round


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@cache
def _sealer(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode("ascii")) for k in keys])


def _keys() -> MultiFernet:
    return _sealer(tuple(settings.LINK_KEYS))


def seal(token: str) -> str:
    """The token encrypted with the first link key."""
    return _keys().encrypt(token.encode("utf-8")).decode("ascii")


def give_token(invitation: Invitation | OpenLink) -> str:
    """A fresh token for ``invitation`` or a round's open link (its hash and sealed
    copy set, not saved)."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.token_sealed = seal(token)
    return token


def token_of(invitation: Invitation | OpenLink) -> str | None:
    """The invitation's token, or None when it is not kept (see the module notes)."""
    if not invitation.token_sealed:
        return None
    try:
        token = _keys().decrypt(invitation.token_sealed.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        return None
    if not hmac.compare_digest(hash_token(token), invitation.token_hash):
        return None
    return token


def survey_link(token: str) -> str:
    return settings.BASE_URL + reverse("surveys:respond", args=[token])


def link_of(invitation: Invitation) -> str | None:
    """The invitation's link, or None when it is not kept."""
    token = token_of(invitation)
    return survey_link(token) if token else None


def new_link(invitation: Invitation) -> str:
    """Give the person a new link; the old one stops working now. Returns the link."""
    from joinedup.audit.log import record

    round_ = invitation.round
    with transaction.atomic():
        token = give_token(invitation)
        invitation.save(update_fields=["token_hash", "token_sealed"])
        record(
            "invitation.new-link",
            obj=invitation,
            partnership=round_.partnership,
            summary=f"new survey link for {invitation.person} in {round_}"[:500],
        )
    return survey_link(token)


def invitations_with_links(round_: Round) -> list[tuple[Invitation, str | None]]:
    """Every invitation of the round with its link (None: not kept), by
    organisation and name."""
    rows = round_.invitations.select_related("person", "organisation").order_by(
        "organisation__name", "person__display_name", "pk"
    )
    return [(inv, link_of(inv)) for inv in rows]


def links_csv(round_: Round) -> str:
    """Everyone invited with their link, for a mail merge: name, e-mail,
    organisation, group, link (empty when not kept). Cells a spreadsheet would read
    as a formula are quoted (:func:`joinedup.analysis.cells.safe_row`)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "organisation", "group", "link"])
    for inv, link in invitations_with_links(round_):
        person = inv.person
        writer.writerow(
            safe_row([person.display_name, person.email, inv.organisation.name, inv.group, link])
        )
    return out.getvalue()


def unkept_count(invitations: list[Invitation]) -> int:
    return sum(1 for inv in invitations if token_of(inv) is None)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _place(scheme: str, netloc: str) -> tuple[str, int | None]:
    """Host name and port of an address; a port that is absent or the scheme's
    default is None (a browser leaves it out, and a proxy may change the scheme)."""
    parts = urlsplit("//" + netloc)
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "", None if port == _DEFAULT_PORTS.get(scheme) else port)


def base_url_warning(request: HttpRequest) -> str:
    """A warning when links point somewhere other than the address this page was
    reached at (empty when they agree): respondents could not follow them."""
    base = urlsplit(settings.BASE_URL)
    here = request.get_host()
    if _place(base.scheme, base.netloc) == _place(request.scheme or "http", here):
        return ""
    values = {"base": settings.BASE_URL, "here": here}
    if settings.BASE_URL_GIVEN:
        return (
            _(
                "Survey links point at %(base)s (JOINEDUP_BASE_URL), but this page was "
                "reached at %(here)s. If respondents cannot reach %(base)s, set "
                "JOINEDUP_BASE_URL to the address they use before sending invitations."
            )
            % values
        )
    return (
        _(
            "Survey links point at %(base)s, the address the server was started on, but "
            "this page was reached at %(here)s. If respondents use another address, set "
            "JOINEDUP_BASE_URL to it before sending invitations."
        )
        % values
    )
