"""Shapes of the projects API."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from brygga.people.rules import TargetGroup

from .models import CostCategory, Currency, FunderKind


class ProjectOut(Schema):
    """A project with every field of its ESF+ registry record."""

    id: int
    owner_id: int
    owner: str = Field(..., alias="owner.name")
    diarienummer: str
    name: str
    start_date: datetime.date
    end_date: datetime.date | None
    country: str
    fund: str
    programme_cci: str
    owner_org_number: str
    owner_name: str
    eu_cofinancing_rate: Decimal | None
    programme_area: str
    specific_objective: str
    child_poverty_theme: bool | None
    region: str
    nuts2_code: str
    beneficiary_postcode: str
    beneficiary_town: str
    intervention_type: str
    participants_planned: int | None
    strategic_importance: bool | None
    description: str


class RecordIn(Schema):
    """A registry record in its published text form, or a CSV of records."""

    format: Literal["text", "csv"] = "text"
    content: str


class RecordErrorOut(Schema):
    detail: str
    errors: list[dict[str, Any]]


class AmountOut(Schema):
    year: int
    amount: Decimal
    currency: str


class FunderOut(Schema):
    id: int
    name: str
    kind: str
    organisation_id: int | None
    amounts: list[AmountOut]


class CheckOut(Schema):
    year: int | None
    total: Decimal
    eu: Decimal
    currency: str
    eu_share: Decimal | None
    verdict: str
    reason: str
    message: str


class FundingOut(Schema):
    eu_cofinancing_rate: Decimal | None
    funders: list[FunderOut]
    checks: list[CheckOut]


class FunderIn(Schema):
    name: str = ""
    kind: FunderKind
    organisation_id: int | None = None


class AmountIn(Schema):
    year: int
    amount: Decimal = Field(..., ge=0)
    currency: Currency = Currency.SEK


class CostIn(Schema):
    incurred_on: datetime.date
    category: CostCategory
    amount: Decimal = Field(..., ge=0)
    currency: Currency = Currency.SEK
    description: str = ""


class CostOut(Schema):
    id: int
    incurred_on: datetime.date
    category: str
    amount: Decimal
    currency: str
    description: str


class ReportQuery(Schema):
    as_of: datetime.date | None = None


class EsfQuery(ReportQuery):
    target_group: TargetGroup | None = None


class SupportedEntityIn(Schema):
    organisation_id: int
    supported_on: datetime.date
    sme: bool | None = None
    description: str = ""


class SupportedEntityOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    organisation_kind: str
    supported_on: datetime.date
    sme: bool | None
    description: str


class EntitiesOut(Schema):
    entities: list[SupportedEntityOut]
    eeco18_public_administrations: int
    eeco19_smes: int


class EstimateIn(Schema):
    code: str
    period_start: datetime.date
    period_end: datetime.date
    count: int | None = None
    share: Decimal | None = None
    basis: str


class EstimateOut(Schema):
    id: int
    code: str
    period_start: datetime.date
    period_end: datetime.date
    count: int | None
    share: Decimal | None
    basis: str
