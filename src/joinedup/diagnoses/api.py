"""JSON API of the diagnoses, mounted at /api/diagnoses/ (permission-checked)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from joinedup.analysis.frameworks import REGISTRY
from joinedup.diagnoses import services
from joinedup.diagnoses.models import PartnerContract, PriceDecision
from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.web.api_schema import answers
from joinedup.web.auth import api_auth

router = Router(auth=api_auth, tags=["diagnoses"])


class DiagnosesOut(Schema):
    partnership: int
    as_of: dt.date
    dynamics: list[dict[str, Any]]
    trajectory: dict[str, Any] | None
    depth: dict[str, Any] | None
    mix: dict[str, Any] | None
    sharing: dict[str, Any] | None
    missing: dict[str, str]
    advice: dict[str, Any] | None = None
    advice_round: str = ""
    methods: dict[str, str]


# One condition's answer: yes/no, a number on the 1–5 agreement scale (0: does not
# hold), a word ("yes", "no", "3"), or null for unsure. See analysis.frameworks.advisor.
Answer = bool | Annotated[float, Field(ge=0, le=5)] | str | None


class AnswersIn(Schema):
    """The advisor's conditions (Rhodes's eight, then the six in-house ones)."""

    model_config = ConfigDict(extra="forbid")

    information: Answer = None
    quality_hard_to_specify: Answer = None
    hard_to_price: Answer = None
    professional_discretion: Answer = None
    local_flexibility: Answer = None
    multi_agency: Answer = None
    monitoring_costs: Answer = None
    bargaining: Answer = None
    few_providers: Answer = None
    collusion: Answer = None
    frequent_adjustment: Answer = None
    complex_contracts: Answer = None
    specific_assets: Answer = None
    affordable_rnd: Answer = None


class AdviceIn(Schema):
    answers: AnswersIn


class AdviceOut(Schema):
    recommendation: str
    network_count: int
    inhouse_count: int
    reasons_for: list[str]
    reasons_against: list[str]
    unsure: list[str]


@router.get("/partnerships/{pk}/", response=answers(DiagnosesOut))
def partnership_diagnoses(request: HttpRequest, pk: int) -> dict[str, Any]:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    data = services.diagnose(partnership, dt.date.today()).to_dict()
    data["methods"] = {name: f"/diagnoses/methods/{name}/" for name in REGISTRY}
    return data


@router.post("/advise/", response=answers(AdviceOut, body=True))
def advise(request: HttpRequest, payload: AdviceIn) -> dict[str, Any]:
    try:
        return services.advise(payload.answers.model_dump(exclude_unset=True)).to_dict()
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc


class ContractIn(Schema):
    model_config = ConfigDict(extra="forbid")

    purchaser: int = Field(description="organisation id, a member of the partnership")
    provider: int = Field(description="organisation id, a member of the partnership")
    style: Literal["adversarial", "obligational"]
    purpose: str = Field(min_length=1, max_length=300)
    value: Decimal | None = Field(
        default=None, ge=0, max_digits=14, decimal_places=2, allow_inf_nan=False
    )
    start: dt.date
    end: dt.date | None = None


class ContractOut(Schema):
    id: int
    purchaser: str
    provider: str
    style: str
    purpose: str
    value: float | None
    start: dt.date
    end: dt.date | None


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    decision: str = Field(min_length=1, max_length=300)
    price_decided: bool
    decided_on: dt.date


class DecisionOut(Schema):
    id: int
    decision: str
    price_decided: bool
    decided_on: dt.date


class MarketOut(Schema):
    contracts: list[ContractOut]
    decisions: list[DecisionOut]


def _contract_out(c: PartnerContract) -> ContractOut:
    return ContractOut(
        id=c.pk,
        purchaser=c.purchaser.name,
        provider=c.provider.name,
        style=c.style,
        purpose=c.purpose,
        value=None if c.value is None else float(c.value),
        start=c.start,
        end=c.end,
    )


def _decision_out(x: PriceDecision) -> DecisionOut:
    return DecisionOut(
        id=x.pk, decision=x.decision, price_decided=x.price_decided, decided_on=x.decided_on
    )


def _managed(request: HttpRequest, pk: int) -> Partnership:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    if not permissions.can_manage(request.user, partnership):
        raise HttpError(403, "Only the partnership's coordinators may record this.")
    return partnership


@router.get("/partnerships/{pk}/market/", response=answers(MarketOut))
def market_register(request: HttpRequest, pk: int) -> MarketOut:
    """The partnership's contracts between partners and decisions on who provides."""
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    contracts = partnership.partner_contracts.select_related("purchaser", "provider")
    return MarketOut(
        contracts=[_contract_out(c) for c in contracts],
        decisions=[_decision_out(x) for x in partnership.price_decisions.all()],
    )


@router.post("/partnerships/{pk}/contracts/", response=answers(ContractOut, body=True))
def add_contract(request: HttpRequest, pk: int, payload: ContractIn) -> ContractOut:
    """Record a contract between two member organisations (coordinators)."""
    partnership = _managed(request, pk)
    members = dict(partnership.memberships.values_list("organisation_id", "organisation__name"))
    for side in ("purchaser", "provider"):
        if getattr(payload, side) not in members:
            raise HttpError(422, f"{side}: organisation {getattr(payload, side)} is not a member.")
    data = payload.model_dump()
    data["purchaser_id"], data["provider_id"] = data.pop("purchaser"), data.pop("provider")
    contract = PartnerContract(partnership=partnership, **data)
    try:
        contract.full_clean()
    except ValidationError as exc:
        raise HttpError(
            422, "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        ) from exc
    contract.save()
    return _contract_out(contract)


@router.post("/partnerships/{pk}/decisions/", response=answers(DecisionOut, body=True))
def add_decision(request: HttpRequest, pk: int, payload: DecisionIn) -> DecisionOut:
    """Record a decision on who provides, and whether price decided it (coordinators)."""
    partnership = _managed(request, pk)
    decision = PriceDecision.objects.create(partnership=partnership, **payload.model_dump())
    return _decision_out(decision)
