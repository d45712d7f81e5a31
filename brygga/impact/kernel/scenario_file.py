"""Scenario files: read one, run it, check it against its published figures.

The format (``"format": "brygga-impact-scenario/1"``) is documented in
docs/algorithms/impact.md; docs/scenarios/ holds one example per published case.
:func:`run_scenario_file` is what a command line (``brygga impact FILE``) calls.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .accounts import MODEL_NAME, MODEL_VERSION, Result, run
from .montecarlo import MonteCarloResult, monte_carlo
from .params import load_parameter_set, parameter_set_from_dict
from .quantities import quantity_from_dict
from .scenario import (
    SCENARIO_PARAMETERS,
    Cohort,
    Costs,
    Outcome,
    Scenario,
    SuccessRate,
    Transitions,
    scenario_parameter,
)
from .schedule import schedule_from_dict
from .sensitivity import Sensitivity, one_way
from .states import ParameterSet

SCENARIO_FORMAT = "brygga-impact-scenario/1"


class ScenarioFileError(ValueError):
    """A scenario file is malformed."""


def scenario_from_dict(
    data: Mapping[str, Any],
    *,
    params: ParameterSet | str | None = None,
    params_dir: Path | None = None,
) -> tuple[Scenario, ParameterSet]:
    """Build the scenario and its parameter set (``params`` overrides the file's choice)."""
    if not isinstance(data, Mapping):
        raise ScenarioFileError("a scenario file holds a JSON object")
    if data.get("format") != SCENARIO_FORMAT:
        raise ScenarioFileError(f"expected format {SCENARIO_FORMAT!r}, got {data.get('format')!r}")
    try:
        parameter_set = _parameter_set(params if params is not None else data["params"], params_dir)
        cohort_data = data["cohort"]
        start_state = str(cohort_data["start_state"])
        start_age = int(cohort_data["start_age"])
        target_group = str(cohort_data.get("target_group", ""))
        if "persons" in cohort_data:
            cohort = Cohort(
                persons=float(cohort_data["persons"]),
                start_state=start_state,
                start_age=start_age,
                target_group=target_group,
            )
        else:
            cohort = Cohort.from_population(
                int(cohort_data["population"]),
                float(cohort_data["share"]),
                start_state=start_state,
                start_age=start_age,
                target_group=target_group,
                whole_persons=bool(cohort_data.get("whole_persons", True)),
            )
        horizon = data.get("horizon", "to_age_65")
        horizon_years = 65 - cohort.start_age if horizon == "to_age_65" else int(horizon)
        costs = data.get("costs", {})
        scenario = Scenario(
            name=str(data["name"]),
            description=str(data.get("description", "")),
            cohort=cohort,
            outcome=_outcome(data["outcome"]),
            costs=Costs(
                paid_by={str(k): float(v) for k, v in costs.get("paid_by", {}).items()},
                years=int(costs.get("years", 1)),
            ),
            horizon_years=horizon_years,
            discount=schedule_from_dict(data["discount"]),
            parameters={
                name: scenario_parameter(name, quantity_from_dict(name, value))
                for name, value in data.get("parameters", {}).items()
                if _known_parameter(name)
            },
            input_overrides={
                name: quantity_from_dict(name, value)
                for name, value in data.get("inputs", {}).items()
            },
            reference_state=data.get("reference_state"),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise ScenarioFileError(f"scenario file: missing or wrong field {error}") from error
    return scenario, parameter_set


def _known_parameter(name: str) -> bool:
    if name not in SCENARIO_PARAMETERS:
        raise ScenarioFileError(
            f"unknown scenario parameter {name!r}; known: {sorted(SCENARIO_PARAMETERS)}"
        )
    return True


def _parameter_set(choice: Any, params_dir: Path | None) -> ParameterSet:
    if isinstance(choice, ParameterSet):
        return choice
    if isinstance(choice, Mapping):
        return parameter_set_from_dict(choice)
    return load_parameter_set(str(choice), params_dir)


def _outcome(data: Mapping[str, Any]) -> Outcome:
    if data["model"] == "success_rate":
        return SuccessRate(success_state=str(data["success_state"]))
    if data["model"] == "transitions":
        return Transitions(
            intervention=data["intervention"], counterfactual=data.get("counterfactual")
        )
    raise ScenarioFileError(f"unknown outcome model {data['model']!r}")


@dataclass(frozen=True)
class Check:
    """A published figure the scenario must reproduce."""

    path: str
    actual: float
    minimum: float
    maximum: float
    source: str

    @property
    def ok(self) -> bool:
        """True when the computed figure lies in [minimum, maximum]."""
        return self.minimum <= self.actual <= self.maximum


@dataclass(frozen=True, eq=False)
class ScenarioRun:
    """The deterministic result, sensitivity, optional Monte Carlo and the checks."""

    result: Result
    sensitivity: Sensitivity
    monte_carlo: MonteCarloResult | None
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when every published figure in the file is reproduced."""
        return all(check.ok for check in self.checks)

    def to_dict(self) -> dict[str, Any]:
        """The JSON a command line prints with ``--format json``."""
        return {
            "model": {"name": MODEL_NAME, "version": MODEL_VERSION},
            "result": self.result.to_dict(),
            "sensitivity": self.sensitivity.to_dict(),
            "monte_carlo": self.monte_carlo.to_dict() if self.monte_carlo else None,
            "checks": [
                {
                    "path": check.path,
                    "actual": check.actual,
                    "minimum": check.minimum,
                    "maximum": check.maximum,
                    "ok": check.ok,
                    "source": check.source,
                }
                for check in self.checks
            ],
        }


def run_scenario(
    data: Mapping[str, Any],
    *,
    params: ParameterSet | str | None = None,
    params_dir: Path | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> ScenarioRun:
    """Run a scenario given as a dict (the parsed JSON of a scenario file)."""
    scenario, parameter_set = scenario_from_dict(data, params=params, params_dir=params_dir)
    settings = data.get("monte_carlo", {})
    draws = int(settings.get("draws", 0)) if draws is None else draws
    seed = int(settings.get("seed", 0)) if seed is None else seed
    result = run(scenario, parameter_set)
    partial = ScenarioRun(
        result=result,
        sensitivity=one_way(scenario, parameter_set),
        monte_carlo=monte_carlo(scenario, parameter_set, draws=draws, seed=seed)
        if draws > 0
        else None,
        checks=(),
    )
    document = partial.to_dict()
    checks = tuple(_check(document, check) for check in data.get("expected", []))
    return ScenarioRun(
        result=partial.result,
        sensitivity=partial.sensitivity,
        monte_carlo=partial.monte_carlo,
        checks=checks,
    )


def run_scenario_file(
    path: str | Path,
    *,
    params: ParameterSet | str | None = None,
    params_dir: Path | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> ScenarioRun:
    """Load a scenario file and run it (``params`` replaces the file's parameter set)."""
    with Path(path).open(encoding="utf-8") as handle:
        data = json.load(handle)
    return run_scenario(data, params=params, params_dir=params_dir, draws=draws, seed=seed)


def _check(document: Mapping[str, Any], spec: Mapping[str, Any]) -> Check:
    """Resolve a dotted path (list items by index) and compare with value±tolerance or a range."""
    node: Any = document
    for part in str(spec["path"]).split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    if "value" in spec:
        tolerance = float(spec.get("tolerance", 0.0))
        minimum, maximum = float(spec["value"]) - tolerance, float(spec["value"]) + tolerance
    else:
        minimum = float(spec.get("min", -math.inf))
        maximum = float(spec.get("max", math.inf))
    return Check(
        path=str(spec["path"]),
        actual=float(node),
        minimum=minimum,
        maximum=maximum,
        source=str(spec.get("source", "")),
    )
