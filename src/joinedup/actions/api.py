"""JSON API of the actions app, mounted at /api/actions/.

Members of a partnership read its actions and workshop views; its coordinators
(and administrators) create and change them, one at a time or many in one
request (all or none). Every operation needs a session or an API token; a
partnership or action the caller may not see answers 404, one they may see but
not change 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import ValidationError as InvalidBody

from joinedup.actions import effects, services
from joinedup.actions.models import Action, FindingKind, TargetKind, WorkshopView
from joinedup.actions.models import Status as ActionStatus
from joinedup.participation.models import Indicator
from joinedup.registry import permissions
from joinedup.registry.models import Organisation, Partnership
from joinedup.web.api_schema import answers
from joinedup.web.auth import api_auth

router = Router(auth=api_auth, tags=["actions"])


class NoteOut(Schema):
    day: dt.date
    text: str


class EffectOut(Schema):
    target: str
    before_period: str
    after_period: str
    before: float | None
    after: float | None
    difference: float | None
    interval: tuple[float, float] | None
    reliable_change_index: float | None
    verdict: str
    reading: str
    suppressed: str


class ActionOut(Schema):
    id: int
    partnership_id: int
    title: str
    description: str
    finding_kind: str
    finding_key: str
    finding_round_id: int | None
    finding_text: str
    owner_id: int
    owner: str
    due: dt.date | None
    status: str
    target_kind: str
    target_dimension: str
    target_organisation_id: int | None
    target_indicator_id: int | None
    published: bool
    notes: list[NoteOut]
    effect: EffectOut | None


class ActionIn(Schema):
    title: str
    description: str = ""
    finding_kind: str = FindingKind.OTHER
    finding_key: str = ""
    finding_round_id: int | None = None
    finding_text: str = ""
    owner_id: int
    due: dt.date | None = None
    status: str = ActionStatus.PLANNED
    target_kind: str = TargetKind.NONE
    target_dimension: str = ""
    target_organisation_id: int | None = None
    target_indicator_id: int | None = None
    published: bool = False


class ActionPatch(Schema):
    title: str | None = None
    description: str | None = None
    owner_id: int | None = None
    due: dt.date | None = None
    status: str | None = None
    published: bool | None = None
    progress: str | None = None  # a progress note to add, dated today
    target_kind: str | None = None
    target_dimension: str | None = None
    target_organisation_id: int | None = None
    target_indicator_id: int | None = None


class BulkRow(ActionPatch):
    id: int


class ViewIn(Schema):
    round_id: int
    dimension: str
    score: float
    note: str = ""


class ViewOut(Schema):
    round_id: int
    dimension: str
    score: float
    note: str
    recorded_at: dt.datetime


def _out(action: Action) -> dict[str, Any]:
    found = effects.effect(action)
    effect = None
    if found is not None:
        effect = {**found.__dict__, "reliable_change_index": found.rci}
    return {
        **{f.attname: getattr(action, f.attname) for f in Action._meta.concrete_fields},
        "owner": action.owner.name,
        "notes": [{"day": n.day, "text": n.text} for n in action.notes.all()],
        "effect": effect,
    }


def _invalid(exc: ValidationError, prefix: tuple[Any, ...] = ("body", "payload")) -> InvalidBody:
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return InvalidBody(
        [
            {"type": "value_error", "loc": [*prefix, name], "msg": " ".join(messages)}
            for name, messages in details.items()
        ]
    )


def _choices(data: dict[str, Any]) -> None:
    allowed = {
        "status": ActionStatus.values,
        "finding_kind": FindingKind.values,
        "target_kind": TargetKind.values,
    }
    bad = {
        name: [f"must be one of: {', '.join(v for v in values if v) or '—'}"]
        for name, values in allowed.items()
        if name in data and data[name] is not None and data[name] not in values
    }
    if bad:
        raise ValidationError(bad)


def _references(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    """Ids of the body as objects; an id that names nothing is refused by name."""
    out = dict(data)
    found = {
        "owner_id": ("owner", Organisation.objects),
        "target_organisation_id": ("target_organisation", Organisation.objects),
        "target_indicator_id": ("target_indicator", Indicator.objects),
    }
    for key, (name, manager) in found.items():
        if key in data:
            pk = out.pop(key)
            obj = manager.filter(pk=pk).first() if pk is not None else None
            if pk is not None and obj is None:
                raise ValidationError({key: ["no such object"]})
            out[name] = obj
    if "finding_round_id" in data:
        pk = out.pop("finding_round_id")
        round_ = services.scored_rounds(partnership).filter(pk=pk).first() if pk else None
        if pk and round_ is None:
            raise ValidationError({"finding_round_id": ["not a round of this partnership"]})
        out["finding_round"] = round_
    return out


def _apply(action: Action, data: dict[str, Any], user: Any) -> Action:
    _choices(data)
    progress = data.pop("progress", None)
    for name, value in _references(action.partnership, data).items():
        if value is None and name in ("title", "owner", "status", "published"):
            continue
        setattr(action, name, value if value is not None or name != "description" else "")
    services.save_action(action)
    if progress:
        services.add_note(action, progress, None, user)
    return action


@router.get(
    "/partnerships/{pk}/", response=answers(list[ActionOut]), summary="A partnership's actions"
)
def list_actions(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    return [_out(a) for a in services.actions_of(partnership)]


@router.post(
    "/partnerships/{pk}/",
    response=answers(ActionOut, body=True) | {201: ActionOut},
    summary="Plan an action (coordinators)",
)
def create_action(request: HttpRequest, pk: int, payload: ActionIn) -> Status[Any]:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    try:
        with transaction.atomic():
            action = _apply(Action(partnership=partnership), payload.dict(), request.user)
    except ValidationError as exc:
        raise _invalid(exc) from None
    return Status(201, _out(action))


@router.patch("/{action_pk}/", response=answers(ActionOut, body=True), summary="Change an action")
def patch_action(request: HttpRequest, action_pk: int, payload: ActionPatch) -> dict[str, Any]:
    action: Any = permissions.get_visible_or_404(
        Action.objects.select_related("partnership"), request.user, action_pk, through="partnership"
    )
    permissions.require_manage(request.user, action.partnership)
    try:
        with transaction.atomic():
            _apply(action, payload.dict(exclude_unset=True), request.user)
    except ValidationError as exc:
        raise _invalid(exc) from None
    return _out(action)


@router.patch(
    "/partnerships/{pk}/bulk/",
    response=answers(list[ActionOut], body=True),
    summary="Change many of a partnership's actions at once (all or none)",
)
def bulk_update(request: HttpRequest, pk: int, payload: list[BulkRow]) -> list[dict[str, Any]]:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    mine = {a.pk: a for a in Action.objects.filter(partnership=partnership)}
    done = []
    with transaction.atomic():
        for index, row in enumerate(payload):
            data = row.dict(exclude_unset=True)
            action = mine.get(data.pop("id"))
            where = ("body", "payload", index)
            if action is None:
                raise InvalidBody(
                    [
                        {
                            "type": "value_error",
                            "loc": [*where, "id"],
                            "msg": "not an action of this partnership",
                        }
                    ]
                )
            try:
                done.append(_apply(action, data, request.user))
            except ValidationError as exc:
                raise _invalid(exc, where) from None
    return [_out(a) for a in done]


@router.get(
    "/partnerships/{pk}/workshop/",
    response=answers(list[ViewOut]),
    summary="The board's agreed scores (workshop views) of a partnership's rounds",
)
def list_views(request: HttpRequest, pk: int) -> list[Any]:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    return list(WorkshopView.objects.filter(round__partnership=partnership))


@router.post(
    "/partnerships/{pk}/workshop/",
    response=answers(ViewOut, body=True),
    summary="Record the board's agreed score on one dimension of a round (coordinators)",
)
def record_view(request: HttpRequest, pk: int, payload: ViewIn) -> Any:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    round_ = services.scored_rounds(partnership).filter(pk=payload.round_id).first()
    if round_ is None:
        raise InvalidBody(
            [
                {
                    "type": "value_error",
                    "loc": ["body", "payload", "round_id"],
                    "msg": "not a round of this partnership",
                }
            ]
        )
    try:
        return services.record_view(
            round_, payload.dimension, payload.score, payload.note, request.user
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
