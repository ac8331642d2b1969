"""Actions and workshop views: the writes every edge (page, CSV, API, demo) shares.

Views, the CLI and the API call these functions and nothing else writes the
models, so the rules (the owner is a member, the round is the partnership's, the
score is on the dimension's scale) are checked in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from joinedup.actions.models import Action, ProgressNote, WorkshopView
from joinedup.analysis.board.scores import dimension_scale
from joinedup.analysis.instruments import Instrument, InstrumentError
from joinedup.registry.models import Organisation, Partnership
from joinedup.surveys.extract import Round, partnership_rounds


def actions_of(partnership: Partnership, published_only: bool = False) -> QuerySet[Action]:
    found = Action.objects.filter(partnership=partnership)
    if published_only:
        found = found.filter(published=True)
    return found.select_related(
        "owner", "finding_round", "target_organisation", "target_indicator"
    ).prefetch_related("notes")


def members(partnership: Partnership) -> QuerySet[Organisation]:
    """Organisations that are (or were) members of the partnership: possible owners."""
    return Organisation.objects.filter(memberships__partnership=partnership).distinct()


def scored_rounds(partnership: Partnership) -> QuerySet[Round]:
    """The partnership's rounds, any questionnaire, in date order."""
    return partnership_rounds(partnership).select_related("instrument")


def instrument_of(round_: Round) -> Instrument | None:
    try:
        return round_.instrument.instrument()
    except InstrumentError:
        return None


def dimensions_of(round_: Round | None) -> list[tuple[str, str]]:
    """(name, label) of the scored dimensions of a round's questionnaire."""
    instrument = instrument_of(round_) if round_ is not None else None
    if instrument is None:
        return []
    return [
        (d.name, instrument.text(d.label))
        for d in instrument.dimensions
        if dimension_scale(instrument, d.name) is not None
    ]


def check(action: Action) -> None:
    """Refuse an action whose owner, round, organisation or indicator belongs
    elsewhere, or whose dimension is not one of its round's."""
    errors: dict[str, str] = {}
    partnership = action.partnership
    if action.owner_id and not members(partnership).filter(pk=action.owner_id).exists():
        errors["owner"] = _("The owner must be a member organisation of the partnership.")
    round_ = action.finding_round
    if round_ is not None and round_.partnership_id != partnership.pk:
        errors["finding_round"] = _("That round is not one of this partnership's.")
    organisation = action.target_organisation_id
    if organisation and not members(partnership).filter(pk=organisation).exists():
        errors["target_organisation"] = _("That organisation is not a member.")
    indicator = action.target_indicator
    if indicator is not None and indicator.partnership_id != partnership.pk:
        errors["target_indicator"] = _("That indicator is not one of this partnership's.")
    names = [n for n, _label in dimensions_of(action.finding_round)]
    if action.target_dimension and action.target_dimension not in names:
        errors["target_dimension"] = _(
            "Choose a dimension of the finding's round (one of: %(names)s)."
        ) % {"names": ", ".join(names) or "—"}
    if errors:
        raise ValidationError(errors)


def save_action(action: Action) -> Action:
    check(action)
    action.save()
    return action


def add_note(
    action: Action, text: str, day: dt.date | None = None, user: Any = None
) -> ProgressNote:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write what has happened.")})
    return ProgressNote.objects.create(
        action=action, text=text, day=day or dt.date.today(), recorded_by=user
    )


def set_published(action: Action, published: bool) -> Action:
    action.published = published
    action.save(update_fields=["published", "updated_at"])
    return action


@dataclass(frozen=True)
class Finding:
    """A finding an action can come from, as a link on a page carries it."""

    kind: str = "other"
    key: str = ""
    round_id: int | None = None
    text: str = ""


def initial_from(finding: Finding, partnership: Partnership) -> dict[str, Any]:
    """The new-action form's first values for ``finding`` (a weak dimension or a
    split also becomes the target; a peripheral organisation too)."""
    round_ = (
        scored_rounds(partnership).filter(pk=finding.round_id).first()
        if finding.round_id is not None
        else None
    )
    key = finding.key or (slugify(finding.text)[:200] if finding.kind == "question" else "")
    initial: dict[str, Any] = {
        "finding_kind": finding.kind,
        "finding_key": key[:200],
        "finding_round": round_,
        "finding_text": finding.text[:2000],
    }
    if finding.kind in ("dimension", "split") and finding.key in dict(dimensions_of(round_)):
        initial.update(target_kind="dimension", target_dimension=finding.key)
    if finding.kind == "peripheral" and finding.key.isdigit():
        org = members(partnership).filter(pk=int(finding.key)).first()
        if org is not None:
            initial.update(target_kind="organisation", target_organisation=org)
    return initial


def workshop_views(round_: Round) -> dict[str, WorkshopView]:
    return {v.dimension: v for v in WorkshopView.objects.filter(round_id=round_.pk)}


def record_view(
    round_: Round, dimension: str, score: float, note: str = "", user: Any = None
) -> WorkshopView:
    """Record (or replace) the board's agreed score on one dimension of a round;
    the score must lie on the dimension's scale."""
    instrument = instrument_of(round_)
    span = dimension_scale(instrument, dimension) if instrument is not None else None
    if span is None:
        raise ValidationError(
            {
                "dimension": _("%(name)s is not a scored dimension of the round.")
                % {"name": dimension}
            }
        )
    low, high, _polarity = span
    if not low <= score <= high:
        raise ValidationError(
            {
                "score": _("The agreed score must lie between %(low)g and %(high)g.")
                % {"low": low, "high": high}
            }
        )
    with transaction.atomic():
        view, _created = WorkshopView.objects.update_or_create(
            round_id=round_.pk,
            dimension=dimension,
            defaults={"score": score, "note": note.strip(), "recorded_by": user},
        )
    return view
