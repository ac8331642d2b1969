"""The registry: organisations, partnerships, memberships over time, and people.

Membership history is kept, never overwritten: leaving a partnership closes the
membership with a ``left`` date, and re-joining opens a new membership.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    PUBLIC = "public", _("Statutory / public")
    PRIVATE = "private", _("Private")
    VOLUNTARY = "voluntary", _("Voluntary")
    COMMUNITY = "community", _("Community")


class Tier(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")


class PurposeKind(models.TextChoices):
    OUTCOME = "outcome", _("Outcome")
    PROCESS = "process", _("Process")
    EXPERIMENTAL = "experimental", _("Experimental")


class Basis(models.TextChoices):
    STATUTORY = "statutory", _("Statutory duty")
    VOLUNTARY = "voluntary", _("Voluntary")
    CONTRACTUAL = "contractual", _("Contractual")


class Stage(models.TextChoices):
    FORMING = "forming", _("Forming")
    FORMALISED = "formalised", _("Formalised")
    DELIVERING = "delivering", _("Delivering")
    RENEWING = "renewing", _("Winding down or renewing")


class Role(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Member")
    ASSOCIATE = "associate", _("Associate")
    OBSERVER = "observer", _("Observer")


def external_id_field() -> models.CharField:  # type: ignore[type-arg]
    """The key an outside directory (a council's list, a CRM) knows a row by, so that
    an import or the API can keep the registry in step with it; blank when none."""
    return models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("The key another directory knows this by; unique among its kind."),
    )


def external_id_unique(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["external_id"], condition=~Q(external_id=""), name=name)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.LOCAL)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    external_id = external_id_field()

    class Meta:
        ordering = ["name"]
        constraints = [external_id_unique("organisation_external_id_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        ancestor = self.parent
        seen: set[int] = set()
        while ancestor is not None:
            if ancestor.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organisation cannot be its own ancestor.")})
            if ancestor.pk in seen:
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


#: The time zone of a partnership unless its coordinator chooses another.
DEFAULT_TIME_ZONE = "Europe/London"


@cache
def time_zone_names() -> frozenset[str]:
    """The IANA time zone names this installation knows (its tz database)."""
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices() -> list[tuple[str, str]]:
    """Every known time zone name, sorted, for a form's select; shown with spaces
    where the name has underscores (``America/New_York`` reads "America/New York")."""
    return [(name, name.replace("_", " ")) for name in sorted(time_zone_names())]


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("%(value)s is not a time zone name such as Europe/London."), params={"value": value}
        )


class Partnership(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    purpose = models.TextField(_("purpose"), blank=True)
    purpose_kind = models.CharField(
        _("purpose kind"),
        max_length=16,
        choices=PurposeKind.choices,
        default=PurposeKind.OUTCOME,
        help_text=_(
            "Outcome: results no partner could reach alone. Process: changing how the "
            "agencies work together. Experimental: trying out new approaches."
        ),
    )
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    lead = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_partnerships",
    )
    area = models.CharField(_("area"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    stage = models.CharField(
        _("life-cycle stage"), max_length=16, choices=Stage.choices, default=Stage.FORMING
    )
    #: Survey rounds open at the start and close at the end of their days here.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        blank=True,  # empty: Europe/London (see zone())
        validators=[validate_time_zone],
        help_text=_(
            "Survey rounds open at the start of their opening day and close at the end "
            "of their closing day in this time zone."
        ),
    )
    #: The coordinator's consent: may benchmark packets carry this partnership's
    #: type (purpose kind and basis) and region (its area)?
    benchmark_profile = models.BooleanField(
        _("share type and region in benchmark packets"),
        default=False,
        help_text=_(
            "When ticked, the benchmark figures this installation sends to evaluators "
            "elsewhere say what kind of partnership this is and its area. Never its name."
        ),
    )
    external_id = external_id_field()

    class Meta:
        ordering = ["name"]
        constraints = [
            external_id_unique("partnership_external_id_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="partnership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def zone(self) -> zoneinfo.ZoneInfo:
        """The partnership's time zone (its rounds' days begin and end in it)."""
        return zoneinfo.ZoneInfo(self.time_zone or DEFAULT_TIME_ZONE)

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        # The admin checks the lead against the membership rows on the same page
        # (see registry.admin); everywhere else the saved memberships are the truth.
        if self._lead_needs_check() and not self._lead_is_member():
            raise ValidationError(
                {"lead": _("The lead organisation must be a member of the partnership.")}
            )

    def _lead_needs_check(self) -> bool:
        return self.lead_id is not None and not getattr(self, "_lead_checked_elsewhere", False)

    def _lead_is_member(self) -> bool:
        lead_id = self.lead_id
        if self.pk is None or lead_id is None:
            return False
        return self.memberships.filter(organisation__pk=lead_id).exists()

    def members_on(self, day: dt.date) -> models.QuerySet[Membership]:
        """The memberships that were current on ``day``."""
        return self.memberships.filter(joined__lte=day).filter(
            Q(left__isnull=True) | Q(left__gte=day)
        )


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateField(_("joined"))
    left = models.DateField(_("left"), null=True, blank=True)
    left_reason = models.CharField(
        _("why it left"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("In plain words, when the organisation left (blank while a member)."),
    )

    class Meta:
        ordering = ["partnership", "organisation__name", "joined"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "partnership", "joined"],
                name="membership_unique_start",
            ),
            models.UniqueConstraint(
                fields=["organisation", "partnership"],
                condition=Q(left__isnull=True),
                name="membership_one_open",
            ),
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=models.F("joined")),
                name="membership_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        until = f"–{date_format(self.left)}" if self.left else "–"
        return f"{self.organisation} in {self.partnership} ({date_format(self.joined)}{until})"

    def save(self, *args: object, **kwargs: object) -> None:
        # Overlap cannot be expressed as a portable database constraint, so every
        # save checks it; the unique constraints above back it up where they can.
        self.clean()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_current(self) -> bool:
        return self.left is None or self.left >= dt.date.today()

    def overlapping(self) -> models.QuerySet[Membership]:
        """Other memberships of the same organisation in the same partnership whose
        period shares at least one day with this one."""
        others = Membership.objects.filter(
            organisation_id=self.organisation_id, partnership_id=self.partnership_id
        )
        if self.pk is not None:
            others = others.exclude(pk=self.pk)
        # Two periods [a1, b1] and [a2, b2] overlap when a1 <= b2 and a2 <= b1,
        # an open end counting as "still a member".
        others = others.filter(Q(left__isnull=True) | Q(left__gte=self.joined))
        if self.left is not None:
            others = others.filter(joined__lte=self.left)
        return others

    def clean(self) -> None:
        if self.left is not None and self.joined is not None and self.left < self.joined:
            raise ValidationError({"left": _("An organisation cannot leave before it joined.")})
        if (
            self.organisation_id
            and self.partnership_id
            and self.joined
            and self.overlapping().exists()
        ):
            raise ValidationError(
                _(
                    "%(org)s is already a member of %(partnership)s for part of this period; "
                    "end that membership first."
                )
                % {"org": self.organisation, "partnership": self.partnership}
            )


class Person(models.Model):
    """A representative of an organisation. Keep as little as possible about them."""

    display_name = models.CharField(_("display name"), max_length=120)
    email = models.EmailField(_("e-mail (for invitations only)"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    constituency = models.CharField(
        _("constituency represented"),
        max_length=200,
        blank=True,
        help_text=_("For community representatives: whom they speak for."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    external_id = external_id_field()
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of the e-mails joinedup sends them. Blank: the language of "
            "the page they are sent from."
        ),
    )

    class Meta:
        ordering = ["display_name"]
        verbose_name_plural = _("people")
        constraints = [external_id_unique("person_external_id_unique")]

    def __str__(self) -> str:
        return self.display_name


class AccessRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator: runs the partnership's rounds and pages")
    MEMBER = "member", _("Member: sees the partnership's results")
    EVALUATOR = "evaluator", _("Evaluator: reads across all partnerships")


class Access(models.Model):
    """What a signed-in user may see or do. Administrators (superusers) need no row.

    A coordinator or member row names a partnership; an evaluator row names none and
    reads every partnership, suppression rules still applying.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="joinedup_access"
    )
    role = models.CharField(_("role"), max_length=16, choices=AccessRole.choices)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="access"
    )

    class Meta:
        verbose_name_plural = _("access")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "partnership"], name="access_unique"),
            models.CheckConstraint(
                condition=(Q(role="evaluator") & Q(partnership__isnull=True))
                | (~Q(role="evaluator") & Q(partnership__isnull=False)),
                name="access_partnership_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = f" of {self.partnership}" if self.partnership_id else ""
        return f"{self.user} — {self.get_role_display()}{where}"
