"""A partnership's theory of change: its steps, the links between them and the
evidence attached to each step (:mod:`joinedup.analysis.theory` reads them)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from joinedup.actions.models import Action
from joinedup.analysis.theory import can_link
from joinedup.participation.models import Decision, Indicator
from joinedup.registry.models import Partnership


class StepKind(models.TextChoices):
    ACTIVITY = "activity", _("activity")
    OUTPUT = "output", _("output")
    OUTCOME = "outcome", _("outcome")


class ChangeStep(models.Model):
    """An activity, output or outcome of the partnership's theory of change."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="change_steps"
    )
    key = models.SlugField(
        _("short name"),
        max_length=60,
        help_text=_("Letters, digits and hyphens; names the step in files and the API."),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=StepKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["partnership", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="change_step_key_unique")
        ]
        verbose_name = _("step of the theory of change")
        verbose_name_plural = _("steps of the theory of change")

    def __str__(self) -> str:
        return f"{capfirst(self.get_kind_display())}: {self.title}"


class ChangeLink(models.Model):
    """One step meant to lead to another: how (mechanism), where and for whom it
    works (context), and what must hold for it to work (assumption)."""

    source = models.ForeignKey(ChangeStep, on_delete=models.CASCADE, related_name="leads_to")
    target = models.ForeignKey(ChangeStep, on_delete=models.CASCADE, related_name="comes_from")
    mechanism = models.TextField(_("mechanism: why it should lead there"), blank=True)
    context = models.TextField(_("context: where, when and for whom it works"), blank=True)
    assumption = models.TextField(_("assumption: what must hold"), blank=True)

    class Meta:
        ordering = ["source__position", "target__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="change_link_unique")
        ]
        verbose_name = _("link of the theory of change")
        verbose_name_plural = _("links of the theory of change")

    def __str__(self) -> str:
        return f"{self.source.title} → {self.target.title}"

    def clean(self) -> None:
        if not (self.source_id and self.target_id):
            return
        if self.source_id == self.target_id:
            raise ValidationError(_("A step cannot lead to itself."))
        if self.source.partnership_id != self.target.partnership_id:
            raise ValidationError(_("Both steps must belong to the same partnership."))
        if not can_link(self.source.kind, self.target.kind):
            raise ValidationError(
                _("A link runs forward: activity → output → outcome, or outcome → outcome.")
            )


class EvidenceSource(models.TextChoices):
    DIMENSION = "dimension", _("a survey dimension")
    INDICATOR = "indicator", _("an indicator")
    DECISION = "decision", _("a decision in the decision log")
    ACTION = "action", _("an action of the action plan")


class StepEvidence(models.Model):
    """What would show that a step is happening: a survey dimension, an indicator,
    a decision or an action of the same partnership."""

    step = models.ForeignKey(ChangeStep, on_delete=models.CASCADE, related_name="evidence")
    source = models.CharField(_("evidence from"), max_length=10, choices=EvidenceSource.choices)
    instrument = models.CharField(_("questionnaire"), max_length=100, blank=True)
    dimension = models.CharField(_("dimension"), max_length=100, blank=True)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["step", "pk"]
        verbose_name = _("evidence on a step")
        verbose_name_plural = _("evidence on steps")

    def __str__(self) -> str:
        return f"{self.step.title}: {self.get_source_display()}"

    def clean(self) -> None:
        errors = {}
        partnership_id = self.step.partnership_id if self.step_id else None
        if self.source == EvidenceSource.DIMENSION and not (self.instrument and self.dimension):
            errors["dimension"] = _("Name the questionnaire and its dimension.")
        if self.source == EvidenceSource.INDICATOR:
            if self.indicator is None:
                errors["indicator"] = _("Choose an indicator.")
            elif self.indicator.partnership_id != partnership_id:
                errors["indicator"] = _("The indicator belongs to another partnership.")
        if self.source == EvidenceSource.DECISION:
            if self.decision is None:
                errors["decision"] = _("Choose a decision.")
            elif self.decision.partnership_id != partnership_id:
                errors["decision"] = _("The decision belongs to another partnership.")
        if self.source == EvidenceSource.ACTION:
            if self.action is None:
                errors["action"] = _("Choose an action.")
            elif self.action.partnership_id != partnership_id:
                errors["action"] = _("The action belongs to another partnership.")
        if errors:
            raise ValidationError(errors)
