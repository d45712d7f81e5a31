"""The impact app's part of the HTTP API, mounted at /api/v1/impact/.

Reads go through the selectors (an outsider gets 404); writes through the
services, whose ``DomainError`` the API plumbing answers with 4xx and a reason.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Router

from brygga.api.auth import api_user
from brygga.core.errors import DomainError
from brygga.core.models import Organisation, User

from . import services
from .models import ParameterOverride, ParameterSet, Scenario, ScenarioResult
from .schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    InputOut,
    OverrideIn,
    ParameterSetDetailOut,
    ParameterSetOut,
    ResultOut,
    ResultSummaryOut,
    ScenarioIn,
    ScenarioOut,
)
from .selectors import (
    editable_organisations,
    get_parameter_set_for,
    get_result_for,
    get_scenario_for,
    parameter_sets_for,
    projects_for_scenarios,
    scenarios_for,
)

router = Router(tags=["impact"])


def _detail(parameter_set: ParameterSet) -> dict[str, Any]:
    return {
        **ParameterSetOut.from_orm(parameter_set).dict(),
        "inputs": [InputOut(**row.__dict__) for row in services.input_rows(parameter_set)],
    }


@router.get(
    "/parameter-sets",
    response={200: list[ParameterSetOut], 401: ErrorOut},
    summary="List parameter sets",
)
def list_parameter_sets(request: HttpRequest) -> list[ParameterSet]:
    return list(parameter_sets_for(api_user(request)))


@router.get(
    "/parameter-sets/{set_id}",
    response={200: ParameterSetDetailOut, **READ_ERRORS},
    summary="Show a parameter set: every value with its source, and your own values with reasons",
)
def get_parameter_set(request: HttpRequest, set_id: int) -> dict[str, Any]:
    return _detail(get_parameter_set_for(api_user(request), set_id))


def _editing_organisation(user: User, organisation_id: int | None) -> Organisation:
    organisations = editable_organisations(user)
    if organisation_id is not None:
        found = organisations.filter(pk=organisation_id).first()
    else:
        found = organisations.first() if organisations.count() == 1 else None
    if found is None:
        raise DomainError(
            _("Name one organisation in which you are an admin or analyst."), field="organisation"
        )
    return found


@router.post(
    "/parameter-sets/{set_id}/copy",
    response={201: ParameterSetDetailOut, **WRITE_ERRORS},
    summary="Copy a shipped set for your organisation",
)
def copy_parameter_set(request: HttpRequest, set_id: int) -> tuple[int, dict[str, Any]]:
    user = api_user(request)
    base = get_parameter_set_for(user, set_id)
    copy = services.copy_parameter_set(user, _editing_organisation(user, None), base)
    return 201, _detail(copy)


@router.put(
    "/parameter-sets/{set_id}/values/{name}",
    response={200: ParameterSetDetailOut, **WRITE_ERRORS},
    summary="Use your own value for one input, with the reason",
)
def set_value(request: HttpRequest, set_id: int, name: str, payload: OverrideIn) -> dict[str, Any]:
    user = api_user(request)
    parameter_set = get_parameter_set_for(user, set_id)
    services.set_override(
        user, parameter_set, services.OverrideData(name=name[:100], **payload.dict())
    )
    return _detail(parameter_set)


@router.delete(
    "/parameter-sets/{set_id}/values/{name}",
    response={200: ParameterSetDetailOut, **WRITE_ERRORS},
    summary="Go back to the default value of one input",
)
def remove_value(request: HttpRequest, set_id: int, name: str) -> dict[str, Any]:
    user = api_user(request)
    parameter_set = get_parameter_set_for(user, set_id)
    override = get_object_or_404(ParameterOverride, parameter_set=parameter_set, name=name)
    services.remove_override(user, override)
    return _detail(parameter_set)


@router.get(
    "/scenarios",
    response={200: list[ScenarioOut], 401: ErrorOut},
    summary="List your organisations' scenarios",
)
def list_scenarios(request: HttpRequest) -> list[Scenario]:
    return list(scenarios_for(api_user(request)))


def _scenario_values(user: User, payload: ScenarioIn) -> dict[str, Any]:
    values = payload.dict(exclude={"organisation"})
    values["parameter_set"] = get_parameter_set_for(user, payload.parameter_set)
    values["project"] = (
        get_object_or_404(projects_for_scenarios(user), pk=payload.project)
        if payload.project is not None
        else None
    )
    values["basis"] = payload.basis.value
    values["discount"] = payload.discount.value
    values["ranges"] = {name: list(bounds) for name, bounds in payload.ranges.items()}
    unknown = set(values["ranges"]) - set(services.PARAMETER_FIELDS)
    if unknown:
        raise DomainError(_("Ranges can only be given for scenario parameters."), field="ranges")
    return values


@router.post(
    "/scenarios",
    response={201: ScenarioOut, **WRITE_ERRORS},
    summary="Create a scenario",
)
def create_scenario(request: HttpRequest, payload: ScenarioIn) -> tuple[int, Scenario]:
    user = api_user(request)
    organisation = _editing_organisation(user, payload.organisation)
    return 201, services.save_scenario(user, organisation, _scenario_values(user, payload))


@router.get(
    "/scenarios/{scenario_id}",
    response={200: ScenarioOut, **READ_ERRORS},
    summary="Show a scenario",
)
def get_scenario(request: HttpRequest, scenario_id: int) -> Scenario:
    return get_scenario_for(api_user(request), scenario_id)


@router.put(
    "/scenarios/{scenario_id}",
    response={200: ScenarioOut, **WRITE_ERRORS},
    summary="Change a scenario",
)
def update_scenario(request: HttpRequest, scenario_id: int, payload: ScenarioIn) -> Scenario:
    user = api_user(request)
    scenario = get_scenario_for(user, scenario_id)
    return services.save_scenario(
        user, scenario.organisation, _scenario_values(user, payload), scenario
    )


@router.post(
    "/scenarios/{scenario_id}/runs",
    response={202: ResultOut, **WRITE_ERRORS},
    summary="Compute a scenario's accounts (in the background for large runs)",
)
def run_scenario(request: HttpRequest, scenario_id: int) -> tuple[int, ScenarioResult]:
    user = api_user(request)
    result = services.request_run(user, get_scenario_for(user, scenario_id))
    return 202, result


@router.get(
    "/scenarios/{scenario_id}/results",
    response={200: list[ResultSummaryOut], **READ_ERRORS},
    summary="A scenario's runs, newest first (without the documents)",
)
def list_results(request: HttpRequest, scenario_id: int) -> list[ScenarioResult]:
    scenario = get_scenario_for(api_user(request), scenario_id)
    return list(scenario.results.order_by("-created_at", "-id")[:100])


@router.get(
    "/results/{result_id}",
    response={200: ResultOut, **READ_ERRORS},
    summary="A result: every yearly flow per actor, NPV, payback, sensitivity, Monte Carlo",
)
def get_result(request: HttpRequest, result_id: int) -> ScenarioResult:
    return get_result_for(api_user(request), result_id)
