"""One outgoing e-mail message and where it stands.

``state`` is "queued" until the first try, then "sent" or "failed"; a failed
message keeps the server's reason (``last_error``) and is tried again at
``next_try``. ``claimed_until`` is a worker's lease on the message while it sends,
so that two workers (several server processes and a ``joinedup worker``) never send
it twice; a lease left by a worker that died ends by itself.

The body holds the recipient's survey link while the message waits. Once sent, the
link is cut to its first characters (as in the logs), so the outbox does not keep
working links longer than it needs them.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, will try again")


class Message(models.Model):
    purpose = models.CharField(_("purpose"), max_length=32, blank=True)
    recipient = models.CharField(_("recipient"), max_length=254)
    sender = models.CharField(_("sender"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    state = models.CharField(
        _("state"), max_length=8, choices=MessageState.choices, default=MessageState.QUEUED
    )
    created = models.DateTimeField(_("queued at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_try = models.DateTimeField(_("next try"), default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("server's reason"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["state", "next_try"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.purpose or 'message'} to {self.recipient} ({self.state})"
