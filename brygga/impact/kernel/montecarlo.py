"""Monte Carlo: draw every quantity that carries a distribution, N times at once.

The draws come from a seeded ``numpy.random.Generator`` in a fixed order (the
sorted quantity names), so a seed reproduces a run. Quantities without a
distribution stay at their base value. The draws are evaluated in chunks to
keep memory bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .accounts import MODEL_NAME, MODEL_VERSION, Evaluation, Model, evaluate
from .scenario import Scenario
from .states import ParameterSet

FloatArray = NDArray[np.float64]
#: Computes a batch of draws: ``accounts.evaluate`` or a records evaluator.
Evaluator = Callable[[Model, Mapping[str, FloatArray]], Evaluation]
PERCENTILES = (5.0, 50.0, 95.0)
CHUNK = 4096


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Distribution of the NPV over ``draws`` draws (P5/P50/P95 and P(NPV > 0))."""

    model_name: str
    model_version: str
    scenario_name: str
    draws: int
    seed: int
    varied: tuple[str, ...]
    actors: tuple[str, ...]
    npv: FloatArray
    npv_by_actor_percentiles: FloatArray
    cumulative_npv_percentiles: FloatArray

    @property
    def percentiles(self) -> dict[str, float]:
        """P5, P50 and P95 of the total NPV."""
        values = np.percentile(self.npv, PERCENTILES)
        return {f"p{p:g}": float(value) for p, value in zip(PERCENTILES, values, strict=True)}

    @property
    def probability_positive(self) -> float:
        """Share of draws with NPV > 0."""
        return float(np.mean(self.npv > 0))

    @property
    def mean(self) -> float:
        """Mean NPV over the draws."""
        return float(self.npv.mean())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (not the draws themselves)."""
        names = [f"p{p:g}" for p in PERCENTILES]
        return {
            "model": {"name": self.model_name, "version": self.model_version},
            "scenario": self.scenario_name,
            "draws": self.draws,
            "seed": self.seed,
            "varied": list(self.varied),
            "npv": {**self.percentiles, "mean": self.mean},
            "probability_npv_positive": self.probability_positive,
            "npv_by_actor": {
                actor: dict(zip(names, self.npv_by_actor_percentiles[:, a].tolist(), strict=True))
                for a, actor in enumerate(self.actors)
            },
            "cumulative_npv_band": {
                name: self.cumulative_npv_percentiles[i].tolist() for i, name in enumerate(names)
            },
        }


def draw_values(model: Model, draws: int, seed: int) -> tuple[dict[str, FloatArray], list[str]]:
    """Arrays of draws for every quantity (length 1 for the fixed ones) and the varied names."""
    rng = np.random.default_rng(seed)
    values = model.base_values()
    varied = []
    for name, quantity in sorted(model.quantities.items()):
        if quantity.distribution is not None:
            values[name] = quantity.sample(rng, draws)
            varied.append(name)
    return values, varied


def monte_carlo(
    scenario: Scenario, params: ParameterSet, *, draws: int = 10_000, seed: int = 0
) -> MonteCarloResult:
    """Run ``draws`` draws of the scenario and summarise the NPV."""
    return monte_carlo_model(Model.build(scenario, params), draws=draws, seed=seed)


def monte_carlo_model(
    model: Model, *, draws: int, seed: int, evaluator: Evaluator = evaluate
) -> MonteCarloResult:
    """Monte Carlo of a built model; ``evaluator`` computes a batch (assumptions or records)."""
    if draws < 1:
        raise ValueError("Monte Carlo needs at least one draw")
    scenario, params = model.scenario, model.params
    values, varied = draw_values(model, draws, seed)
    npv_parts, by_actor_parts, cumulative_parts = [], [], []
    for begin in range(0, draws, CHUNK):
        chunk = {
            name: array if len(array) == 1 else array[begin : begin + CHUNK]
            for name, array in values.items()
        }
        batch = evaluator(model, chunk)
        size = min(CHUNK, draws - begin)
        by_actor = np.broadcast_to(batch.npv_by_actor, (size, len(params.actors)))
        by_actor_parts.append(by_actor)
        npv_parts.append(by_actor.sum(axis=1))
        cumulative_parts.append(
            np.broadcast_to(batch.cumulative_npv, (size, scenario.horizon_years))
        )
    return MonteCarloResult(
        model_name=MODEL_NAME,
        model_version=MODEL_VERSION,
        scenario_name=scenario.name,
        draws=draws,
        seed=seed,
        varied=tuple(varied),
        actors=params.actor_keys,
        npv=np.concatenate(npv_parts),
        npv_by_actor_percentiles=np.percentile(np.concatenate(by_actor_parts), PERCENTILES, axis=0),
        cumulative_npv_percentiles=np.percentile(
            np.concatenate(cumulative_parts), PERCENTILES, axis=0
        ),
    )
