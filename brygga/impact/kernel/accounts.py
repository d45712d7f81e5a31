"""The deterministic socioeconomic account of a scenario.

The engine works on a batch of parameter values (a leading "draw" axis), so the
same code gives the deterministic result (one draw), the Monte Carlo run
(N draws) and the one-way sensitivity (two draws per parameter). See
docs/algorithms/impact.md for the formulas.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .quantities import Quantity
from .scenario import SCENARIO_PARAMETERS, Scenario, SuccessRate
from .states import COMPONENTS, ParameterSet

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

MODEL_NAME = "brygga-impact"
MODEL_VERSION = "1.0.0"


@dataclass(frozen=True, eq=False)
class Model:
    """A scenario bound to its parameter set (input overrides applied)."""

    scenario: Scenario
    params: ParameterSet

    @classmethod
    def build(cls, scenario: Scenario, params: ParameterSet) -> Model:
        """Apply the scenario's input overrides and check every name it uses."""
        names = set(params.inputs) | {name for name, _ in params.derived}
        clash = names & set(SCENARIO_PARAMETERS)
        if clash:
            raise ValueError(f"parameter-set inputs use reserved names {sorted(clash)}")
        params = params.with_inputs(scenario.input_overrides)
        params.state_index(scenario.cohort.start_state)
        if isinstance(scenario.outcome, SuccessRate):
            params.state_index(scenario.outcome.success_state)
        else:
            _transition_matrix(params, scenario.outcome.intervention)
        if scenario.reference_state is not None:
            params.state_index(scenario.reference_state)
        unknown = set(scenario.costs.paid_by) - set(params.actor_keys)
        if unknown:
            raise ValueError(f"costs paid by unknown actors {sorted(unknown)}")
        return cls(scenario=scenario, params=params)

    @property
    def quantities(self) -> dict[str, Quantity]:
        """Every number of the model: scenario parameters and parameter-set inputs."""
        return {**self.scenario.parameters, **self.params.inputs}

    def base_values(self) -> dict[str, FloatArray]:
        """Every quantity at its base value, as one draw."""
        return {name: np.array([q.value]) for name, q in self.quantities.items()}

    @property
    def cost_shares(self) -> FloatArray:
        """Share of the intervention cost per actor, in actor order."""
        paid_by = self.scenario.costs.paid_by
        return np.array([paid_by.get(actor, 0.0) for actor in self.params.actor_keys])


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Raw arrays of a batch: ``effect``, ``costs`` and ``net`` are (draws, years, actors)."""

    effect: FloatArray
    costs: FloatArray
    net: FloatArray
    discount_factors: FloatArray
    components: FloatArray | None = None

    @property
    def npv_by_actor(self) -> FloatArray:
        """(draws, actors)."""
        result: FloatArray = np.einsum("dta,t->da", self.net, self.discount_factors)
        return result

    @property
    def cumulative_npv(self) -> FloatArray:
        """(draws, years): cumulative discounted net result over all actors."""
        result: FloatArray = np.cumsum(self.net.sum(axis=2) * self.discount_factors, axis=1)
        return result


def evaluate(model: Model, values: Mapping[str, FloatArray], *, detail: bool = False) -> Evaluation:
    """Compute a batch. ``values`` holds every quantity as an array of 1 or N draws."""
    scenario, params = model.scenario, model.params
    horizon = scenario.horizon_years
    t = np.arange(horizon, dtype=np.float64)

    def v(name: str) -> FloatArray:
        return np.asarray(values[name], dtype=np.float64)[:, None]  # (draws, 1)

    flows = params.flow_array(values) if detail else None
    net_flows = params.net_array(values)  # (draws', states, actors)
    delta = _occupancy_delta(model, values, horizon)  # (draws'', years, states)

    multiplier = (
        (1 - v("deadweight"))
        * (1 - v("attribution"))
        * (1 - v("displacement"))
        * (1 - v("optimism_bias_benefits"))
        * (1 - v("drop_off")) ** t
    )  # (draws, years)
    scale = scenario.cohort.persons * multiplier
    effect = np.matmul(delta, net_flows) * scale[:, :, None]

    running = (t < scenario.costs.years).astype(np.float64)
    first = (t == 0).astype(np.float64)
    cost_total = (1 + v("optimism_bias_costs")) * (
        (v("cost_start_up") + v("cost_per_participant") * scenario.cohort.persons) * first
        + v("cost_per_year") * running
    )  # (draws, years)
    costs = cost_total[:, :, None] * model.cost_shares
    draws = max(effect.shape[0], costs.shape[0])
    effect = np.broadcast_to(effect, (draws, *effect.shape[1:]))
    costs = np.broadcast_to(costs, (draws, *costs.shape[1:]))
    components = None
    if flows is not None:
        components = np.einsum("dts,dsac->dtac", delta, flows) * scale[:, :, None, None]
    return Evaluation(
        effect=effect,
        costs=costs,
        net=effect - costs,
        discount_factors=scenario.discount.factors(horizon),
        components=components,
    )


def _occupancy_delta(model: Model, values: Mapping[str, FloatArray], horizon: int) -> FloatArray:
    """Per-person state occupancy with minus without the intervention, (draws, years, states)."""
    params, scenario = model.params, model.scenario
    start = params.state_index(scenario.cohort.start_state)
    outcome = scenario.outcome
    if isinstance(outcome, SuccessRate):
        success = params.state_index(outcome.success_state)
        rate = values["success_rate"] - values["counterfactual_rate"]
        share = rate[:, None] * values["persistence"][:, None] ** np.arange(horizon)
        delta = np.zeros((len(share), horizon, len(params.states)))
        delta[:, :, success] += share
        delta[:, :, start] -= share
        return delta
    with_it = _occupancy(params, outcome.intervention, start, horizon)
    without = (
        _occupancy(params, outcome.counterfactual, start, horizon)
        if outcome.counterfactual is not None
        else _occupancy(params, {}, start, horizon)
    )
    result: FloatArray = (with_it - without)[None, :, :]
    return result


def _transition_matrix(
    params: ParameterSet, transitions: Mapping[str, Mapping[str, float]]
) -> FloatArray:
    """A row-stochastic matrix; missing mass in a row stays in its own state."""
    size = len(params.states)
    matrix = np.zeros((size, size))
    for source, row in transitions.items():
        i = params.state_index(source)
        for target, probability in row.items():
            if probability < 0:
                raise ValueError(f"negative transition probability {source} → {target}")
            matrix[i, params.state_index(target)] += probability
    stay = 1.0 - matrix.sum(axis=1)
    if np.any(stay < -1e-9):
        raise ValueError("transition probabilities from a state sum to more than 1")
    matrix[np.arange(size), np.arange(size)] += np.clip(stay, 0.0, None)
    return matrix


def _occupancy(
    params: ParameterSet, transitions: Mapping[str, Mapping[str, float]], start: int, horizon: int
) -> FloatArray:
    """Expected share of a person in each state per year, starting in ``start`` in year 0."""
    matrix = _transition_matrix(params, transitions)
    result = np.zeros((horizon, len(params.states)))
    result[0, start] = 1.0
    for year in range(1, horizon):
        result[year] = result[year - 1] @ matrix
    return result


@dataclass(frozen=True, eq=False)
class CostOfExclusion:
    """What a person in ``state`` costs each actor compared with ``reference_state``.

    Per actor: ``net(reference) - net(state)`` per person and year; the lifetime
    figures run from the cohort's start age to 65, discounted and undiscounted.
    """

    state: str
    reference_state: str
    persons: float
    lifetime_years: int
    per_person_year: FloatArray
    per_person_lifetime: FloatArray
    per_person_lifetime_undiscounted: FloatArray

    @property
    def cohort_lifetime(self) -> FloatArray:
        """Discounted lifetime cost per actor for the whole cohort."""
        result: FloatArray = self.per_person_lifetime * self.persons
        return result

    def to_dict(self, actors: tuple[str, ...]) -> dict[str, Any]:
        """JSON-ready, per actor and in total."""

        def by_actor(array: FloatArray) -> dict[str, float]:
            return {**dict(zip(actors, array.tolist(), strict=True)), "total": float(array.sum())}

        return {
            "state": self.state,
            "reference_state": self.reference_state,
            "persons": self.persons,
            "lifetime_years": self.lifetime_years,
            "per_person_year": by_actor(self.per_person_year),
            "per_person_lifetime": by_actor(self.per_person_lifetime),
            "per_person_lifetime_undiscounted": by_actor(self.per_person_lifetime_undiscounted),
            "cohort_lifetime": by_actor(self.cohort_lifetime),
        }


def cost_of_exclusion(model: Model) -> CostOfExclusion | None:
    """The cost of the start state against the reference (or success) state, if any."""
    scenario, params = model.scenario, model.params
    reference = scenario.reference_state
    if reference is None and isinstance(scenario.outcome, SuccessRate):
        reference = scenario.outcome.success_state
    if reference is None:
        return None
    net = params.net_array()[0]
    per_year = (
        net[params.state_index(reference)] - net[params.state_index(scenario.cohort.start_state)]
    )
    years = scenario.years_to_pension
    factor = float(scenario.discount.factors(years).sum())
    return CostOfExclusion(
        state=scenario.cohort.start_state,
        reference_state=reference,
        persons=scenario.cohort.persons,
        lifetime_years=years,
        per_person_year=per_year,
        per_person_lifetime=per_year * factor,
        per_person_lifetime_undiscounted=per_year * years,
    )


@dataclass(frozen=True, eq=False)
class Result:
    """The deterministic account of a scenario. Money is in ``currency``;
    per-year arrays are (years, actors), year 0 first and undiscounted."""

    model_name: str
    model_version: str
    scenario_name: str
    params_name: str
    params_version: str
    currency: str
    actors: tuple[str, ...]
    discount: str
    discount_factors: FloatArray
    effect: FloatArray
    costs: FloatArray
    net: FloatArray
    components: FloatArray
    npv_by_actor: FloatArray
    pv_effect: FloatArray
    pv_costs: FloatArray
    cumulative_npv: FloatArray
    payback_year: int | None
    exclusion: CostOfExclusion | None

    @property
    def npv(self) -> float:
        """Net present value over all actors."""
        return float(self.npv_by_actor.sum())

    @property
    def benefit_cost_ratio(self) -> float | None:
        """Present value of effects over present value of costs (None without costs)."""
        costs = float(self.pv_costs.sum())
        return float(self.pv_effect.sum()) / costs if costs > 0 else None

    @property
    def years(self) -> IntArray:
        """0, 1, …, horizon-1."""
        return np.arange(len(self.discount_factors), dtype=np.int64)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready result, every yearly flow included."""

        def by_actor(array: FloatArray) -> dict[str, float]:
            return dict(zip(self.actors, array.tolist(), strict=True))

        return {
            "model": {"name": self.model_name, "version": self.model_version},
            "scenario": self.scenario_name,
            "parameter_set": {"name": self.params_name, "version": self.params_version},
            "currency": self.currency,
            "discount": self.discount,
            "npv": self.npv,
            "npv_by_actor": by_actor(self.npv_by_actor),
            "pv_effect_by_actor": by_actor(self.pv_effect),
            "pv_costs_by_actor": by_actor(self.pv_costs),
            "benefit_cost_ratio": self.benefit_cost_ratio,
            "payback_year": self.payback_year,
            "years": [
                {
                    "year": year,
                    "discount_factor": float(self.discount_factors[year]),
                    "effect": by_actor(self.effect[year]),
                    "costs": by_actor(self.costs[year]),
                    "net": by_actor(self.net[year]),
                    "components": {
                        actor: dict(zip(COMPONENTS, self.components[year, a].tolist(), strict=True))
                        for a, actor in enumerate(self.actors)
                    },
                    "cumulative_npv": float(self.cumulative_npv[year]),
                }
                for year in range(len(self.discount_factors))
            ],
            "cost_of_exclusion": self.exclusion.to_dict(self.actors) if self.exclusion else None,
        }


def payback_year(cumulative_npv: FloatArray) -> int | None:
    """First year whose cumulative discounted net result is ≥ 0, or None."""
    reached = np.flatnonzero(cumulative_npv >= 0)
    return int(reached[0]) if reached.size else None


def run(scenario: Scenario, params: ParameterSet) -> Result:
    """The deterministic account at every quantity's base value."""
    model = Model.build(scenario, params)
    batch = evaluate(model, model.base_values(), detail=True)
    if batch.components is None:  # pragma: no cover - detail=True always sets it
        raise RuntimeError("evaluate(detail=True) returned no components")
    factors = batch.discount_factors
    cumulative = batch.cumulative_npv[0]
    return Result(
        model_name=MODEL_NAME,
        model_version=MODEL_VERSION,
        scenario_name=scenario.name,
        params_name=params.name,
        params_version=params.version,
        currency=params.currency,
        actors=params.actor_keys,
        discount=scenario.discount.name,
        discount_factors=factors,
        effect=batch.effect[0],
        costs=batch.costs[0],
        net=batch.net[0],
        components=batch.components[0],
        npv_by_actor=batch.npv_by_actor[0],
        pv_effect=factors @ batch.effect[0],
        pv_costs=factors @ batch.costs[0],
        cumulative_npv=cumulative,
        payback_year=payback_year(cumulative),
        exclusion=cost_of_exclusion(model),
    )
