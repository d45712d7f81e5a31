"""Every change of a project: records, funders, budgets, costs, special data, ESF+ facts.

Writes are atomic and refuse bad input with a typed ``DomainError`` naming the
field. ``actor=None`` means the command line (an operator on the server).
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from brygga.core.errors import DomainError, NotPermitted
from brygga.core.models import Organisation, OrganisationKind, Role, User
from brygga.core.selectors import organisations_for, personal_data_organisations
from brygga.journeys.models import Enrolment
from brygga.people.models import Participant

from .models import (
    ESTIMABLE_CODES,
    AreaSource,
    BudgetLine,
    Cost,
    CostCategory,
    Currency,
    Degurba,
    EntrySituation,
    Funder,
    FunderKind,
    FundingAmount,
    HousingSituation,
    IndicatorEstimate,
    LegalBasis,
    Project,
    SpecialCategoryData,
    SupportedEntity,
)
from .record import FIELDS, ProjectRecord, RecordInvalid, read_record_text, read_records_csv

#: Roles that may change a project's record, funders, budget and costs.
PROJECT_ADMIN_ROLES: frozenset[str] = frozenset({Role.ORG_ADMIN})


def admin_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations in which ``user`` may import and change projects."""
    return organisations_for(user, PROJECT_ADMIN_ROLES)


def check_project_admin(actor: User | None, project: Project) -> None:
    """Only organisation admins of the owner change a project (None: the command line)."""
    if actor is None:
        return
    if not organisations_for(actor, PROJECT_ADMIN_ROLES).filter(pk=project.owner_id).exists():
        raise NotPermitted(_("Only the project owner's administrators may change the project."))


# --- registry records ----------------------------------------------------------------


def record_from_project(project: Project) -> ProjectRecord:
    return ProjectRecord(**{field: getattr(project, field) for field in FIELDS})


def _guess_kind(name: str) -> str:
    lowered = name.casefold()
    if "samordningsförbund" in lowered:
        return OrganisationKind.COORDINATION_ASSOCIATION
    if "kommun" in lowered:
        return OrganisationKind.MUNICIPALITY
    return OrganisationKind.AGENCY


def _owner_for(record: ProjectRecord) -> Organisation:
    """The organisation with the record's organisation number, created when missing."""
    if not record.owner_org_number:
        raise DomainError(
            _("The record has no owner's organisation number."), field="owner_org_number"
        )
    owner = Organisation.objects.filter(org_number=record.owner_org_number).first()
    if owner is not None:
        return owner
    country = "DK" if record.country.casefold() in {"danmark", "denmark"} else "SE"
    return Organisation.objects.create(
        name=record.owner_name.title() or record.owner_org_number,
        kind=_guess_kind(record.owner_name),
        country=country,
        org_number=record.owner_org_number,
    )


@transaction.atomic
def import_record(record: ProjectRecord, actor: User | None = None) -> tuple[Project, bool]:
    """Create or update the project with the record's diarienummer; True when created.

    The owner is the organisation with the record's organisation number. A user
    must be an organisation admin there; the command line creates the
    organisation when it does not exist yet.
    """
    if actor is None:
        owner = _owner_for(record)
    else:
        owner_qs = organisations_for(actor, PROJECT_ADMIN_ROLES).filter(
            org_number=record.owner_org_number
        )
        found = owner_qs.first()
        if found is None:
            raise NotPermitted(
                _("You are not an administrator of the organisation that owns this project."),
                field="owner_org_number",
            )
        owner = found
    values = record.as_dict()
    project = Project.objects.select_for_update().filter(diarienummer=record.diarienummer).first()
    created = project is None
    if project is None:
        project = Project(owner=owner, **values)
    else:
        check_project_admin(actor, project)
        for field, value in values.items():
            setattr(project, field, value)
        project.owner = owner
    project.save()
    return project, created


def import_record_file(
    path_name: str, content: str, actor: User | None = None
) -> list[tuple[Project, bool]]:
    """Import a published record (text) or a CSV of records; all or nothing.

    Raises ``RecordInvalid`` listing every bad field (with its row for CSV).
    """
    if path_name.lower().endswith(".csv"):
        records, errors = read_records_csv(content)
        if errors:
            raise RecordInvalid(errors)
    else:
        records = [read_record_text(content)]
    with transaction.atomic():
        return [import_record(record, actor) for record in records]


# --- funders, budget, costs -------------------------------------------------------------


def _check_year(project: Project, year: int) -> None:
    if year not in project.years():
        raise DomainError(_("The year is outside the project's period."), field="year")


def _check_amount(amount: Decimal, currency: str) -> None:
    if amount < 0:
        raise DomainError(_("The amount cannot be negative."), field="amount")
    if currency not in Currency.values:
        raise DomainError(_("Unknown currency."), field="currency")


@transaction.atomic
def add_funder(
    actor: User | None,
    project: Project,
    name: str,
    kind: str,
    organisation: Organisation | None = None,
) -> Funder:
    check_project_admin(actor, project)
    name = name.strip() or (organisation.name if organisation else "")
    if not name:
        raise DomainError(_("Name the funder or choose its organisation."), field="name")
    if kind not in FunderKind.values:
        raise DomainError(_("Unknown kind of funder."), field="kind")
    if project.funders.filter(name=name).exists():
        raise DomainError(_("This project already has a funder with that name."), field="name")
    return Funder.objects.create(project=project, name=name, kind=kind, organisation=organisation)


@transaction.atomic
def set_funding(
    actor: User | None,
    funder: Funder,
    year: int,
    amount: Decimal,
    currency: str = Currency.SEK,
) -> FundingAmount:
    """Set what ``funder`` puts in for ``year`` (replacing an earlier figure)."""
    check_project_admin(actor, funder.project)
    _check_year(funder.project, year)
    _check_amount(amount, currency)
    funding, _created = FundingAmount.objects.update_or_create(
        funder=funder, year=year, defaults={"amount": amount, "currency": currency}
    )
    return funding


@transaction.atomic
def add_budget_line(
    actor: User | None,
    project: Project,
    year: int,
    category: str,
    amount: Decimal,
    currency: str = Currency.SEK,
    description: str = "",
) -> BudgetLine:
    check_project_admin(actor, project)
    _check_year(project, year)
    _check_amount(amount, currency)
    if category not in CostCategory.values:
        raise DomainError(_("Unknown cost category."), field="category")
    return BudgetLine.objects.create(
        project=project,
        year=year,
        category=category,
        amount=amount,
        currency=currency,
        description=description.strip(),
    )


@transaction.atomic
def record_cost(
    actor: User | None,
    project: Project,
    incurred_on: datetime.date,
    category: str,
    amount: Decimal,
    currency: str = Currency.SEK,
    description: str = "",
) -> Cost:
    check_project_admin(actor, project)
    if incurred_on < project.start_date or (project.end_date and incurred_on > project.end_date):
        raise DomainError(_("The date is outside the project's period."), field="incurred_on")
    _check_amount(amount, currency)
    if category not in CostCategory.values:
        raise DomainError(_("Unknown cost category."), field="category")
    return Cost.objects.create(
        project=project,
        incurred_on=incurred_on,
        category=category,
        amount=amount,
        currency=currency,
        description=description.strip(),
        recorded_by=actor,
    )


# --- special-category data ------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SpecialData:
    disability: bool | None
    minority: bool | None
    legal_basis: str
    basis_note: str = ""


@transaction.atomic
def record_special_data(
    actor: User, participant: Participant, data: SpecialData
) -> SpecialCategoryData:
    """Store disability and minority apart, with the legal basis for holding them."""
    if not personal_data_organisations(actor).filter(pk=participant.organisation_id).exists():
        raise NotPermitted(_("You may not handle participants of this organisation."))
    if data.legal_basis not in LegalBasis.values:
        raise DomainError(
            _("State the legal basis for recording this information."), field="legal_basis"
        )
    row, _created = SpecialCategoryData.objects.update_or_create(
        participant=participant,
        defaults={
            "disability": data.disability,
            "minority": data.minority,
            "legal_basis": data.legal_basis,
            "basis_note": data.basis_note.strip(),
            "recorded_by": actor,
        },
    )
    return row


# --- situation at entry (EECO16, EECO17) -------------------------------------------------


@dataclasses.dataclass(frozen=True)
class EntryFacts:
    housing: str = ""  # HousingSituation value, "" not recorded
    degurba: int | None = None  # set by the case worker; None: derive from the municipality
    area_note: str = ""


@transaction.atomic
def record_entry_situation(
    actor: User | None, enrolment: Enrolment, facts: EntryFacts
) -> EntrySituation:
    """Store housing and rural residence at ``enrolment``'s entry, apart from the journey.

    The degree of urbanisation is the case worker's when given (source: case
    worker), else derived from the participant's municipality of residence with
    the DEGURBA table (source: municipality), else unknown.
    """
    from .kernel.degurba import degurba_of

    participant = enrolment.participant
    if (
        actor is not None
        and not personal_data_organisations(actor).filter(pk=participant.organisation_id).exists()
    ):
        raise NotPermitted(_("You may not handle participants of this organisation."))
    if facts.housing and facts.housing not in HousingSituation.values:
        raise DomainError(_("Unknown housing situation."), field="housing")
    if facts.degurba is not None and facts.degurba not in Degurba.values:
        raise DomainError(_("Unknown degree of urbanisation."), field="degurba")
    municipality = participant.municipality.strip()
    if facts.degurba is not None:
        degurba: int | None = facts.degurba
        source: str = AreaSource.CASE_WORKER
    else:
        degurba = degurba_of(municipality, participant.organisation.country)
        source = AreaSource.MUNICIPALITY if degurba is not None else ""
    row, _created = EntrySituation.objects.update_or_create(
        enrolment=enrolment,
        defaults={
            "housing": facts.housing,
            "municipality": municipality,
            "degurba": degurba,
            "area_source": source,
            "area_note": facts.area_note.strip(),
            "recorded_by": actor,
        },
    )
    return row


def derive_entry_areas(project: Project) -> int:
    """For enrolments of ``project`` without a situation at entry: the area from the municipality.

    The operator's catch-up (``brygga esf_entry_areas``); returns the rows created.
    """
    from .kernel.degurba import degurba_of

    created = 0
    enrolments = Enrolment.objects.filter(project=project, esf_entry__isnull=True).select_related(
        "participant", "participant__organisation"
    )
    for enrolment in enrolments:
        participant = enrolment.participant
        degurba = degurba_of(participant.municipality, participant.organisation.country)
        if degurba is None:
            continue
        EntrySituation.objects.create(
            enrolment=enrolment,
            municipality=participant.municipality.strip(),
            degurba=degurba,
            area_source=AreaSource.MUNICIPALITY,
        )
        created += 1
    return created


# --- supported entities (EECO18, EECO19) -------------------------------------------------


def add_supported_entity(
    actor: User | None,
    project: Project,
    organisation: Organisation,
    supported_on: datetime.date,
    sme: bool | None = None,
    description: str = "",
) -> SupportedEntity:
    """Record that ``project`` supported ``organisation`` (once per project)."""
    check_project_admin(actor, project)
    if supported_on < project.start_date or (project.end_date and supported_on > project.end_date):
        raise DomainError(_("The date is outside the project's period."), field="supported_on")
    if SupportedEntity.objects.filter(project=project, organisation=organisation).exists():
        raise DomainError(
            _("The project already records support to this organisation."), field="organisation"
        )
    if sme is True and organisation.kind not in (
        OrganisationKind.EMPLOYER,
        OrganisationKind.SOCIAL_ENTERPRISE,
    ):
        raise DomainError(
            _("Only employers and social enterprises can be recorded as SMEs."), field="sme"
        )
    return SupportedEntity.objects.create(
        project=project,
        organisation=organisation,
        supported_on=supported_on,
        sme=sme,
        description=description.strip(),
        recorded_by=actor,
    )


def remove_supported_entity(actor: User | None, entity: SupportedEntity) -> None:
    check_project_admin(actor, entity.project)
    entity.delete()


# --- informed estimates (EECO12, EECO15) -------------------------------------------------


@dataclasses.dataclass(frozen=True)
class EstimateData:
    code: str
    period_start: datetime.date
    period_end: datetime.date
    basis: str
    count: int | None = None
    share: Decimal | None = None  # percent


def record_estimate(actor: User | None, project: Project, data: EstimateData) -> IndicatorEstimate:
    """An informed estimate of disability or minority for a reporting period."""
    check_project_admin(actor, project)
    if data.code not in ESTIMABLE_CODES:
        raise DomainError(
            _("Only disability (EECO12) and minority (EECO15) may be estimated."), field="code"
        )
    if data.period_end < data.period_start:
        raise DomainError(_("The period ends before it starts."), field="period_end")
    if (data.count is None) == (data.share is None):
        raise DomainError(_("Give either a number of participants or a share."), field="count")
    if data.count is not None and data.count < 0:
        raise DomainError(_("The number cannot be negative."), field="count")
    if data.share is not None and not Decimal(0) <= data.share <= Decimal(100):
        raise DomainError(_("The share is a percentage from 0 to 100."), field="share")
    if not data.basis.strip():
        raise DomainError(
            _("Describe the basis of the estimate (survey, register, expert judgement…)."),
            field="basis",
        )
    overlapping = IndicatorEstimate.objects.filter(
        project=project,
        code=data.code,
        period_start__lte=data.period_end,
        period_end__gte=data.period_start,
    )
    if overlapping.exists():
        raise DomainError(
            _("An estimate of this indicator already covers part of the period."),
            field="period_start",
        )
    return IndicatorEstimate.objects.create(
        project=project,
        code=data.code,
        period_start=data.period_start,
        period_end=data.period_end,
        count=data.count,
        share=data.share,
        basis=data.basis.strip(),
        recorded_by=actor,
    )


def remove_estimate(actor: User | None, estimate: IndicatorEstimate) -> None:
    check_project_admin(actor, estimate.project)
    estimate.delete()
