"""The sharing register: what partners actually share (Bovaird's acid test)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from joinedup.registry.models import Organisation, Partnership


class ShareKind(models.TextChoices):
    POOLED_BUDGET = "pooled_budget", _("pooled budget")
    STAFF_TIME = "staff_time", _("staff time")
    INFORMATION = "information", _("information-sharing agreement")
    PREMISES = "premises", _("premises")
    RISK = "risk", _("shared risk")


class SharingEntry(models.Model):
    """One thing two or more partners share, from ``start`` until ``end``."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="sharing_entries"
    )
    kind = models.CharField(_("what is shared"), max_length=16, choices=ShareKind.choices)
    description = models.CharField(_("description"), max_length=300)
    organisations = models.ManyToManyField(
        Organisation, related_name="sharing_entries", verbose_name=_("partners sharing it")
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("e.g. GBP, staff days a year, m²")
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["partnership", "start", "pk"]
        verbose_name = _("sharing register entry")
        verbose_name_plural = _("sharing register entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="sharing_entry_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})
