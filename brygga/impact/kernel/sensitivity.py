"""One-way sensitivity: each uncertain quantity at its low and high value, the
rest at base, for a tornado chart. All 2K+1 cases run as one batch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .accounts import MODEL_NAME, MODEL_VERSION, Model, evaluate
from .montecarlo import Evaluator
from .scenario import Scenario
from .states import ParameterSet


@dataclass(frozen=True)
class TornadoRow:
    """NPV with one quantity at its low and at its high value."""

    name: str
    label: str
    low: float
    high: float
    npv_low: float
    npv_high: float

    @property
    def swing(self) -> float:
        """Width of the bar: |NPV(high) - NPV(low)|."""
        return abs(self.npv_high - self.npv_low)


@dataclass(frozen=True)
class Sensitivity:
    """Tornado rows sorted by swing, widest first."""

    model_name: str
    model_version: str
    scenario_name: str
    base_npv: float
    rows: tuple[TornadoRow, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready tornado."""
        return {
            "model": {"name": self.model_name, "version": self.model_version},
            "scenario": self.scenario_name,
            "base_npv": self.base_npv,
            "rows": [
                {
                    "name": row.name,
                    "label": row.label,
                    "low": row.low,
                    "high": row.high,
                    "npv_low": row.npv_low,
                    "npv_high": row.npv_high,
                    "swing": row.swing,
                }
                for row in self.rows
            ],
        }


def one_way(scenario: Scenario, params: ParameterSet) -> Sensitivity:
    """Vary every quantity that has low/high bounds or a distribution (P5/P95), one at a time."""
    return one_way_model(Model.build(scenario, params))


def one_way_model(model: Model, evaluator: Evaluator = evaluate) -> Sensitivity:
    """One-way sensitivity of a built model (``evaluator``: assumptions or records)."""
    scenario = model.scenario
    quantities = model.quantities
    bounded = [
        (name, bounds)
        for name, quantity in sorted(quantities.items())
        if (bounds := quantity.sensitivity_bounds()) is not None
    ]
    cases = 1 + 2 * len(bounded)
    values = {name: np.full(cases, q.value) for name, q in quantities.items()}
    for k, (name, (low, high)) in enumerate(bounded):
        values[name][1 + 2 * k] = low
        values[name][2 + 2 * k] = high
    npv = evaluator(model, values).npv_by_actor.sum(axis=1)
    rows = [
        TornadoRow(
            name=name,
            label=quantities[name].label or name,
            low=low,
            high=high,
            npv_low=float(npv[1 + 2 * k]),
            npv_high=float(npv[2 + 2 * k]),
        )
        for k, (name, (low, high)) in enumerate(bounded)
    ]
    rows.sort(key=lambda row: row.swing, reverse=True)
    return Sensitivity(
        model_name=MODEL_NAME,
        model_version=MODEL_VERSION,
        scenario_name=scenario.name,
        base_npv=float(npv[0]),
        rows=tuple(rows),
    )
