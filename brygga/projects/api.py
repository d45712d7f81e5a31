"""The projects app's part of the HTTP API, mounted at /api/v1/projects/.

Reads start from ``selectors.get_project_for`` (owner and partner members), so
an outsider gets 404; aggregates hide counts below 5 unless the caller is an
organisation admin or case worker of the owner; writes go through ``services``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from brygga.api.auth import api_user
from brygga.core.models import Organisation
from brygga.people.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut

from . import reports, selectors, services
from .kernel import dashboard as dashboard_kernel
from .kernel import esf
from .kernel.funding import check_cofinancing
from .kernel.suppress import suppress_value
from .models import Cost, Funder, FundingAmount, IndicatorEstimate, Project, SupportedEntity
from .record import LABELS, RecordInvalid
from .schemas import (
    AmountIn,
    AmountOut,
    CostIn,
    CostOut,
    EntitiesOut,
    EsfQuery,
    EstimateIn,
    EstimateOut,
    FunderIn,
    FunderOut,
    FundingOut,
    ProjectOut,
    RecordErrorOut,
    RecordIn,
    ReportQuery,
    SupportedEntityIn,
)
from .views import COFINANCING_MESSAGES

router = Router(tags=["projects"])


def _project(request: HttpRequest, project_id: int) -> Project:
    return selectors.get_project_for(api_user(request), project_id)


@router.post(
    "/records",
    response={201: list[ProjectOut], **WRITE_ERRORS, 400: RecordErrorOut | ErrorOut},
    summary="Import registry records (published text or CSV)",
)
def import_records(request: HttpRequest, payload: RecordIn) -> tuple[int, Any]:
    """Creates or updates the project with each record's diarienummer; all or nothing.

    The caller must be an organisation admin of the owner (found by the
    record's organisation number). A bad record answers 400 with every field's problem.
    """
    user = api_user(request)
    name = "records.csv" if payload.format == "csv" else "record.txt"
    try:
        results = services.import_record_file(name, payload.content, user)
    except RecordInvalid as exc:
        errors = [
            {
                "field": e.field,
                "label": LABELS.get(e.field, e.field),
                "row": e.row,
                "message": str(e.message),
            }
            for e in exc.errors
        ]
        return 400, {
            "detail": _("The record has problems; nothing was imported."),
            "errors": errors,
        }
    return 201, [project for project, _created in results]


@router.get("/{project_id}", response={200: ProjectOut, **READ_ERRORS}, summary="Show a project")
def get_project(request: HttpRequest, project_id: int) -> Project:
    return _project(request, project_id)


@router.get(
    "/{project_id}/funding",
    response={200: FundingOut, **READ_ERRORS},
    summary="Funders with their amounts per year, and the co-financing check",
)
def get_funding(request: HttpRequest, project_id: int) -> dict[str, Any]:
    project = _project(request, project_id)
    funders = [
        {
            "id": f.pk,
            "name": f.name,
            "kind": f.kind,
            "organisation_id": f.organisation_id,
            "amounts": list(f.amounts.all()),
        }
        for f in project.funders.prefetch_related("amounts")
    ]
    checks = check_cofinancing(selectors.funding_rows(project), project.eu_cofinancing_rate)
    return {
        "eu_cofinancing_rate": project.eu_cofinancing_rate,
        "funders": funders,
        "checks": [
            {
                "year": c.year,
                "total": c.total,
                "eu": c.eu,
                "currency": c.currency,
                "eu_share": c.eu_share,
                "verdict": c.verdict.value,
                "reason": c.reason.value,
                "message": str(COFINANCING_MESSAGES[c.reason]),
            }
            for c in checks
        ],
    }


@router.post(
    "/{project_id}/funders",
    response={201: FunderOut, **WRITE_ERRORS},
    summary="Add a funder (organisation admins of the owner)",
)
def add_funder(request: HttpRequest, project_id: int, payload: FunderIn) -> tuple[int, Any]:
    user = api_user(request)
    project = _project(request, project_id)
    organisation = None
    if payload.organisation_id is not None:
        organisation = get_object_or_404(Organisation, pk=payload.organisation_id)
    funder = services.add_funder(user, project, payload.name, payload.kind.value, organisation)
    return 201, {
        "id": funder.pk,
        "name": funder.name,
        "kind": funder.kind,
        "organisation_id": funder.organisation_id,
        "amounts": [],
    }


@router.put(
    "/{project_id}/funders/{funder_id}/amounts",
    response={200: AmountOut, **WRITE_ERRORS},
    summary="Set what a funder puts in for a year",
)
def set_amount(
    request: HttpRequest, project_id: int, funder_id: int, payload: AmountIn
) -> FundingAmount:
    user = api_user(request)
    project = _project(request, project_id)
    funder: Funder = get_object_or_404(project.funders, pk=funder_id)
    return services.set_funding(user, funder, payload.year, payload.amount, payload.currency.value)


@router.post(
    "/{project_id}/costs",
    response={201: CostOut, **WRITE_ERRORS},
    summary="Record an actual cost",
)
def add_cost(request: HttpRequest, project_id: int, payload: CostIn) -> tuple[int, Cost]:
    user = api_user(request)
    project = _project(request, project_id)
    cost = services.record_cost(
        user,
        project,
        payload.incurred_on,
        payload.category.value,
        payload.amount,
        payload.currency.value,
        payload.description,
    )
    return 201, cost


@router.get(
    "/{project_id}/esf",
    response={200: dict[str, Any], **READ_ERRORS},
    summary="ESF+ common indicators by gender",
)
def esf_indicators(request: HttpRequest, project_id: int, query: Query[EsfQuery]) -> dict[str, Any]:
    """Counts below 5 are null unless you are an admin or case worker of the owner."""
    user = api_user(request)
    project = _project(request, project_id)
    on = query.as_of or timezone.localdate()
    report = reports.esf_report(
        project,
        on,
        suppress=not selectors.sees_small_counts(user, project),
        target_group=query.target_group.value if query.target_group else "",
    )
    return reports.as_data(report, project)


@router.get(
    "/{project_id}/follow-up",
    response={200: dict[str, Any], **READ_ERRORS},
    summary="Follow-up report: income and activity before and after, outcomes, time",
)
def follow_up(request: HttpRequest, project_id: int, query: Query[ReportQuery]) -> dict[str, Any]:
    user = api_user(request)
    project = _project(request, project_id)
    on = query.as_of or timezone.localdate()
    report = reports.follow_up(project, on, suppress=not selectors.sees_small_counts(user, project))
    data = dict(report.__dict__)
    data["as_of"] = on.isoformat()
    return data


@router.get(
    "/{project_id}/dashboard",
    response={200: dict[str, Any], **READ_ERRORS},
    summary="Dashboard figures: target groups, status, outcomes per quarter, costs",
)
def dashboard(request: HttpRequest, project_id: int, query: Query[ReportQuery]) -> dict[str, Any]:
    """Counts below 5 are null, and so is a cost divided by such a count, unless you
    are an admin or case worker of the owner."""
    user = api_user(request)
    project = _project(request, project_id)
    on = query.as_of or timezone.localdate()
    summary = dashboard_kernel.summarise(
        selectors.indicator_rows([project], on), on, selectors.total_cost([project])
    )
    hide = (lambda v: v) if selectors.sees_small_counts(user, project) else suppress_value
    participants, positive = hide(summary.participants), hide(summary.positive_outcomes)
    return {
        "as_of": on.isoformat(),
        "participants": participants,
        "active": hide(summary.active),
        "left": hide(summary.left),
        "by_target_group": {k: hide(v) for k, v in summary.by_target_group.items()},
        "quarters": list(summary.quarters),
        "outcomes_by_quarter": {
            k: [hide(v) for v in values] for k, values in summary.outcomes_by_quarter.items()
        },
        "positive_outcomes": positive,
        "cost": summary.cost,
        "cost_per_participant": summary.cost_per_participant if participants is not None else None,
        "cost_per_outcome": summary.cost_per_outcome if positive is not None else None,
        "model": dashboard_kernel.MODEL,
        "version": dashboard_kernel.VERSION,
    }


def _entity_out(entity: SupportedEntity) -> dict[str, Any]:
    return {
        "id": entity.pk,
        "organisation_id": entity.organisation_id,
        "organisation_name": entity.organisation.name,
        "organisation_kind": entity.organisation.kind,
        "supported_on": entity.supported_on,
        "sme": entity.sme,
        "description": entity.description,
    }


@router.get(
    "/{project_id}/entities",
    response={200: EntitiesOut, **READ_ERRORS},
    summary="Organisations the project supported, with the entity indicators EECO18 and EECO19",
)
def supported_entities(
    request: HttpRequest, project_id: int, query: Query[ReportQuery]
) -> dict[str, Any]:
    project = _project(request, project_id)
    on = query.as_of or timezone.localdate()
    report = esf.compute([], on, selectors.entity_rows(project))
    return {
        "entities": [_entity_out(e) for e in selectors.supported_entities(project)],
        "eeco18_public_administrations": report.count("EECO18").total or 0,
        "eeco19_smes": report.count("EECO19").total or 0,
    }


@router.post(
    "/{project_id}/entities",
    response={201: dict[str, Any], **WRITE_ERRORS},
    summary="Record an organisation the project supported (organisation admins of the owner)",
)
def add_supported_entity(
    request: HttpRequest, project_id: int, payload: SupportedEntityIn
) -> tuple[int, Any]:
    user = api_user(request)
    project = _project(request, project_id)
    organisation = get_object_or_404(Organisation, pk=payload.organisation_id)
    entity = services.add_supported_entity(
        user, project, organisation, payload.supported_on, payload.sme, payload.description
    )
    return 201, _entity_out(entity)


@router.get(
    "/{project_id}/estimates",
    response={200: list[EstimateOut], **READ_ERRORS},
    summary="Informed estimates of disability (EECO12) and minority (EECO15)",
)
def list_estimates(request: HttpRequest, project_id: int) -> list[IndicatorEstimate]:
    return list(_project(request, project_id).estimates.all())


@router.post(
    "/{project_id}/estimates",
    response={201: EstimateOut, **WRITE_ERRORS},
    summary="Record an informed estimate for a reporting period (organisation admins of the owner)",
)
def add_estimate(request: HttpRequest, project_id: int, payload: EstimateIn) -> tuple[int, Any]:
    user = api_user(request)
    project = _project(request, project_id)
    estimate = services.record_estimate(
        user,
        project,
        services.EstimateData(
            code=payload.code,
            period_start=payload.period_start,
            period_end=payload.period_end,
            basis=payload.basis,
            count=payload.count,
            share=payload.share,
        ),
    )
    return 201, estimate
