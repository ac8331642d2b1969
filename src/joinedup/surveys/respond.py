"""The respondent's side: find an invitation by its token, lay the instrument out in
pages, save a page's answers, submit.

Pages: one per dimension. In a network instrument, a dimension with relation items
gets a second page: the first asks every other current member organisation the
items everyone answers (e.g. ``net_depth``); the second asks the items marked
``only_if_works_with`` only about partners whose depth is 2 or more.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from joinedup.analysis.instruments import Dimension, Instrument, Item, ItemType
from joinedup.registry.models import Organisation
from joinedup.surveys.models import (
    Answer,
    Invitation,
    RelationAnswer,
    Response,
    ResponseSource,
    RoundStatus,
)

DEPTH_ITEM = "net_depth"
WORKS_WITH = 2.0  # a depth at or above this counts as "works with"


class TokenState(StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"
    SUBMITTED = "submitted"
    CLOSED = "closed"
    NOT_OPEN = "not-open"


def find_invitation(token: str) -> Invitation | None:
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    inv = (
        Invitation.objects.filter(token_hash=digest)
        .select_related("round__instrument", "round__partnership", "organisation")
        .first()
    )
    if inv is None or not hmac.compare_digest(inv.token_hash, digest):
        return None
    return inv


def token_state(inv: Invitation | None) -> TokenState:
    if inv is None:
        return TokenState.UNKNOWN
    response = Response.objects.filter(invitation=inv).first()
    if response is not None and response.submitted is not None:
        return TokenState.SUBMITTED
    round_ = inv.round
    now = timezone.now()
    if round_.status == RoundStatus.CLOSED or now >= round_.closes:
        return TokenState.CLOSED
    if round_.status != RoundStatus.OPEN or now < round_.opens:
        return TokenState.NOT_OPEN
    return TokenState.OK


def response_for(inv: Invitation) -> Response:
    """The invitation's response, started on first visit."""
    response, _created = Response.objects.get_or_create(
        invitation=inv,
        defaults={
            "round": inv.round,
            "organisation_id": inv.organisation_id,
            "group": inv.group,
            "source": ResponseSource.WEB,
        },
    )
    return response


@dataclass(frozen=True)
class Page:
    dimension: Dimension
    items: list[Item]
    partners_only: bool = False  # the follow-up page about partners worked with


def pages(instrument: Instrument) -> list[Page]:
    result = []
    for dim in instrument.dimensions:
        first = [i for i in dim.items if not i.only_if_works_with]
        follow = [i for i in dim.items if i.only_if_works_with and i.type == ItemType.RELATION]
        if first:
            result.append(Page(dim, first))
        if follow:
            result.append(Page(dim, follow, partners_only=True))
    return result


def roster(response: Response) -> list[Organisation]:
    """Every other organisation that is a member of the partnership today."""
    partnership = response.round.partnership
    today = timezone.localdate()
    ids = partnership.members_on(today).values_list("organisation_id", flat=True)
    return list(Organisation.objects.filter(pk__in=ids).exclude(pk=response.organisation_id))


def partners(response: Response, orgs: list[Organisation]) -> list[Organisation]:
    worked = set(
        RelationAnswer.objects.filter(
            response=response, item=DEPTH_ITEM, value__gte=WORKS_WITH
        ).values_list("target_id", flat=True)
    )
    return [o for o in orgs if o.pk in worked]


def targets(response: Response, page: Page) -> list[Organisation]:
    orgs = roster(response)
    return partners(response, orgs) if page.partners_only else orgs


@dataclass(frozen=True)
class Given:
    """One answer from the page's form."""

    item: str
    value: float | None = None
    text: str = ""
    dont_know: bool = False
    target: int | None = None


def save_page(response: Response, page: Page, answers: list[Given], next_page: int) -> None:
    """Replace the page's answers with ``answers`` and remember where to resume."""
    names = [i.name for i in page.items]
    plain = [a for a in answers if a.target is None]
    rel = [a for a in answers if a.target is not None]
    with transaction.atomic():
        Answer.objects.filter(response=response, item__in=names).delete()
        Answer.objects.bulk_create(
            Answer(
                response=response, item=a.item, value=a.value, text=a.text, dont_know=a.dont_know
            )
            for a in plain
        )
        RelationAnswer.objects.filter(response=response, item__in=names).delete()
        RelationAnswer.objects.bulk_create(
            RelationAnswer(response=response, target_id=a.target or 0, item=a.item, value=a.value)
            for a in rel
        )
        if DEPTH_ITEM in names:
            _drop_unworked(response)
        response.page = next_page
        response.save(update_fields=["page"])


def _drop_unworked(response: Response) -> None:
    """Follow-up ratings of partners no longer marked as worked with are removed."""
    instrument = response.round.instrument.instrument()
    follow = [i.name for i in instrument.items() if i.only_if_works_with]
    worked = RelationAnswer.objects.filter(
        response=response, item=DEPTH_ITEM, value__gte=WORKS_WITH
    ).values_list("target_id", flat=True)
    RelationAnswer.objects.filter(response=response, item__in=follow).exclude(
        target_id__in=list(worked)
    ).delete()


def missing_required(response: Response) -> list[int]:
    """Indexes of pages that still have a required item unanswered."""
    answered = set(response.answers.values_list("item", flat=True))
    answered |= set(response.relations.values_list("item", flat=True))
    return [
        index
        for index, page in enumerate(pages(response.round.instrument.instrument()))
        if any(i.required and i.name not in answered for i in page.items)
    ]


def submit(response: Response) -> bool:
    """Mark the response submitted; false if a required item is unanswered or the
    round no longer accepts answers."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.submitted is not None or not locked.round.accepts_answers():
            return False
        if missing_required(locked):
            return False
        locked.submitted = timezone.now()
        locked.save(update_fields=["submitted"])
    response.submitted = locked.submitted
    return True
