"""Every change to enterprises, guidance, the support map, partnerships and needs.

Each function checks who acts (a member of the organisation concerned with a
role that may change it) and the domain rules, then writes atomically. A
refusal is a typed ``DomainError`` naming the field at fault.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.dk import cvr
from stdnum.se import orgnr

from brygga.core.errors import DomainError, NotPermitted
from brygga.core.models import Organisation, OrganisationKind, Role, User
from brygga.core.selectors import organisations_for
from brygga.people.vocabularies import Adaptation

from . import nace
from .models import (
    ActorKind,
    EnterpriseProfile,
    GuidanceCase,
    GuidanceSession,
    LegalForm,
    Milestone,
    Need,
    Partnership,
    PartnershipKind,
    PlanGoal,
    ProcurementNeed,
    Sector,
    ServiceOffered,
    Stage,
    StageChange,
    SupportOffer,
    WorkIntegration,
    YearFigures,
)

#: Roles that may change an organisation's own records here (analysts only read).
STAFF_ROLES: frozenset[str] = frozenset({Role.ORG_ADMIN, Role.CASE_WORKER, Role.ENTERPRISE_STAFF})


def require_staff(user: User, organisation: Organisation) -> None:
    if not organisations_for(user, STAFF_ROLES).filter(pk=organisation.pk).exists():
        raise NotPermitted(_("You may not change this organisation's records."))


# --- organisation numbers ----------------------------------------------------------------


def validate_org_number(country: str, number: str) -> str:
    """The number in its compact form (as ``core`` stores them); DomainError when invalid."""
    if not number.strip():
        return ""
    try:
        if country == "DK":
            return str(cvr.validate(number))
        return str(orgnr.validate(number))
    except stdnum_errors.ValidationError as exc:
        if country == "DK":
            message = _("This is not a valid Danish CVR number.")
        else:
            message = _("This is not a valid Swedish organisation number.")
        raise DomainError(message, field="org_number") from exc


def format_org_number(country: str, number: str) -> str:
    """The number as people write it: ``556677-8899`` in Sweden, the eight digits in Denmark."""
    if country == "SE" and orgnr.is_valid(number):
        return str(orgnr.format(number))
    return number


# --- profiles --------------------------------------------------------------------------


@dataclass
class ProfileData:
    org_number: str = ""
    municipality: str = ""
    legal_form: str = ""
    description: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    placements: int = 0
    supervisors: int = 0
    sectors: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    adaptations: list[str] = field(default_factory=list)
    checklist: list[str] = field(default_factory=list)
    published: bool = True


def _clean_codes(codes: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for code in codes:
        normal = nace.normalise(code)
        if normal is None:
            raise DomainError(
                _("%(code)s is not a NACE Rev. 2 code.") % {"code": code[:10]}, field="sectors"
            )
        if normal not in cleaned:
            cleaned.append(normal)
    return cleaned


def _check_profile(organisation: Organisation, data: ProfileData) -> str:
    number = validate_org_number(organisation.country, data.org_number)
    if data.legal_form:
        if data.legal_form not in LegalForm.values:
            raise DomainError(_("Unknown legal form."), field="legal_form")
        prefix = data.legal_form.split("_")[0]
        if prefix in {"se", "dk"} and prefix.upper() != organisation.country:
            raise DomainError(
                _("This legal form does not exist in the organisation's country."),
                field="legal_form",
            )
    if set(data.adaptations) - set(Adaptation.values):
        raise DomainError(_("Unknown adaptation."), field="adaptations")
    if set(data.checklist) - set(WorkIntegration.values):
        raise DomainError(_("Unknown checklist item."), field="checklist")
    if data.placements < 0 or data.supervisors < 0:
        raise DomainError(_("Capacity cannot be negative."), field="placements")
    return number


@transaction.atomic
def save_profile(user: User, organisation: Organisation, data: ProfileData) -> EnterpriseProfile:
    """Create or update the profile of ``organisation``; its staff keep it."""
    require_staff(user, organisation)
    number = _check_profile(organisation, data)
    sectors = _clean_codes(data.sectors)
    organisation.org_number = number
    organisation.municipality = data.municipality.strip()
    organisation.save(update_fields=["org_number", "municipality"])
    profile, _created = EnterpriseProfile.objects.update_or_create(
        organisation=organisation,
        defaults={
            "legal_form": data.legal_form,
            "description": data.description,
            "website": data.website,
            "email": data.email,
            "phone": data.phone,
            "placements": data.placements,
            "supervisors": data.supervisors,
            "adaptations": sorted(set(data.adaptations)),
            "checklist": [v for v in WorkIntegration.values if v in data.checklist],
            "published": data.published,
            "updated_at": timezone.now(),
        },
    )
    profile.sectors.all().delete()
    Sector.objects.bulk_create(Sector(profile=profile, code=code) for code in sectors)
    profile.services.all().delete()
    names = list(dict.fromkeys(s.strip()[:200] for s in data.services if s.strip()))
    ServiceOffered.objects.bulk_create(ServiceOffered(profile=profile, name=n) for n in names)
    return profile


@dataclass
class YearData:
    year: int
    private_sales: Decimal = Decimal(0)
    public_sales: Decimal = Decimal(0)
    grants: Decimal = Decimal(0)
    wage_subsidies: Decimal = Decimal(0)
    employees: int = 0
    participants: int = 0


@transaction.atomic
def record_year(user: User, profile: EnterpriseProfile, data: YearData) -> YearFigures:
    """Record (or correct) the figures of one year."""
    require_staff(user, profile.organisation)
    this_year = timezone.localdate().year
    if not 1990 <= data.year <= this_year:
        raise DomainError(_("The year must lie between 1990 and this year."), field="year")
    amounts = [data.private_sales, data.public_sales, data.grants, data.wage_subsidies]
    if any(amount < 0 for amount in amounts):
        raise DomainError(_("Amounts cannot be negative."), field="private_sales")
    if data.employees < 0 or data.participants < 0:
        raise DomainError(_("Counts cannot be negative."), field="employees")
    figures, _created = YearFigures.objects.update_or_create(
        profile=profile,
        year=data.year,
        defaults={
            "private_sales": data.private_sales,
            "public_sales": data.public_sales,
            "grants": data.grants,
            "wage_subsidies": data.wage_subsidies,
            "employees": data.employees,
            "participants": data.participants,
        },
    )
    return figures


# --- guidance pipeline -----------------------------------------------------------------


def _require_advisor(user: User, case: GuidanceCase) -> None:
    """Only the advising organisation changes a case; the enterprise reads it."""
    require_staff(user, case.advising_organisation)


@transaction.atomic
def open_case(
    user: User,
    advising_organisation: Organisation,
    name: str,
    stage: str,
    opened_on: datetime.date,
    *,
    enterprise: Organisation | None = None,
    contact_name: str = "",
    advisor: User | None = None,
) -> GuidanceCase:
    require_staff(user, advising_organisation)
    if stage not in Stage.values:
        raise DomainError(_("Unknown stage."), field="stage")
    if not name.strip():
        raise DomainError(_("Name the initiative."), field="name")
    if opened_on > timezone.localdate():
        raise DomainError(_("A case cannot be opened in the future."), field="opened_on")
    if (
        advisor is not None
        and not advisor.memberships.filter(organisation=advising_organisation).exists()
    ):
        raise DomainError(_("The advisor must work at the advising organisation."), field="advisor")
    case = GuidanceCase.objects.create(
        advising_organisation=advising_organisation,
        enterprise=enterprise,
        name=name.strip(),
        contact_name=contact_name,
        advisor=advisor or user,
        stage=stage,
        stage_since=opened_on,
        opened_on=opened_on,
    )
    StageChange.objects.create(case=case, stage=stage, changed_on=opened_on)
    return case


@transaction.atomic
def move_stage(user: User, case: GuidanceCase, stage: str, on: datetime.date) -> GuidanceCase:
    _require_advisor(user, case)
    if stage not in Stage.values:
        raise DomainError(_("Unknown stage."), field="stage")
    if stage == case.stage:
        raise DomainError(_("The case is already in this stage."), field="stage")
    if on < case.stage_since or on > timezone.localdate():
        raise DomainError(
            _("The date must lie between the last change and today."), field="changed_on"
        )
    case.stage = stage
    case.stage_since = on
    case.save(update_fields=["stage", "stage_since"])
    StageChange.objects.create(case=case, stage=stage, changed_on=on)
    return case


@transaction.atomic
def add_session(
    user: User,
    case: GuidanceCase,
    held_on: datetime.date,
    topic: str,
    notes: str = "",
    next_step: str = "",
) -> GuidanceSession:
    _require_advisor(user, case)
    if held_on < case.opened_on:
        raise DomainError(_("The session cannot precede the case."), field="held_on")
    if held_on > timezone.localdate() + datetime.timedelta(days=365):
        raise DomainError(_("The date is too far ahead."), field="held_on")
    if not topic.strip():
        raise DomainError(_("Give the session a topic."), field="topic")
    return GuidanceSession.objects.create(
        case=case, held_on=held_on, topic=topic, notes=notes, next_step=next_step, advisor=user
    )


@transaction.atomic
def add_goal(
    user: User, case: GuidanceCase, title: str, target_date: datetime.date | None = None
) -> PlanGoal:
    _require_advisor(user, case)
    if not title.strip():
        raise DomainError(_("Name the goal."), field="title")
    return PlanGoal.objects.create(case=case, title=title, target_date=target_date)


@transaction.atomic
def add_milestone(user: User, goal: PlanGoal, title: str, due_on: datetime.date) -> Milestone:
    _require_advisor(user, goal.case)
    if not title.strip():
        raise DomainError(_("Name the milestone."), field="title")
    return Milestone.objects.create(goal=goal, title=title, due_on=due_on)


@transaction.atomic
def complete_milestone(user: User, milestone: Milestone, done_on: datetime.date) -> Milestone:
    _require_advisor(user, milestone.goal.case)
    if done_on > timezone.localdate():
        raise DomainError(_("A milestone cannot be done in the future."), field="done_on")
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    return milestone


# --- support map -----------------------------------------------------------------------


@dataclass
class SupportData:
    actor_kind: str
    title: str
    description: str
    stages: list[str]
    needs: list[str]
    country: str
    municipalities: str = ""
    url: str = ""
    contact_email: str = ""
    active: bool = True


@transaction.atomic
def save_support_offer(
    user: User, provider: Organisation, data: SupportData, offer: SupportOffer | None = None
) -> SupportOffer:
    require_staff(user, provider)
    if offer is not None and offer.provider_id != provider.pk:
        raise NotPermitted(_("This offer belongs to another organisation."))
    if data.actor_kind not in ActorKind.values:
        raise DomainError(_("Unknown type of actor."), field="actor_kind")
    if not data.stages or set(data.stages) - set(Stage.values):
        raise DomainError(_("Choose the stages the support is for."), field="stages")
    if not data.needs or set(data.needs) - set(Need.values):
        raise DomainError(_("Choose the needs the support meets."), field="needs")
    if data.country not in {"SE", "DK"}:
        raise DomainError(_("Unknown country."), field="country")
    offer = offer or SupportOffer(provider=provider)
    for name, value in vars(data).items():
        setattr(offer, name, value)
    offer.stages = [s for s in Stage.values if s in data.stages]
    offer.needs = [n for n in Need.values if n in data.needs]
    offer.full_clean()
    offer.save()
    return offer


# --- partnerships ----------------------------------------------------------------------


@dataclass
class PartnershipData:
    enterprise: Organisation
    partner: Organisation
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None = None
    value: Decimal | None = None
    partner_unit: str = ""
    enterprise_contact: str = ""
    partner_contact: str = ""
    note: str = ""


@transaction.atomic
def save_partnership(
    user: User, data: PartnershipData, partnership: Partnership | None = None
) -> Partnership:
    """Either party records the bridge; the enterprise side must be a social enterprise."""
    mine = organisations_for(user, STAFF_ROLES)
    if not mine.filter(pk__in=[data.enterprise.pk, data.partner.pk]).exists():
        raise NotPermitted(_("Only the two parties record a partnership."))
    if (
        partnership is not None
        and not mine.filter(pk__in=[partnership.enterprise_id, partnership.partner_id]).exists()
    ):
        raise NotPermitted(_("Only the two parties change a partnership."))
    if data.enterprise.kind != OrganisationKind.SOCIAL_ENTERPRISE:
        raise DomainError(_("The first party must be a social enterprise."), field="enterprise")
    if data.enterprise.pk == data.partner.pk:
        raise DomainError(_("A partnership needs two parties."), field="partner")
    if data.kind not in PartnershipKind.values:
        raise DomainError(_("Unknown type of partnership."), field="kind")
    if data.end_date is not None and data.end_date < data.start_date:
        raise DomainError(_("The end cannot precede the start."), field="end_date")
    if data.value is not None and data.value < 0:
        raise DomainError(_("The value cannot be negative."), field="value")
    partnership = partnership or Partnership()
    for name, value in vars(data).items():
        setattr(partnership, name, value)
    partnership.save()
    return partnership


# --- procurement -----------------------------------------------------------------------


@dataclass
class NeedData:
    title: str
    services: str
    start_date: datetime.date
    sector_codes: list[str] = field(default_factory=list)
    description: str = ""
    municipality: str = ""
    volume: int = 1
    end_date: datetime.date | None = None
    reserved: bool = False


@transaction.atomic
def post_need(
    user: User, buyer: Organisation, data: NeedData, need: ProcurementNeed | None = None
) -> ProcurementNeed:
    require_staff(user, buyer)
    if buyer.kind == OrganisationKind.SOCIAL_ENTERPRISE:
        raise DomainError(_("Only buyers post procurement needs."), field="buyer")
    codes = _clean_codes(data.sector_codes)
    if not codes and not [s for s in data.services.split(",") if s.strip()]:
        raise DomainError(_("Give at least a sector or a service."), field="services")
    if data.end_date is not None and data.end_date < data.start_date:
        raise DomainError(_("The end cannot precede the start."), field="end_date")
    if data.volume < 1:
        raise DomainError(_("The volume must be at least one."), field="volume")
    need = need or ProcurementNeed(buyer=buyer)
    for name, value in vars(data).items():
        setattr(need, name, value)
    need.sector_codes = codes
    need.save()
    return need
