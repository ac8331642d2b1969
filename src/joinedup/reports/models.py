"""What the benchmark across installations keeps.

- :class:`FrozenRound`: the figures of a local closed round as first sent in a
  benchmark packet. Later packets send these same figures, so a response that
  reaches a round after it was sent (a reopened round) never shows up as a
  difference between two packets.
- :class:`TrustedInstallation`: another installation whose packets this one
  accepts, known by its Ed25519 public key.
- :class:`ImportedRound`: one round of one partnership of a trusted installation,
  as its latest packet gave it (suppressed figures only; the partnership known
  by its pseudonym).
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from joinedup.analysis.packets import installation_id


class FrozenRound(models.Model):
    round = models.OneToOneField(
        "surveys.Round", on_delete=models.CASCADE, related_name="benchmark_freeze"
    )
    figures = models.JSONField(_("figures as first sent"))
    frozen = models.DateTimeField(_("first sent"))

    def __str__(self) -> str:
        return f"round {self.round_id} frozen {self.frozen:%Y-%m-%d}"


class TrustedInstallation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    public_key = models.CharField(
        _("public key"),
        max_length=64,
        unique=True,
        help_text=_("The installation's Ed25519 public key in base64, as its key page shows it."),
    )
    installation_id = models.CharField(_("installation id"), max_length=32, editable=False)
    note = models.TextField(_("note"), blank=True)
    added = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trusted installation")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.installation_id = installation_id(self.public_key)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        self.public_key = self.public_key.strip()
        try:
            raw = base64.b64decode(self.public_key, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            raise ValidationError(
                {"public_key": _("Not an Ed25519 public key: expected 32 bytes in base64.")}
            )


class ImportedRound(models.Model):
    installation = models.ForeignKey(
        TrustedInstallation, on_delete=models.CASCADE, related_name="rounds"
    )
    partnership_key = models.CharField(max_length=32)
    round_key = models.CharField(max_length=32)
    instrument_key = models.CharField(max_length=100)
    instrument_version = models.PositiveIntegerField()
    instrument_digest = models.CharField(max_length=64)
    instrument_title = models.CharField(max_length=300)
    opened = models.CharField(max_length=7)
    closed = models.CharField(max_length=7)
    profile = models.JSONField(null=True, blank=True)
    dimensions = models.JSONField()
    frozen = models.CharField(max_length=40)
    packet_created = models.CharField(max_length=40)
    imported = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["installation", "partnership_key", "round_key"],
                name="imported_round_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.installation} {self.partnership_key[:8]} {self.closed}"
