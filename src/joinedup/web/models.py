"""API tokens: how scripts reach the JSON API without a browser session.

A token is shown once, when it is made; only its SHA-256 digest is stored, and a
presented token is compared with the stored digests in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "jdu_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    lookup = models.CharField(max_length=12, db_index=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(cls, user: object, name: str) -> tuple[ApiToken, str]:
        """Make a token for ``user``; returns the row and the token text (shown once)."""
        secret = PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(
            user=user, name=name, lookup=secret[:12], token_hash=digest(secret)
        )
        return row, secret

    @classmethod
    def authenticate(cls, presented: str) -> ApiToken | None:
        """The live token matching ``presented``, or None. Marks it as used."""
        wanted = digest(presented)
        found = None
        for row in cls.objects.filter(lookup=presented[:12], user__is_active=True).select_related(
            "user"
        ):
            if hmac.compare_digest(row.token_hash, wanted):
                found = row
        if found is not None:
            found.last_used = timezone.now()
            found.save(update_fields=["last_used"])
        return found


class RequestCount(models.Model):
    """How many times one caller has done one costly thing in the current window.

    One row per (scope, caller), shared by every server process through the
    database. The key is a keyed hash of the two, so the table holds no e-mail
    address, client address or user id in clear; ``scope`` stays readable so an
    operator can see what is being counted. See :mod:`joinedup.web.rates`.
    """

    key = models.CharField(max_length=64, primary_key=True)
    scope = models.CharField(max_length=32)
    window_end = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("request count")

    def __str__(self) -> str:
        return f"{self.scope}: {self.count} until {self.window_end:%Y-%m-%d %H:%M}"
