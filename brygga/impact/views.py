"""Impact pages: parameter sets and own values, the scenario editor, results, exports."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brygga.core.errors import DomainError
from brygga.core.models import User
from brygga.core.requests import acting_user, saved
from brygga.people.selectors import get_participant_for

from . import charts, exports, services
from .forms import CompareForm, OverrideForm, ScenarioForm
from .models import ResultStatus, Scenario, ScenarioResult
from .presentation import result_context
from .selectors import (
    editable_organisations,
    get_override_for,
    get_parameter_set_for,
    get_result_for,
    get_scenario_for,
    latest_done_result,
    parameter_sets_for,
    projects_for_scenarios,
    scenarios_for,
)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    scenarios = list(scenarios_for(user))
    return render(
        request,
        "impact/index.html",
        {
            "scenarios": [(s, s.latest_result()) for s in scenarios],
            "parameter_sets": parameter_sets_for(user),
            "can_edit": editable_organisations(user).exists(),
            "compare_form": CompareForm(scenarios=scenarios_for(user))
            if len(scenarios) > 1
            else None,
        },
    )


# --- parameter sets -------------------------------------------------------------------


@login_required
def parameter_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    parameter_set = get_parameter_set_for(user, pk)
    editable = editable_organisations(user)
    can_edit = (
        parameter_set.organisation is not None
        and editable.filter(pk=parameter_set.organisation.pk).exists()
    )
    copies = (
        parameter_set.copies.filter(organisation__in=editable) if parameter_set.is_shipped else None
    )
    return render(
        request,
        "impact/parameter_set_detail.html",
        {
            "parameter_set": parameter_set,
            "document": parameter_set.document,
            "rows": services.input_rows(parameter_set),
            "overrides": {o.name: o for o in parameter_set.overrides.all()},
            "can_edit": can_edit,
            "can_copy": parameter_set.is_shipped and editable.exists(),
            "copies": copies,
        },
    )


@login_required
@require_POST
def parameter_set_copy(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    base = get_parameter_set_for(user, pk)
    organisation = editable_organisations(user).first()
    if organisation is None:
        raise Http404
    try:
        copy = services.copy_parameter_set(user, organisation, base)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("impact:parameter_set_detail", pk=base.pk)
    messages.success(request, _("Your organisation has its own copy; change values there."))
    return redirect("impact:parameter_set_detail", pk=copy.pk)


@login_required
def override_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    parameter_set = get_parameter_set_for(user, pk)
    if parameter_set.organisation is None:
        raise Http404
    rows = services.input_rows(parameter_set)
    initial = {}
    name = request.GET.get("name", "")
    for row in rows:
        if row.name == name:
            initial = {"name": row.name, "value": row.value}
    form = OverrideForm(
        request.POST or None,
        initial=initial,
        inputs=[(r.name, f"{r.label} ({r.unit})") for r in rows],
    )

    def change() -> object:
        data = services.OverrideData(**form.cleaned_data)
        return services.set_override(user, parameter_set, data)

    if saved(request, form, change):
        messages.success(request, _("Your value is saved."))
        return redirect("impact:parameter_set_detail", pk=parameter_set.pk)
    return render(
        request, "impact/override_form.html", {"form": form, "parameter_set": parameter_set}
    )


@login_required
@require_POST
def override_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    override = get_override_for(user, pk)
    parameter_set = override.parameter_set
    try:
        services.remove_override(user, override)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The default value applies again."))
    return redirect("impact:parameter_set_detail", pk=parameter_set.pk)


# --- scenarios ------------------------------------------------------------------------


def _scenario_form(
    request: HttpRequest, user: User, instance: Scenario | None
) -> tuple[ScenarioForm, Any]:
    organisation = instance.organisation if instance else editable_organisations(user).first()
    if organisation is None:
        raise Http404
    sets = parameter_sets_for(user).filter(organisation__isnull=True) | parameter_sets_for(
        user
    ).filter(organisation=organisation)
    initial: dict[str, Any] = {}
    if instance is None:
        # The organisation's own copy if it has one, else the set of its country.
        own = sets.filter(organisation=organisation).first()
        country = sets.filter(organisation__isnull=True, country=organisation.country).first()
        default = own or country
        if default is not None:
            initial["parameter_set"] = default.pk
            params = services.kernel_parameter_set(default)
            initial["payer"] = params.actor_keys[0]
    form = ScenarioForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        parameter_sets=sets,
        projects=projects_for_scenarios(user),
    )
    return form, organisation


@login_required
def scenario_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting_user(request)
    instance = get_scenario_for(user, pk) if pk is not None else None
    if (
        instance is not None
        and not editable_organisations(user).filter(pk=instance.organisation_id).exists()
    ):
        raise Http404
    form, organisation = _scenario_form(request, user, instance)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.save_scenario(user, organisation, form.scenario_values(), instance)
        except DomainError as error:
            field = "payer" if error.field == "paid_by" else error.field
            form.add_error(field if field in form.fields else None, str(error.message))
        else:
            if "run" in request.POST:
                services.request_run(user, scenario)
            messages.success(request, _("The scenario is saved."))
            return redirect("impact:scenario_detail", pk=scenario.pk)
    return render(request, "impact/scenario_form.html", {"form": form, "scenario": instance})


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    scenario = get_scenario_for(user, pk)
    result = scenario.latest_result()
    context = {
        "scenario": scenario,
        "result": result,
        "can_edit": editable_organisations(user).filter(pk=scenario.organisation_id).exists(),
        "history": scenario.results.all()[:10],
    }
    if result is not None and result.status == ResultStatus.DONE:
        context.update(result_context(result.data))
    return render(request, "impact/scenario_detail.html", context)


@login_required
@require_POST
def scenario_run(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    scenario = get_scenario_for(user, pk)
    try:
        services.request_run(user, scenario)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The accounts are being computed."))
    return redirect("impact:scenario_detail", pk=scenario.pk)


@login_required
@require_POST
def scenario_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    scenario = get_scenario_for(user, pk)
    try:
        services.delete_scenario(user, scenario)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("impact:scenario_detail", pk=scenario.pk)
    messages.success(request, _("The scenario is deleted."))
    return redirect("impact:index")


# --- results --------------------------------------------------------------------------


def _done_result(user: User, pk: int) -> ScenarioResult:
    result = get_result_for(user, pk)
    if result.status != ResultStatus.DONE:
        raise Http404
    return result


@login_required
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_result_for(acting_user(request), pk)
    context: dict[str, Any] = {"result": result, "scenario": result.scenario}
    if result.status == ResultStatus.DONE:
        context.update(result_context(result.data))
    return render(request, "impact/result_detail.html", context)


def _filename(result: ScenarioResult, extension: str) -> str:
    return f"{slugify(result.scenario.name) or 'scenario'}-{result.pk}.{extension}"


@login_required
def result_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    result = _done_result(acting_user(request), pk)
    computed = result.finished_at.isoformat() if result.finished_at else ""
    response = HttpResponse(
        exports.xlsx(result.data, computed),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "xlsx")}"'
    return response


@login_required
def result_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    result = _done_result(user, pk)
    response = HttpResponse(
        exports.pdf(result_context(result.data)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "pdf")}"'
    return response


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = CompareForm(request.GET or None, scenarios=scenarios_for(user))
    sides = []
    if form.is_valid():
        for prefix, scenario in (("a-", form.cleaned_data["a"]), ("b-", form.cleaned_data["b"])):
            result = latest_done_result(scenario)
            sides.append(
                {
                    "scenario": scenario,
                    "result": result,
                    **(result_context(result.data, prefix) if result else {}),
                }
            )
    actor_rows = []
    if len(sides) == 2 and all(side["result"] for side in sides):
        labels: dict[str, str] = {}
        for side in sides:
            labels.update({a["key"]: a["label"] for a in side["actors"]})
        for key, label in labels.items():
            actor_rows.append(
                {
                    "label": label,
                    "values": [side["account"]["npv_by_actor"].get(key) for side in sides],
                }
            )
    return render(
        request,
        "impact/compare.html",
        {"form": form, "sides": sides, "actor_rows": actor_rows},
    )


@login_required
def participant_account(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """One participant's account: only for those who may see the person."""
    user = acting_user(request)
    participant = get_participant_for(user, pk)
    scenarios = scenarios_for(user).filter(organisation=participant.organisation)
    chosen = request.GET.get("scenario", "")
    scenario = (
        get_object_or_404(scenarios, pk=int(chosen)) if chosen.isdecimal() else scenarios.first()
    )
    account = services.participant_account(participant, scenario) if scenario else None
    context: dict[str, Any] = {
        "participant": participant,
        "scenarios": scenarios,
        "scenario": scenario,
        "account": account,
    }
    if account is not None:
        data: dict[str, Any] = {"result": account.data, "actors": [], "inputs": []}
        if scenario is not None:
            params = services.kernel_parameter_set(scenario.parameter_set)
            data["actors"] = [{"key": a.key, "label": a.label} for a in params.actors]
        context["chart_cumulative"] = charts.cumulative_npv(data)
        context["npv"] = account.data["npv"]
        context["currency"] = account.data["currency"]
        context["labels"] = charts.actor_labels(data)
        context["year_states"] = list(enumerate(account.years))
    return render(request, "impact/participant_account.html", context)
