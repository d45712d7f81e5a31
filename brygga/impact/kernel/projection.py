"""Accounts from records, projected to the scenario's horizon.

``observed[p, t]`` is the state index person ``p`` was observed in during their
own year ``t`` (``-1`` where not observed yet), ``start[p]`` the state they were
in when they started. The years after the last observed one are projected with
the scenario's assumptions:

* a person last seen in work (``work_states``) stays there with probability
  ``persistence`` each further year and otherwise returns to the start state;
* anyone else stays in the last observed state (the start state if none).

The counterfactual is the start state in every year. The difference is scaled by
``(1 − deadweight)(1 − attribution)(1 − displacement)(1 − optimism bias on
benefits)``, and projected years also by the yearly drop-off, compounding from
the first projected year. Intervention costs are the scenario's, with the
cohort being the persons in the records. The result has the same shape as
:func:`brygga.impact.kernel.run`'s, so every chart and export works on both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .accounts import (
    MODEL_NAME,
    MODEL_VERSION,
    Evaluation,
    Model,
    Result,
    cost_of_exclusion,
    payback_year,
)
from .records import OUTSIDE
from .scenario import Scenario
from .states import ParameterSet

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.integer[Any]]


def _projection(
    observed: IntArray,
    start: IntArray,
    states: int,
    work_states: Iterable[int],
    persistence: float,
) -> tuple[Any, Any, Any, Any, Any, Any]:
    """Checked inputs, the observed and projected masks, each person's last state and
    the probability of still being in it in each projected year."""
    observed = np.asarray(observed, dtype=np.int64)
    start = np.asarray(start, dtype=np.int64)
    persons, years = observed.shape
    if start.shape != (persons,):
        raise ValueError("start must hold one state per person")
    for array in (observed[observed != OUTSIDE], start):
        if array.size and (array.min() < 0 or array.max() >= states):
            raise ValueError(f"state indices must be -1 (unobserved) or 0 … {states - 1}")
    seen = observed != OUTSIDE
    # Index of the last observed year per person (-1 if none) and its state.
    last_year = np.where(seen.any(axis=1), years - 1 - np.argmax(seen[:, ::-1], axis=1), -1)
    last_state = np.where(
        last_year >= 0, observed[np.arange(persons), np.maximum(last_year, 0)], start
    )
    t = np.arange(years)
    projected = t[None, :] > last_year[:, None]
    steps = np.where(projected, t[None, :] - last_year[:, None], 0)
    in_work = np.isin(last_state, np.fromiter(work_states, dtype=np.int64))
    stay = np.where(in_work[:, None], persistence**steps, 1.0)
    return observed, start, seen, projected, last_state, stay


def expected_occupancy(
    observed: IntArray,
    start: IntArray,
    *,
    states: int,
    work_states: Iterable[int],
    persistence: float,
) -> tuple[FloatArray, FloatArray]:
    """(persons, years, states) expected occupancy of each path, and a (persons, years)
    mask that is 1 in projected years (0 in observed ones). Dense: for small inputs."""
    observed, start, seen, projected, last_state, stay = _projection(
        observed, start, states, work_states, persistence
    )
    persons, years = observed.shape
    occupancy = np.zeros((persons, years, states))
    p_index, y_index = np.nonzero(seen)
    occupancy[p_index, y_index, observed[p_index, y_index]] = 1.0
    p_index, y_index = np.nonzero(projected)
    np.add.at(occupancy, (p_index, y_index, last_state[p_index]), stay[p_index, y_index])
    np.add.at(occupancy, (p_index, y_index, start[p_index]), 1.0 - stay[p_index, y_index])
    return occupancy, projected.astype(np.float64)


def occupancy_difference(
    observed: IntArray,
    start: IntArray,
    *,
    states: int,
    work_states: Iterable[int],
    persistence: float,
    scale: float = 1.0,
    drop_off: float = 0.0,
) -> FloatArray:
    """Σ over persons of (path − start state) occupancy, (years, states), each person-year
    weighted by ``scale · (1 − drop_off)^(projected years so far)``. Memory O(persons·years)."""
    observed, start, seen, projected, last_state, stay = _projection(
        observed, start, states, work_states, persistence
    )
    persons, years = observed.shape
    weight = scale * (1 - drop_off) ** np.cumsum(projected, axis=1)
    cell = np.arange(years, dtype=np.int64)[None, :] * states  # (1, years)
    size = years * states

    def add(mask: Any, state: Any, weights: Any) -> FloatArray:
        index = np.broadcast_to(cell + state, (persons, years))[mask]
        counts = np.bincount(
            index, weights=np.broadcast_to(weights, (persons, years))[mask], minlength=size
        )
        return np.asarray(counts, dtype=np.float64)

    every = np.ones((persons, years), dtype=bool)
    total = (
        add(seen, observed, weight)
        + add(projected, last_state[:, None], stay * weight)
        + add(projected, start[:, None], (1.0 - stay) * weight)
        - add(every, start[:, None], weight)
    )
    return total.reshape(years, states)


@dataclass(frozen=True, eq=False)
class RecordPaths:
    """Observed paths reduced to what the account needs, so any number of parameter
    draws can be evaluated without going back to the persons.

    For person-year ``(p, t)`` the difference from the start state is ``e_obs − e_start``
    in observed years and ``g^k (e_last − e_start)`` in the ``k``-th projected year, with
    ``g = (1 − drop_off)·persistence`` after work and ``g = 1 − drop_off`` otherwise;
    so ``Σ_p`` is ``observed[t] + Σ_k g_work^k work[t, k] + Σ_k g_other^k other[t, k]``.
    """

    persons: int
    observed: FloatArray  # (years, states)
    work: FloatArray  # (years, steps, states), steps k = 0 … years
    other: FloatArray  # (years, steps, states)

    @classmethod
    def from_states(
        cls, observed: IntArray, start: IntArray, *, states: int, work_states: Iterable[int]
    ) -> RecordPaths:
        observed, start, seen, projected, last_state, _stay = _projection(
            observed, start, states, work_states, 1.0
        )
        persons, years = observed.shape
        steps = np.cumsum(projected, axis=1)  # k in projected years, 0 in observed ones
        in_work = np.isin(last_state, np.fromiter(work_states, dtype=np.int64))
        t = np.broadcast_to(np.arange(years)[None, :], (persons, years))
        start_grid = np.broadcast_to(start[:, None], (persons, years))
        last_grid = np.broadcast_to(last_state[:, None], (persons, years))

        def histogram(mask: Any, state: Any, sign: float, shape: tuple[int, ...]) -> FloatArray:
            if len(shape) == 2:
                index = t[mask] * states + state[mask]
            else:
                index = (t[mask] * (years + 1) + steps[mask]) * states + state[mask]
            counts = np.bincount(index, minlength=int(np.prod(shape)))
            return sign * np.asarray(counts, dtype=np.float64).reshape(shape)

        flat = (years, states)
        cube = (years, years + 1, states)
        work_mask = projected & in_work[:, None]
        other_mask = projected & ~in_work[:, None]
        return cls(
            persons=persons,
            observed=histogram(seen, observed, 1.0, flat) - histogram(seen, start_grid, 1.0, flat),
            work=histogram(work_mask, last_grid, 1.0, cube)
            - histogram(work_mask, start_grid, 1.0, cube),
            other=histogram(other_mask, last_grid, 1.0, cube)
            - histogram(other_mask, start_grid, 1.0, cube),
        )

    def difference(self, persistence: FloatArray, drop_off: FloatArray) -> FloatArray:
        """(draws, years, states): Σ over persons of path minus start-state occupancy."""
        k = np.arange(self.work.shape[1])
        keep = (1 - np.asarray(drop_off, dtype=np.float64))[:, None]
        stay = np.asarray(persistence, dtype=np.float64)[:, None]
        result: FloatArray = (
            self.observed[None, :, :]
            + np.einsum("tks,dk->dts", self.work, (keep * stay) ** k)
            + np.einsum("tks,dk->dts", self.other, keep**k)
        )
        return result


def evaluate_records(
    model: Model, paths: RecordPaths, values: Mapping[str, FloatArray], *, detail: bool = False
) -> Evaluation:
    """The records account for a batch of parameter draws (as ``accounts.evaluate``)."""
    scenario, params = model.scenario, model.params
    years = scenario.horizon_years

    def v(name: str) -> FloatArray:
        return np.asarray(values[name], dtype=np.float64)

    scale = (
        (1 - v("deadweight"))
        * (1 - v("attribution"))
        * (1 - v("displacement"))
        * (1 - v("optimism_bias_benefits"))
    )
    draws = max(len(v("persistence")), len(v("drop_off")), len(scale))
    delta = (
        paths.difference(
            np.broadcast_to(v("persistence"), (draws,)), np.broadcast_to(v("drop_off"), (draws,))
        )
        * np.broadcast_to(scale, (draws,))[:, None, None]
    )
    net_flows = params.net_array(values)  # (draws', states, actors)
    effect = np.matmul(delta, net_flows)
    t = np.arange(years, dtype=np.float64)
    cost_total = (1 + v("optimism_bias_costs"))[:, None] * (
        (v("cost_start_up") + v("cost_per_participant") * paths.persons)[:, None] * (t == 0)
        + v("cost_per_year")[:, None] * (t < scenario.costs.years)
    )
    costs = cost_total[:, :, None] * model.cost_shares
    draws = max(effect.shape[0], costs.shape[0])
    effect = np.broadcast_to(effect, (draws, *effect.shape[1:]))
    costs = np.broadcast_to(costs, (draws, *costs.shape[1:]))
    components = None
    if detail:
        components = np.einsum("dts,dsac->dtac", delta, params.flow_array(values))
    return Evaluation(
        effect=effect,
        costs=costs,
        net=effect - costs,
        discount_factors=scenario.discount.factors(years),
        components=components,
    )


def records_model(
    observed: IntArray,
    start: IntArray,
    scenario: Scenario,
    params: ParameterSet,
    *,
    work_states: Iterable[str] = (),
) -> tuple[Model, RecordPaths]:
    """The model (cohort = the persons in the records) and the reduced paths."""
    observed = np.asarray(observed, dtype=np.int64)
    persons, years = observed.shape
    if years != scenario.horizon_years:
        raise ValueError("the observed matrix must have one column per year of the horizon")
    scenario = replace(scenario, cohort=replace(scenario.cohort, persons=persons))
    model = Model.build(scenario, params)
    paths = RecordPaths.from_states(
        observed,
        np.asarray(start, dtype=np.int64),
        states=len(model.params.states),
        work_states=[model.params.state_index(key) for key in work_states],
    )
    return model, paths


def run_records(
    observed: IntArray,
    start: IntArray,
    scenario: Scenario,
    params: ParameterSet,
    *,
    work_states: Iterable[str] = (),
) -> Result:
    """The account of observed and projected paths against staying in the start state."""
    model, paths = records_model(observed, start, scenario, params, work_states=work_states)
    batch = evaluate_records(model, paths, model.base_values(), detail=True)
    if batch.components is None:  # pragma: no cover - detail=True always sets it
        raise RuntimeError("evaluate_records(detail=True) returned no components")
    factors = batch.discount_factors
    cumulative = batch.cumulative_npv[0]
    return Result(
        model_name=MODEL_NAME,
        model_version=MODEL_VERSION,
        scenario_name=model.scenario.name,
        params_name=model.params.name,
        params_version=model.params.version,
        currency=model.params.currency,
        actors=model.params.actor_keys,
        discount=model.scenario.discount.name,
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
