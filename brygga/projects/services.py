"""Every change of a project: registry records, funders, budgets, costs, special data.

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
from brygga.people.models import Participant

from .models import (
    BudgetLine,
    Cost,
    CostCategory,
    Currency,
    Funder,
    FunderKind,
    FundingAmount,
    LegalBasis,
    Project,
    SpecialCategoryData,
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
