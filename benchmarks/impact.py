"""Benchmark of the impact kernel against a plain per-person Python loop.

Run: .venv/bin/python benchmarks/impact.py

1. Monte Carlo: a 1 000-person scenario, 40-year horizon, 8 actors, 10 000 draws
   (target < 1 s). Uncertain: success rate (beta), deadweight (triangular),
   yearly cost (normal), and two inputs of the parameter set (uniform, normal),
   so every draw has its own state flows.
2. Records: accounts for 1 000 000 participant-years (25 000 persons × 50 years,
   each observed 30–50 years) against a counterfactual state (target < 5 s).

The baselines loop over draws, persons, years and actors in plain Python. They
run on a subsample (stated in the output) and are scaled linearly; their numbers
are asserted equal to the kernel's on that subsample.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from brygga.impact.kernel import (
    UK_GREEN_BOOK,
    Cohort,
    Costs,
    Distribution,
    Model,
    ParameterSet,
    Quantity,
    Scenario,
    SuccessRate,
    accounts_from_states,
    monte_carlo,
    parameter_set_from_dict,
    scenario_parameter,
)
from brygga.impact.kernel.montecarlo import draw_values

ACTORS = 8
STATES = 10
PERSONS = 1_000
HORIZON = 40
DRAWS = 10_000
BASELINE_DRAWS = 10
RECORD_PERSONS = 25_000
RECORD_YEARS = 50
BASELINE_PERSONS = 1_000


def parameter_set() -> ParameterSet:
    """8 actors, 10 states; flows are expressions over a wage and a benefit level."""
    source = {"source": "benchmark", "publisher": "Brygga", "year": 2025, "assumption": True,
              "note": "synthetic"}  # fmt: skip
    states: list[dict[str, Any]] = []
    for s in range(STATES):
        flows: dict[str, dict[str, str]] = {}
        for a in range(ACTORS - 1):
            flows[f"actor{a}"] = {
                "transfers_paid": f"benefit * {(STATES - s) / STATES / ACTORS:.4f}",
                "service_costs": f"{1000 * (a + 1) * (STATES - s)}",
                "taxes_received": f"wage * {s / STATES * 0.04:.4f}",
            }
        flows[f"actor{ACTORS - 1}"] = {
            "transfers_paid": f"-benefit * {(STATES - s) / STATES * (ACTORS - 1) / ACTORS:.4f}",
            "taxes_received": f"-wage * {s / STATES * 0.04 * (ACTORS - 1):.4f}",
            "production_value": f"wage * {s / (STATES - 1):.4f}",
        }
        states.append({"key": f"s{s}", "flows": flows})
    return parameter_set_from_dict(
        {
            "format": "brygga-impact-params/1",
            "name": "benchmark",
            "version": "1",
            "currency": "SEK",
            "actors": [{"key": f"actor{a}"} for a in range(ACTORS)],
            "inputs": {
                "wage": {
                    "value": 400_000,
                    **source,
                    "distribution": {"kind": "normal", "mean": 400_000, "sd": 40_000},
                },
                "benefit": {
                    "value": 100_000,
                    **source,
                    "distribution": {"kind": "uniform", "low": 80_000, "high": 120_000},
                },
            },
            "states": states,
        }
    )


def scenario() -> Scenario:
    """1 000 persons from state s0 to s9, 40 years, Green Book discounting."""

    def q(name: str, value: float, distribution: Distribution | None = None) -> Quantity:
        return scenario_parameter(name, Quantity(name=name, value=value, distribution=distribution))

    return Scenario(
        name="benchmark",
        cohort=Cohort(persons=PERSONS, start_state="s0", start_age=25),
        outcome=SuccessRate(success_state=f"s{STATES - 1}"),
        costs=Costs(paid_by={"actor0": 0.6, "actor1": 0.4}, years=3),
        horizon_years=HORIZON,
        discount=UK_GREEN_BOOK,
        parameters={
            "success_rate": q("success_rate", 0.3, Distribution(kind="beta", alpha=3, beta=7)),
            "persistence": q("persistence", 0.9),
            "counterfactual_rate": q("counterfactual_rate", 0.05),
            "deadweight": q(
                "deadweight", 0.2, Distribution(kind="triangular", low=0.1, mode=0.2, high=0.4)
            ),
            "drop_off": q("drop_off", 0.02),
            "cost_start_up": q("cost_start_up", 2e6),
            "cost_per_participant": q("cost_per_participant", 30_000),
            "cost_per_year": q("cost_per_year", 5e6, Distribution(kind="normal", mean=5e6, sd=1e6)),
        },
    )


def baseline_monte_carlo(model: Model, values: dict[str, np.ndarray], draws: int) -> list[float]:
    """NPV per draw, looping over draws, persons, years and actors."""
    scenario, params = model.scenario, model.params
    start = params.state_index(scenario.cohort.start_state)
    success = params.state_index(f"s{STATES - 1}")
    factors = scenario.discount.factors(HORIZON).tolist()
    shares = model.cost_shares.tolist()
    result = []
    for d in range(draws):
        v = {name: float(array[d if len(array) > 1 else 0]) for name, array in values.items()}
        net = params.net_array({name: np.array([x]) for name, x in v.items()})[0].tolist()
        gain = [net[success][a] - net[start][a] for a in range(ACTORS)]
        keep = (1 - v["deadweight"]) * (1 - v["attribution"]) * (1 - v["displacement"])
        keep *= 1 - v["optimism_bias_benefits"]
        npv = 0.0
        for _person in range(int(scenario.cohort.persons)):
            for t in range(HORIZON):
                share = (v["success_rate"] - v["counterfactual_rate"]) * v["persistence"] ** t
                weight = share * keep * (1 - v["drop_off"]) ** t * factors[t]
                for a in range(ACTORS):
                    npv += weight * gain[a]
        for t in range(HORIZON):
            cost = v["cost_per_year"] * (t < scenario.costs.years)
            if t == 0:
                cost += v["cost_start_up"] + v["cost_per_participant"] * scenario.cohort.persons
            cost *= 1 + v["optimism_bias_costs"]
            for a in range(ACTORS):
                npv -= cost * shares[a] * factors[t]
        result.append(npv)
    return result


def record_states(rng: np.random.Generator) -> np.ndarray:
    """25 000 persons × 50 years: a random walk between states, each person observed
    for 30–50 years (40 on average, exactly 1 000 000 participant-years), -1 after."""
    steps = rng.integers(-1, 2, size=(RECORD_PERSONS, RECORD_YEARS))
    states = np.clip(np.cumsum(steps, axis=1), 0, STATES - 1)
    half = rng.integers(30, 51, RECORD_PERSONS // 2)
    lengths = rng.permutation(np.concatenate([half, 80 - half]))[:, None]
    return np.where(np.arange(RECORD_YEARS) < lengths, states, -1)


def baseline_records(
    states: np.ndarray, net: list[list[float]], factors: list[float], counterfactual: int
) -> tuple[np.ndarray, np.ndarray]:
    """Yearly flows and per-person NPV, looping over persons, years and actors."""
    persons, years = states.shape
    flows = [[0.0] * ACTORS for _ in range(years)]
    npv = [[0.0] * ACTORS for _ in range(persons)]
    rows = states.tolist()
    for p in range(persons):
        for y in range(years):
            s = rows[p][y]
            if s < 0:
                continue
            for a in range(ACTORS):
                value = net[s][a] - net[counterfactual][a]
                flows[y][a] += value
                npv[p][a] += value * factors[y]
    return np.array(flows), np.array(npv)


def timed(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """Result and wall-clock seconds of one call."""
    begin = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - begin


def main() -> None:
    params, case = parameter_set(), scenario()
    monte_carlo(case, params, draws=100, seed=0)  # warm-up (imports, caches)

    mc, mc_seconds = timed(monte_carlo, case, params, draws=DRAWS, seed=42)
    model = Model.build(case, params)
    values, _ = draw_values(model, DRAWS, 42)
    loop_npv, loop_seconds = timed(baseline_monte_carlo, model, values, BASELINE_DRAWS)
    assert np.allclose(mc.npv[:BASELINE_DRAWS], loop_npv, rtol=1e-9)
    mc_baseline = loop_seconds * DRAWS / BASELINE_DRAWS

    rng = np.random.default_rng(7)
    states = record_states(rng)
    income_support = 0
    accounts, records_seconds = timed(
        accounts_from_states, states, params, UK_GREEN_BOOK, counterfactual=income_support
    )
    sample = states[:BASELINE_PERSONS]
    (loop_flows, loop_person_npv), sample_seconds = timed(
        baseline_records,
        sample,
        params.net_array()[0].tolist(),
        UK_GREEN_BOOK.factors(RECORD_YEARS).tolist(),
        income_support,
    )
    assert np.allclose(accounts.npv_by_person[:BASELINE_PERSONS], loop_person_npv, rtol=1e-9)
    sample_accounts = accounts_from_states(
        sample, params, UK_GREEN_BOOK, counterfactual=income_support
    )
    assert np.allclose(sample_accounts.flows_by_year, loop_flows, rtol=1e-9)
    records_baseline = sample_seconds * RECORD_PERSONS / BASELINE_PERSONS

    print("Impact kernel benchmark (times in seconds, one run each)")
    print()
    header = f"{'case':<60}{'kernel':>8}{'loop':>9}{'ratio':>9}{'target':>8}"
    print(header)
    print("-" * len(header))
    rows = [
        (
            "Monte Carlo: 1 000 persons, 40 y, 8 actors, 10 000 draws",
            mc_seconds,
            mc_baseline,
            "< 1",
        ),
        (
            f"Records: {accounts.person_years:_} participant-years, 8 actors".replace("_", " "),
            records_seconds,
            records_baseline,
            "< 5",
        ),
    ]
    for label, kernel, loop, target in rows:
        print(f"{label:<60}{kernel:>8.3f}{loop:>9.1f}{loop / kernel:>8.0f}×{target:>8}")
    print()
    print(
        f"Loop times are scaled from a subsample: {BASELINE_DRAWS} of {DRAWS} draws "
        f"({loop_seconds:.2f} s) and {BASELINE_PERSONS} of {RECORD_PERSONS} persons "
        f"({sample_seconds:.2f} s); their results equal the kernel's on that subsample."
    )
    print(
        f"Monte Carlo NPV: P5 {mc.percentiles['p5'] / 1e6:,.1f} M, "
        f"P50 {mc.percentiles['p50'] / 1e6:,.1f} M, P95 {mc.percentiles['p95'] / 1e6:,.1f} M, "
        f"P(NPV > 0) = {mc.probability_positive:.3f}"
    )
    print(f"Records NPV against income support: {accounts.npv / 1e9:,.2f} billion")
    print(f"Model {mc.model_name} {mc.model_version}")


if __name__ == "__main__":
    main()
