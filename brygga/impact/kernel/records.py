"""Accounts from records: a person × year matrix of observed (or projected) states.

``states[p, y]`` is the index (in the parameter set's state order) of the state
person ``p`` was in during year ``y`` counted from that person's own start, or
``-1`` for a year outside the record (no flow). Each person is discounted from
their own start year. A counterfactual (one state for everyone, or a matrix of
the same shape) turns the gross flows into the difference the path made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .accounts import MODEL_NAME, MODEL_VERSION
from .schedule import DiscountSchedule
from .states import ParameterSet

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.integer[Any]]
OUTSIDE = -1


@dataclass(frozen=True, eq=False)
class RecordAccounts:
    """Yearly flows per actor summed over persons, and each person's NPV per actor."""

    model_name: str
    model_version: str
    params_name: str
    params_version: str
    currency: str
    actors: tuple[str, ...]
    person_years: int
    flows_by_year: FloatArray
    npv_by_person: FloatArray

    @property
    def npv_by_actor(self) -> FloatArray:
        """Sum over persons, per actor."""
        result: FloatArray = self.npv_by_person.sum(axis=0)
        return result

    @property
    def npv(self) -> float:
        """Sum over persons and actors."""
        return float(self.npv_by_person.sum())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready aggregate (per-person rows left out)."""
        return {
            "model": {"name": self.model_name, "version": self.model_version},
            "parameter_set": {"name": self.params_name, "version": self.params_version},
            "currency": self.currency,
            "person_years": self.person_years,
            "npv": self.npv,
            "npv_by_actor": dict(zip(self.actors, self.npv_by_actor.tolist(), strict=True)),
            "flows_by_year": [
                dict(zip(self.actors, row.tolist(), strict=True)) for row in self.flows_by_year
            ],
        }


def accounts_from_states(
    states: IntArray,
    params: ParameterSet,
    schedule: DiscountSchedule,
    *,
    counterfactual: IntArray | int | None = None,
) -> RecordAccounts:
    """Flows and NPVs of observed paths, optionally minus a counterfactual path."""
    states = np.asarray(states)
    if states.ndim != 2:
        raise ValueError("states must be a (persons, years) matrix")
    observed = states != OUTSIDE
    net = params.net_array()[0]
    flows, npv = _accounts(states, net, schedule)
    if counterfactual is not None:
        if isinstance(counterfactual, int | np.integer):
            other = np.where(observed, int(counterfactual), OUTSIDE)
        else:
            other = np.asarray(counterfactual)
            if other.shape != states.shape:
                raise ValueError("the counterfactual matrix must have the shape of states")
        other_flows, other_npv = _accounts(other, net, schedule)
        flows, npv = flows - other_flows, npv - other_npv
    return RecordAccounts(
        model_name=MODEL_NAME,
        model_version=MODEL_VERSION,
        params_name=params.name,
        params_version=params.version,
        currency=params.currency,
        actors=params.actor_keys,
        person_years=int(observed.sum()),
        flows_by_year=flows,
        npv_by_person=npv,
    )


def _accounts(
    states: IntArray, net: FloatArray, schedule: DiscountSchedule
) -> tuple[FloatArray, FloatArray]:
    """(years, actors) flows and (persons, actors) NPVs, by counting state occupancy."""
    persons, years = states.shape
    size = net.shape[0]
    if states.size and (states.min() < OUTSIDE or states.max() >= size):
        raise ValueError(f"state indices must be -1 (outside) or 0 … {size - 1}")
    # Column `size` is the zero-flow "outside" state, so -1 maps to it.
    padded = np.vstack([net, np.zeros((1, net.shape[1]))])
    index = np.where(states == OUTSIDE, size, states).astype(np.int64)
    year_counts = (
        np.bincount(
            (np.arange(years, dtype=np.int64) * (size + 1) + index).ravel(),
            minlength=years * (size + 1),
        )
        .reshape(years, size + 1)
        .astype(np.float64)
    )
    weights = np.broadcast_to(schedule.factors(years), states.shape).ravel()
    person_weights: FloatArray = np.bincount(
        (np.arange(persons, dtype=np.int64)[:, None] * (size + 1) + index).ravel(),
        weights=weights,
        minlength=persons * (size + 1),
    ).reshape(persons, size + 1)  # type: ignore[assignment]  # float with weights=
    flows: FloatArray = year_counts @ padded
    npv: FloatArray = person_weights @ padded
    return flows, npv
