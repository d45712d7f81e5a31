"""Shapes of enterprise data in the API."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field, StringConstraints

from brygga.core.models import Country
from brygga.people.schemas import Day, Label, Note, RowId
from brygga.people.vocabularies import Adaptation

from .models import ActorKind, LegalForm, Need, PartnershipKind, Stage, WorkIntegration

Code = Annotated[str, StringConstraints(max_length=10, pattern=r"^[0-9.]+$")]
Amount = Annotated[Decimal, Field(ge=0, le=10**13, max_digits=14, decimal_places=0)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]


# --- profiles -------------------------------------------------------------------------


class ProfileIn(Schema):
    org_number: Annotated[str, StringConstraints(max_length=20)] = ""
    municipality: Annotated[str, StringConstraints(max_length=100)] = ""
    legal_form: LegalForm | None = None
    description: Note = ""
    website: Annotated[str, StringConstraints(max_length=200)] = ""
    email: Annotated[str, StringConstraints(max_length=254)] = ""
    phone: Annotated[str, StringConstraints(max_length=40)] = ""
    placements: Count = 0
    supervisors: Count = 0
    sectors: list[Code] = Field(default_factory=list, max_length=30)
    services: list[Label] = Field(default_factory=list, max_length=50)
    adaptations: list[Adaptation] = Field(default_factory=list, max_length=20)
    checklist: list[WorkIntegration] = Field(default_factory=list, max_length=4)
    published: bool = True


class YearIn(Schema):
    private_sales: Amount = Decimal(0)
    public_sales: Amount = Decimal(0)
    grants: Amount = Decimal(0)
    wage_subsidies: Amount = Decimal(0)
    employees: Count = 0
    participants: Count = 0


class YearOut(Schema):
    year: int
    private_sales: Decimal
    public_sales: Decimal
    grants: Decimal
    wage_subsidies: Decimal
    employees: int
    participants: int
    independence: Decimal | None = Field(
        description="Share of revenue earned through sales, in per cent."
    )


class TrendOut(Schema):
    points_per_year: Decimal
    direction: str


class ProfileOut(Schema):
    id: int
    organisation_id: int
    name: str
    country: str
    municipality: str
    org_number: str
    legal_form: str
    sectors: list[str]
    services: list[str]
    placements: int
    supervisors: int
    adaptations: list[str]
    checklist: list[str]
    work_integrating: bool
    published: bool


class ProfileDetailOut(ProfileOut):
    description: str
    website: str
    email: str
    phone: str
    years: list[YearOut]
    trend: TrendOut | None


class DirectoryQuery(Schema):
    q: Label = ""
    section: Annotated[str, StringConstraints(pattern=r"^[A-U]?$")] = ""
    municipality: Annotated[str, StringConstraints(max_length=100)] = ""
    country: Country | None = None
    work_integrating: bool = False


# --- support map ----------------------------------------------------------------------


class SupportQuery(Schema):
    stage: Stage | None = None
    need: Need | None = None
    country: Country | None = None
    municipality: Annotated[str, StringConstraints(max_length=100)] = ""


class OfferIn(Schema):
    provider: RowId
    actor_kind: ActorKind
    title: Label
    description: Note
    stages: list[Stage] = Field(min_length=1, max_length=5)
    needs: list[Need] = Field(min_length=1, max_length=20)
    country: Country
    municipalities: Annotated[str, StringConstraints(max_length=500)] = ""
    url: Annotated[str, StringConstraints(max_length=200)] = ""
    contact_email: Annotated[str, StringConstraints(max_length=254)] = ""
    active: bool = True


class OfferOut(Schema):
    id: int
    provider_id: int
    provider: str
    actor_kind: str
    title: str
    description: str
    stages: list[str]
    needs: list[str]
    country: str
    municipalities: str
    url: str
    contact_email: str


class FitOut(Schema):
    offer: OfferOut
    score: int
    reasons: list[str]


# --- guidance -------------------------------------------------------------------------


class CaseIn(Schema):
    advising_organisation: RowId
    name: Label
    stage: Stage
    opened_on: Day
    enterprise: RowId | None = None
    contact_name: Label = ""
    advisor: RowId | None = Field(None, description="A user of the advising organisation.")


class StageIn(Schema):
    stage: Stage
    changed_on: Day


class SessionIn(Schema):
    held_on: Day
    topic: Label
    notes: Note = ""
    next_step: Annotated[str, StringConstraints(max_length=500)] = ""


class SessionOut(Schema):
    id: int
    held_on: datetime.date
    topic: str
    notes: str
    next_step: str


class CaseOut(Schema):
    id: int
    name: str
    advising_organisation_id: int
    enterprise_id: int | None
    contact_name: str
    advisor_id: int | None
    stage: str
    stage_since: datetime.date
    days_in_stage: int
    stuck: bool
    opened_on: datetime.date


# --- partnerships ---------------------------------------------------------------------


class PartnershipIn(Schema):
    enterprise: RowId
    partner: RowId
    kind: PartnershipKind
    start_date: Day
    end_date: Day | None = None
    value: Amount | None = None
    partner_unit: Label = ""
    enterprise_contact: Label = ""
    partner_contact: Label = ""
    note: Note = ""


class PartnershipOut(Schema):
    id: int
    enterprise_id: int
    partner_id: int
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None
    value: Decimal | None
    partner_unit: str
    enterprise_contact: str
    partner_contact: str


class OrganisationRef(Schema):
    id: int
    name: str
    kind: str


class EdgeOut(Schema):
    enterprise_id: int
    partner_id: int
    kind: str


class GraphOut(Schema):
    organisations: list[OrganisationRef]
    edges: list[EdgeOut]
    without_business_bridge: list[OrganisationRef]


# --- procurement ----------------------------------------------------------------------


class NeedIn(Schema):
    buyer: RowId
    title: Label
    services: Annotated[str, StringConstraints(max_length=500)] = ""
    sector_codes: list[Code] = Field(default_factory=list, max_length=30)
    description: Note = ""
    municipality: Annotated[str, StringConstraints(max_length=100)] = ""
    volume: int = Field(1, ge=1, le=100_000)
    start_date: Day
    end_date: Day | None = None
    reserved: bool = False


class NeedOut(Schema):
    id: int
    buyer_id: int
    title: str
    description: str
    sector_codes: list[str]
    services: str
    municipality: str
    volume: int
    start_date: datetime.date
    end_date: datetime.date | None
    reserved: bool


class MatchOut(Schema):
    profile_id: int
    organisation_id: int
    name: str
    score: int
    reasons: list[str]
