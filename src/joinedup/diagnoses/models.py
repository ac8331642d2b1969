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


class ContractStyle(models.TextChoices):
    ADVERSARIAL = "adversarial", _("adversarial (arm's length, enforced by its terms)")
    OBLIGATIONAL = "obligational", _("obligational (relational, built on trust)")


class PartnerContract(models.Model):
    """A contract between member organisations of a partnership (a market signal of
    the quasi-network mix; Sako's adversarial and obligational contracting)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="partner_contracts"
    )
    purchaser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contracts_bought",
        verbose_name=_("purchaser"),
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contracts_provided",
        verbose_name=_("provider"),
    )
    style = models.CharField(_("kind of contract"), max_length=12, choices=ContractStyle.choices)
    purpose = models.CharField(_("what it is for"), max_length=300)
    value = models.DecimalField(
        _("value (GBP)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["partnership", "start", "pk"]
        verbose_name = _("contract between partners")
        verbose_name_plural = _("contracts between partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="partner_contract_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purchaser} → {self.provider}: {self.purpose}"

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})
        if self.purchaser_id and self.purchaser_id == self.provider_id:
            raise ValidationError({"provider": _("A contract needs two different partners.")})


class PriceDecision(models.Model):
    """A decision the partnership took on who provides something, and whether price
    decided it (a market signal of the quasi-network mix)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="price_decisions"
    )
    decision = models.CharField(_("what was decided"), max_length=300)
    price_decided = models.BooleanField(
        _("price decided who provides"),
        help_text=_("Tick when the lowest price (or a price-led tender) chose the provider."),
    )
    decided_on = models.DateField(_("when"))

    class Meta:
        ordering = ["partnership", "decided_on", "pk"]
        verbose_name = _("decision on who provides")
        verbose_name_plural = _("decisions on who provides")

    def __str__(self) -> str:
        return self.decision
