"""A partnership's context: what it is for, how it is funded, how it is mandated and
steered, and which performance measures judge it.

Every row hangs from one :class:`PartnershipProfile` per partnership, so the admin
can show a partnership's whole context on one page. The purpose kind itself is kept
on :class:`joinedup.registry.models.Partnership`. The derived figures are computed by
:mod:`joinedup.analysis.context` (see docs/methods-context.md).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from joinedup.registry.models import Organisation, Partnership


class Objective(models.TextChoices):
    """The common objectives of partnership working listed by Newman (2001, ch. 6)."""

    INTEGRATED_POLICY = "integrated_policy", _("An integrated, whole approach to policy")
    SILOS = "silos", _("Overcoming departmental silos")
    TRANSACTION_COSTS = "transaction_costs", _("Cutting the costs of overlapping initiatives")
    MANY_TIERS = "many_tiers", _("Better outcomes by drawing in many tiers")
    SERVICE_DELIVERY = "service_delivery", _("Co-ordinated service delivery")
    INNOVATION = "innovation", _("Innovation in policy or services")
    MORE_MONEY = "more_money", _("Drawing in more money for investment")


class Steering(models.TextChoices):
    """How central government steers the partnership (Stoker 2000, in Newman 2001)."""

    PERSUASION = "persuasion", _("Persuasion")
    COMMUNICATION = "communication", _("Communication and learning")
    FINANCE = "finance", _("Finance")
    MONITORING = "monitoring", _("Monitoring")
    STRUCTURAL_REFORM = "structural_reform", _("Structural reform")


class Source(models.TextChoices):
    CENTRAL_PROGRAMME = "central_programme", _("Central programme")
    POOLED_BUDGET = "pooled_budget", _("Local pooled budget")
    COMPETITIVE_BID = "competitive_bid", _("Competitive bid")
    PRIVATE = "private", _("Private investment")
    CHARITABLE = "charitable", _("Charitable")


class MeasureKind(models.TextChoices):
    CROSS_CUTTING = "cross_cutting", _("The partnership's own cross-cutting measure")
    CORE_BUSINESS = "core_business", _("One organisation's core-business measure")


def _check_choices(values: object, allowed: type[models.TextChoices], field: str) -> None:
    if not isinstance(values, list) or any(v not in allowed.values for v in values):
        raise ValidationError({field: _("Choose from the listed options.")})


class PartnershipProfile(models.Model):
    """Objectives, mandate and steering of one partnership."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="context_profile"
    )
    objectives = models.JSONField(_("objectives pursued"), default=list, blank=True)
    statutory_duty = models.BooleanField(_("under a statutory duty"), default=False)
    duty = models.CharField(
        _("which duty"), max_length=300, blank=True, help_text=_("e.g. the Act and section.")
    )
    mandated_membership = models.BooleanField(
        _("membership mandated"),
        default=False,
        help_text=_("Some members are required by law or by a funder to take part."),
    )
    inspection_regime = models.CharField(
        _("inspection regime"), max_length=300, blank=True, help_text=_("Leave blank if none.")
    )
    steering = models.JSONField(_("how government steers it"), default=list, blank=True)
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("partnership context")
        verbose_name_plural = _("partnership contexts")
        ordering = ["partnership__name"]

    def __str__(self) -> str:
        return str(self.partnership)

    def clean(self) -> None:
        _check_choices(self.objectives, Objective, "objectives")
        _check_choices(self.steering, Steering, "steering")
        if self.duty and not self.statutory_duty:
            raise ValidationError({"duty": _("Tick 'under a statutory duty' or clear this.")})

    def objective_labels(self) -> list[str]:
        return [str(Objective(v).label) for v in self.objectives if v in Objective.values]

    def steering_labels(self) -> list[str]:
        return [str(Steering(v).label) for v in self.steering if v in Steering.values]


class CentralTarget(models.Model):
    profile = models.ForeignKey(
        PartnershipProfile, on_delete=models.CASCADE, related_name="targets"
    )
    name = models.CharField(_("target"), max_length=300)
    set_by = models.CharField(_("set by"), max_length=200, blank=True)
    attached_on = models.DateField(_("attached on"))

    class Meta:
        ordering = ["attached_on", "name"]
        verbose_name = _("central target")

    def __str__(self) -> str:
        return self.name


class FundingStream(models.Model):
    profile = models.ForeignKey(
        PartnershipProfile, on_delete=models.CASCADE, related_name="funding"
    )
    name = models.CharField(_("name"), max_length=200)
    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("provided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_provided",
    )
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    amount = models.DecimalField(
        _("amount (£)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    earmarked = models.BooleanField(_("earmarked"), default=False)
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"), null=True, blank=True, help_text=_("Blank: open-ended."))
    conditions = models.TextField(_("conditions attached"), blank=True)

    class Meta:
        ordering = ["start", "name"]
        verbose_name = _("funding stream")
        constraints = [
            models.UniqueConstraint(fields=["profile", "name"], name="funding_unique_name"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="funding_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})


class PerformanceMeasure(models.Model):
    profile = models.ForeignKey(
        PartnershipProfile, on_delete=models.CASCADE, related_name="measures"
    )
    name = models.CharField(_("measure"), max_length=300)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures_owned",
        help_text=_("Blank: the partnership itself."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeasureKind.choices)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("performance measure")
        constraints = [
            models.UniqueConstraint(fields=["profile", "name"], name="measure_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
