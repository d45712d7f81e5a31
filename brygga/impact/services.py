"""Writes of the impact app, and the bridge between database rows and the kernel.

Views and the API validate input and call these; every change is atomic and a
refused one raises a typed ``DomainError``.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.errors import DomainError, NotPermitted
from brygga.core.models import Organisation, Role, User
from brygga.core.selectors import organisations_for
from brygga.journeys.models import Activity, Enrolment, FollowUp
from brygga.people.models import LabourMarketStatus, Participant

from . import kernel, paths
from .models import (
    Basis,
    DiscountChoice,
    ParameterOverride,
    ParameterSet,
    ResultStatus,
    Scenario,
    ScenarioResult,
)

#: Roles that may copy parameter sets, override values and edit scenarios.
EDIT_ROLES: frozenset[str] = frozenset({Role.ORG_ADMIN, Role.ANALYST})

#: Scenario fields that are kernel scenario parameters (same names).
PARAMETER_FIELDS: tuple[str, ...] = tuple(kernel.SCENARIO_PARAMETERS)

#: Scenario parameters that records replace with observations.
NOT_FOR_RECORDS: frozenset[str] = frozenset({"success_rate", "counterfactual_rate"})

#: Parameters whose uncertainty range the editor offers.
RANGE_FIELDS: tuple[str, ...] = (
    "success_rate",
    "persistence",
    "deadweight",
    "cost_per_participant",
)


# --- parameter sets -------------------------------------------------------------------


def ensure_shipped_parameter_sets() -> list[ParameterSet]:
    """Store every shipped parameter-set file's version once (idempotent)."""
    stored = []
    for name in kernel.available_parameter_sets():
        path = kernel.PARAMS_DIR / f"{name}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        params = kernel.parameter_set_from_dict(data)  # validates provenance
        row, _created = ParameterSet.objects.get_or_create(
            organisation=None,
            key=params.name,
            version=params.version,
            defaults={
                "label": params.description.split(":")[0][:200] or params.name,
                "currency": params.currency,
                "country": params.country,
                "data": data,
            },
        )
        stored.append(row)
    return stored


def check_can_edit(actor: User, organisation: Organisation) -> None:
    """Org admins and analysts of ``organisation`` may edit its impact data."""
    if not organisations_for(actor, EDIT_ROLES).filter(pk=organisation.pk).exists():
        raise NotPermitted(_("Only organisation admins and analysts may change this."))


def kernel_parameter_set(parameter_set: ParameterSet) -> kernel.ParameterSet:
    """The kernel's parameter set, with the organisation's overrides applied."""
    params = kernel.parameter_set_from_dict(parameter_set.document)
    overrides = {
        override.name: replace(
            params.inputs[override.name],
            value=override.value,
            source=override.source or params.inputs[override.name].source,
            year=override.year,
            note=override.reason,
            assumption=False,
        )
        for override in parameter_set.overrides.all()
        if override.name in params.inputs
    }
    return params.with_inputs(overrides) if overrides else params


@transaction.atomic
def copy_parameter_set(actor: User, organisation: Organisation, base: ParameterSet) -> ParameterSet:
    """An organisation's own copy of a shipped set (no overrides yet)."""
    check_can_edit(actor, organisation)
    if not base.is_shipped:
        raise DomainError(_("Only a shipped parameter set can be copied."), field="based_on")
    return ParameterSet.objects.create(
        organisation=organisation,
        based_on=base,
        key=base.key,
        version=base.version,
        label=_label_for_copy(base, organisation),
        currency=base.currency,
        country=base.country,
        created_by=actor,
    )


def _label_for_copy(base: ParameterSet, organisation: Organisation) -> str:
    return f"{base.key} – {organisation.name}"[:200]


@dataclass(frozen=True)
class OverrideData:
    name: str
    value: float
    reason: str
    source: str = ""
    year: int | None = None


@transaction.atomic
def set_override(actor: User, parameter_set: ParameterSet, data: OverrideData) -> ParameterOverride:
    """Set (or change) the organisation's own value of one input, with its reason."""
    if parameter_set.organisation is None:
        raise DomainError(_("Copy the shipped set before changing its values."))
    check_can_edit(actor, parameter_set.organisation)
    params = kernel.parameter_set_from_dict(parameter_set.document)
    if data.name not in params.inputs:
        raise DomainError(_("The parameter set has no such input."), field="name")
    if not data.reason.strip():
        raise DomainError(_("Say why your organisation uses another value."), field="reason")
    if not math.isfinite(data.value):
        raise DomainError(_("Enter a finite number."), field="value")
    try:  # the override must still give a valid set (e.g. no negative rates)
        kernel_parameter_set(parameter_set).with_inputs(
            {data.name: params.inputs[data.name].with_value(data.value)}
        ).net_array()
    except (ValueError, ZeroDivisionError, FloatingPointError) as error:
        raise DomainError(str(error), field="value") from error
    override, _created = ParameterOverride.objects.update_or_create(
        parameter_set=parameter_set,
        name=data.name,
        defaults={
            "value": data.value,
            "reason": data.reason.strip(),
            "source": data.source.strip(),
            "year": data.year,
            "changed_by": actor,
            "changed_at": timezone.now(),
        },
    )
    return override


@transaction.atomic
def remove_override(actor: User, override: ParameterOverride) -> None:
    """Go back to the default value of one input."""
    organisation = override.parameter_set.organisation
    if organisation is None:  # pragma: no cover - overrides exist only on copies
        raise DomainError(_("A shipped set has no overrides."))
    check_can_edit(actor, organisation)
    override.delete()


@dataclass(frozen=True)
class InputRow:
    """One input as the parameter-set page and the exports show it."""

    name: str
    label: str
    unit: str
    value: float
    default: float
    source: str
    publisher: str
    year: int | None
    assumption: bool
    note: str
    overridden: bool
    reason: str


def input_rows(parameter_set: ParameterSet) -> list[InputRow]:
    """Every input with its provenance, and whether (and why) the organisation changed it."""
    default = kernel.parameter_set_from_dict(parameter_set.document)
    overrides = {o.name: o for o in parameter_set.overrides.all()}
    rows = []
    for name, quantity in default.inputs.items():
        override = overrides.get(name)
        rows.append(
            InputRow(
                name=name,
                label=quantity.label or name,
                unit=quantity.unit,
                value=override.value if override else quantity.value,
                default=quantity.value,
                source=(override.source if override and override.source else quantity.source),
                publisher=quantity.publisher,
                year=override.year if override else quantity.year,
                assumption=quantity.assumption and override is None,
                note=quantity.note,
                overridden=override is not None and override.value != quantity.value,
                reason=override.reason if override else "",
            )
        )
    return rows


# --- scenarios ------------------------------------------------------------------------


def kernel_scenario(scenario: Scenario, params: kernel.ParameterSet) -> kernel.Scenario:
    """The kernel's scenario for a stored one (raises ValueError when inconsistent)."""
    parameters = {}
    for name in PARAMETER_FIELDS:
        value = float(getattr(scenario, name))
        bounds = scenario.ranges.get(name) if isinstance(scenario.ranges, dict) else None
        if scenario.basis == Basis.RECORDS and name in NOT_FOR_RECORDS:
            bounds = None  # observed outcomes replace the assumed success rate
        quantity = kernel.scenario_parameter(name, value)
        if bounds:
            low, high = float(bounds[0]), float(bounds[1])
            if not low <= value <= high:
                raise ValueError(f"{name}: the value must lie between low and high")
            quantity = replace(
                quantity,
                low=low,
                high=high,
                distribution=kernel.Distribution(kind="triangular", low=low, mode=value, high=high)
                if high > low
                else None,
            )
        parameters[name] = quantity
    if scenario.discount == DiscountChoice.CONSTANT:
        schedule = kernel.constant(scenario.discount_rate)
    else:
        schedule = {
            DiscountChoice.UK_GREEN_BOOK: kernel.UK_GREEN_BOOK,
            DiscountChoice.DK_FINANCE_MINISTRY: kernel.DK_FINANCE_MINISTRY,
        }[DiscountChoice(scenario.discount)]
    paid_by = dict(scenario.paid_by) or {params.actor_keys[0]: 1.0}
    return kernel.Scenario(
        name=scenario.name,
        description=scenario.description,
        cohort=kernel.Cohort(
            persons=float(scenario.persons),
            start_state=scenario.start_state,
            start_age=scenario.start_age,
            target_group=scenario.target_group,
        ),
        outcome=kernel.SuccessRate(success_state=scenario.success_state),
        costs=kernel.Costs(paid_by=paid_by, years=scenario.cost_years),
        horizon_years=scenario.horizon_years,
        discount=schedule,
        parameters=parameters,
    )


def check_scenario(scenario: Scenario) -> None:
    """Refuse a scenario the kernel cannot run, naming the field."""
    params = kernel_parameter_set(scenario.parameter_set)
    for field_name, key in (
        ("start_state", scenario.start_state),
        ("success_state", scenario.success_state),
    ):
        if key not in params.state_keys:
            raise DomainError(_("Unknown state for this parameter set."), field=field_name)
    if set(scenario.paid_by) - set(params.actor_keys):
        raise DomainError(
            _("Costs are paid by an actor this parameter set lacks."), field="paid_by"
        )
    if scenario.horizon_years > 65 - scenario.start_age:
        raise DomainError(_("The horizon runs past age 65."), field="horizon_years")
    try:
        kernel.Model.build(kernel_scenario(scenario, params), params)
    except ValueError as error:
        raise DomainError(str(error)) from error


SCENARIO_FIELDS: tuple[str, ...] = (
    "name",
    "description",
    "parameter_set",
    "basis",
    "project",
    "target_group",
    "persons",
    "start_state",
    "start_age",
    "horizon_years",
    "success_state",
    *PARAMETER_FIELDS,
    "cost_years",
    "paid_by",
    "discount",
    "discount_rate",
    "ranges",
    "draws",
    "seed",
)


@transaction.atomic
def save_scenario(
    actor: User,
    organisation: Organisation,
    values: dict[str, Any],
    scenario: Scenario | None = None,
) -> Scenario:
    """Create or change a scenario of ``organisation`` after checking it runs."""
    check_can_edit(actor, organisation)
    if scenario is None:
        scenario = Scenario(organisation=organisation, created_by=actor)
    elif scenario.organisation_id != organisation.pk:
        raise NotPermitted(_("The scenario belongs to another organisation."))
    for name in SCENARIO_FIELDS:
        if name in values:
            setattr(scenario, name, values[name])
    params_org = scenario.parameter_set.organisation_id
    if params_org is not None and params_org != organisation.pk:
        raise DomainError(
            _("Choose one of your organisation's parameter sets."), field="parameter_set"
        )
    check_scenario(scenario)
    scenario.full_clean()
    scenario.save()
    return scenario


@transaction.atomic
def delete_scenario(actor: User, scenario: Scenario) -> None:
    check_can_edit(actor, scenario.organisation)
    scenario.delete()


# --- runs -----------------------------------------------------------------------------


@transaction.atomic
def request_run(actor: User, scenario: Scenario) -> ScenarioResult:
    """Queue a run of ``scenario``; the task starts once the transaction commits."""
    if not organisations_for(actor).filter(pk=scenario.organisation_id).exists():
        raise NotPermitted(_("The scenario belongs to another organisation."))
    check_scenario(scenario)
    result = ScenarioResult.objects.create(scenario=scenario, created_by=actor)
    from .tasks import run_scenario_result  # tasks imports services

    transaction.on_commit(lambda: run_scenario_result.enqueue(result.pk))
    return result


def compute_result(result_id: int, today: datetime.date | None = None) -> ScenarioResult:
    """Run the kernel for a queued result and store what it gives (or why it failed)."""
    result = ScenarioResult.objects.select_related(
        "scenario__parameter_set__based_on", "scenario__project"
    ).get(pk=result_id)
    try:
        data = run_scenario(result.scenario, today=today)
    except (ValueError, DomainError) as error:
        result.status = ResultStatus.FAILED
        result.error = str(getattr(error, "message", error))
    else:
        account = data["result"]
        result.status = ResultStatus.DONE
        result.model_name = data["model"]["name"]
        result.model_version = data["model"]["version"]
        result.params_name = account["parameter_set"]["name"]
        result.params_version = account["parameter_set"]["version"]
        result.npv = account["npv"]
        result.payback_year = account["payback_year"]
        result.persons = data["assumptions"]["persons"]
        result.data = data
    result.finished_at = timezone.now()
    result.save()
    return result


def run_scenario(scenario: Scenario, today: datetime.date | None = None) -> dict[str, Any]:
    """The JSON document of a run: result, sensitivity, Monte Carlo, assumptions, sources."""
    params = kernel_parameter_set(scenario.parameter_set)
    model_scenario = kernel_scenario(scenario, params)
    records: dict[str, Any] | None = None
    if scenario.basis == Basis.RECORDS:
        observed = observed_paths(
            record_enrolments(scenario), params, scenario, today or timezone.localdate()
        )
        work = [s for s in paths.WORK_STATES if s in params.state_keys]
        result = kernel.run_records(
            observed.states, observed.start, model_scenario, params, work_states=work
        )
        model, record_paths = kernel.records_model(
            observed.states, observed.start, model_scenario, params, work_states=work
        )

        def evaluator(model: kernel.Model, values: Mapping[str, Any]) -> kernel.Evaluation:
            return kernel.evaluate_records(model, record_paths, values)

        records = observed.summary(params)
        sensitivity = kernel.one_way_model(model, evaluator)
        monte_carlo = (
            kernel.monte_carlo_model(
                model, draws=scenario.draws, seed=scenario.seed, evaluator=evaluator
            )
            if scenario.draws > 0
            else None
        )
        persons = float(len(observed.start))
    else:
        result = kernel.run(model_scenario, params)
        sensitivity = kernel.one_way(model_scenario, params)
        monte_carlo = (
            kernel.monte_carlo(model_scenario, params, draws=scenario.draws, seed=scenario.seed)
            if scenario.draws > 0
            else None
        )
        persons = float(scenario.persons)
    return {
        "model": {"name": kernel.MODEL_NAME, "version": kernel.MODEL_VERSION},
        "result": result.to_dict(),
        "sensitivity": sensitivity.to_dict() if sensitivity else None,
        "monte_carlo": monte_carlo.to_dict() if monte_carlo else None,
        "records": records,
        "assumptions": scenario_assumptions(scenario, model_scenario, persons),
        "actors": [{"key": a.key, "label": a.label} for a in params.actors],
        "states": [{"key": s.key, "label": s.label} for s in params.states],
        "inputs": [row.__dict__ for row in input_rows(scenario.parameter_set)],
    }


def scenario_assumptions(
    scenario: Scenario, model_scenario: kernel.Scenario, persons: float
) -> dict[str, Any]:
    """The stored scenario's numbers as they went into the run."""
    return kernel_assumptions(
        model_scenario,
        persons,
        basis=scenario.basis,
        project=scenario.project.name if scenario.project else None,
        organisation=scenario.organisation.name,
        draws=scenario.draws,
        seed=scenario.seed,
        parameter_set={
            "id": scenario.parameter_set_id,
            "label": scenario.parameter_set.label,
            "key": scenario.parameter_set.key,
            "version": scenario.parameter_set.version,
        },
    )


def kernel_assumptions(
    model_scenario: kernel.Scenario, persons: float, **extra: Any
) -> dict[str, Any]:
    """A kernel scenario's numbers, JSON-ready (``extra`` adds the stored context)."""
    cohort = model_scenario.cohort
    outcome = model_scenario.outcome
    return {
        "name": model_scenario.name,
        "description": model_scenario.description,
        "basis": Basis.ASSUMPTIONS,
        "project": None,
        "organisation": "",
        "target_group": cohort.target_group,
        "persons": persons,
        "start_state": cohort.start_state,
        "start_age": cohort.start_age,
        "horizon_years": model_scenario.horizon_years,
        "success_state": outcome.success_state if isinstance(outcome, kernel.SuccessRate) else None,
        "parameters": {
            name: {
                "value": q.value,
                "low": q.low,
                "high": q.high,
                "distribution": q.distribution.to_dict() if q.distribution else None,
            }
            for name, q in model_scenario.parameters.items()
        },
        "cost_years": model_scenario.costs.years,
        "paid_by": dict(model_scenario.costs.paid_by),
        "discount": model_scenario.discount.to_dict(),
        "draws": 0,
        "seed": 0,
        "parameter_set": None,
        **extra,
    }


def kernel_input_rows(params: kernel.ParameterSet) -> list[dict[str, Any]]:
    """Every input of a kernel parameter set with its provenance (no database copy)."""
    return [
        InputRow(
            name=name,
            label=q.label or name,
            unit=q.unit,
            value=q.value,
            default=q.value,
            source=q.source,
            publisher=q.publisher,
            year=q.year,
            assumption=q.assumption,
            note=q.note,
            overridden=False,
            reason="",
        ).__dict__
        for name, q in params.inputs.items()
    ]


def file_document(
    path: str, params: str | None = None, draws: int | None = None
) -> tuple[dict[str, Any], bool]:
    """Run a scenario file; the same JSON document as a stored result, and whether the
    file's published figures were reproduced."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    model_scenario, parameter_set = kernel.scenario_from_dict(data, params=params)
    run = kernel.run_scenario(data, params=params, draws=draws)
    settings = data.get("monte_carlo", {})
    model = kernel.Model.build(model_scenario, parameter_set)
    document = run.to_dict()
    document.update(
        {
            "records": None,
            "assumptions": kernel_assumptions(
                model_scenario,
                model_scenario.cohort.persons,
                draws=run.monte_carlo.draws if run.monte_carlo else 0,
                seed=int(settings.get("seed", 0)),
                parameter_set={
                    "key": parameter_set.name,
                    "version": parameter_set.version,
                    "label": parameter_set.description or parameter_set.name,
                },
            ),
            "actors": [{"key": a.key, "label": a.label} for a in parameter_set.actors],
            "states": [{"key": s.key, "label": s.label} for s in parameter_set.states],
            "inputs": kernel_input_rows(model.params),
        }
    )
    return document, run.ok


# --- accounts from records ------------------------------------------------------------


def record_enrolments(scenario: Scenario) -> QuerySet[Enrolment]:
    """The enrolments a records scenario reads: its organisation's participants, in its
    project (or their first enrolment in any project). Only aggregates leave the service."""
    enrolments = Enrolment.objects.filter(participant__organisation=scenario.organisation)
    if scenario.project_id is not None:
        enrolments = enrolments.filter(project_id=scenario.project_id)
    return enrolments


def participant_enrolments(participant: Participant) -> QuerySet[Enrolment]:
    """One participant's enrolments (the caller got ``participant`` from ``participants_for``)."""
    return Enrolment.objects.filter(participant=participant)


def journey_of(enrolment: Enrolment, default_state: str) -> paths.Journey:
    """The plain-value journey of one enrolment (activities and follow-ups prefetched)."""
    person = enrolment.participant
    start = paths.start_state(
        enrolment.income_sources_before,
        income_support=person.income_support,
        sick_leave=person.sick_leave,
        employed=person.labour_market_status == LabourMarketStatus.EMPLOYED,
        default=default_state,
    )
    spells = []
    for activity in enrolment.activities.all():
        state = paths.activity_state(
            activity.kind,
            float(activity.hours_per_week) if activity.hours_per_week is not None else None,
        )
        if state is not None:
            spells.append(
                paths.Spell(state=state, start=activity.start_date, end=activity.end_date)
            )
    exit_state = (
        paths.outcome_state(enrolment.exit_outcome, enrolment.income_sources_after, start)
        if enrolment.exit_date is not None and enrolment.exit_outcome
        else None
    )
    situations = [
        (
            follow_up.completed_on,
            paths.outcome_state(follow_up.situation, enrolment.income_sources_after, start),
        )
        for follow_up in enrolment.follow_ups.all()
        if follow_up.completed_on is not None and follow_up.situation
    ]
    return paths.Journey(
        entry_date=enrolment.entry_date,
        start_state=start,
        exit_date=enrolment.exit_date,
        exit_state=exit_state,
        activities=tuple(spells),
        situations=tuple(situations),
    )


@dataclass(frozen=True, eq=False)
class ObservedPaths:
    """State indices (persons, years), -1 where not observed, and each start state."""

    states: np.ndarray[Any, np.dtype[np.int64]]
    start: np.ndarray[Any, np.dtype[np.int64]]

    def summary(self, params: kernel.ParameterSet) -> dict[str, Any]:
        """Aggregates only: persons, observed person-years and persons per state per year."""
        size = len(params.states)
        counts = [
            dict(
                zip(
                    params.state_keys,
                    np.bincount(column[column >= 0], minlength=size).tolist(),
                    strict=True,
                )
            )
            for column in self.states.T
        ]
        return {
            "persons": int(self.states.shape[0]),
            "person_years_observed": int((self.states >= 0).sum()),
            "start_states": dict(
                zip(
                    params.state_keys, np.bincount(self.start, minlength=size).tolist(), strict=True
                )
            ),
            "states_by_year": counts,
        }


#: The fields the journey rules read (only these are loaded for a records run).
JOURNEY_FIELDS: tuple[str, ...] = (
    "participant_id",
    "entry_date",
    "income_sources_before",
    "exit_date",
    "exit_outcome",
    "income_sources_after",
    "participant__income_support",
    "participant__sick_leave",
    "participant__labour_market_status",
)


def observed_paths(
    enrolments: Iterable[Enrolment] | QuerySet[Enrolment],
    params: kernel.ParameterSet,
    scenario: Scenario,
    today: datetime.date,
) -> ObservedPaths:
    """Each person's first matching enrolment, read year by year from entry."""
    if isinstance(enrolments, QuerySet):
        enrolments = (
            enrolments.select_related("participant")
            .only(*JOURNEY_FIELDS)
            .prefetch_related(
                Prefetch(
                    "activities",
                    queryset=Activity.objects.only(
                        "enrolment_id", "kind", "start_date", "end_date", "hours_per_week"
                    ).order_by("start_date", "id"),
                ),
                Prefetch(
                    "follow_ups",
                    queryset=FollowUp.objects.only(
                        "enrolment_id", "completed_on", "situation"
                    ).order_by("due_date", "id"),
                ),
            )
            .order_by("participant_id", "entry_date", "id")
        )
    seen: set[object] = set()
    rows: list[list[int]] = []
    starts: list[int] = []
    index = {key: i for i, key in enumerate(params.state_keys)}
    fallback = index[scenario.start_state]
    for enrolment in enrolments:
        if enrolment.participant_id in seen:
            continue
        seen.add(enrolment.participant_id)
        journey = journey_of(enrolment, scenario.start_state)
        years = paths.yearly_states(journey, today, scenario.horizon_years)
        rows.append([-1 if state is None else index.get(state, fallback) for state in years])
        starts.append(index.get(journey.start_state, fallback))
    states = np.array(rows, dtype=np.int64).reshape(len(rows), scenario.horizon_years)
    return ObservedPaths(states=states, start=np.array(starts, dtype=np.int64))


@dataclass(frozen=True)
class ParticipantAccount:
    """One person's observed and projected account under a scenario's assumptions."""

    years: list[str | None]
    data: dict[str, Any]


def participant_account(
    participant: Participant, scenario: Scenario, today: datetime.date | None = None
) -> ParticipantAccount | None:
    """The account of one participant (first enrolment), or None without a journey."""
    params = kernel_parameter_set(scenario.parameter_set)
    enrolments = participant_enrolments(participant).prefetch_related("activities", "follow_ups")
    first = enrolments.order_by("entry_date", "id").first()
    if first is None:
        return None
    today = today or timezone.localdate()
    observed = observed_paths([first], params, scenario, today)
    model_scenario = kernel_scenario(scenario, params)
    # One person carries their own cost only, not the project's start-up or running costs.
    model_scenario = replace(
        model_scenario,
        parameters={
            **model_scenario.parameters,
            "cost_start_up": kernel.scenario_parameter("cost_start_up", 0.0),
            "cost_per_year": kernel.scenario_parameter("cost_per_year", 0.0),
        },
    )
    result = kernel.run_records(
        observed.states,
        observed.start,
        model_scenario,
        params,
        work_states=[s for s in paths.WORK_STATES if s in params.state_keys],
    )
    labels = {s.key: s.label for s in params.states}
    years = [labels[params.state_keys[i]] if i >= 0 else None for i in observed.states[0].tolist()]
    return ParticipantAccount(years=years, data=result.to_dict())
