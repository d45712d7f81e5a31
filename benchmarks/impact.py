"""Benchmark of the impact kernel against a plain per-person Python loop.

Run: .venv/bin/python benchmarks/impact.py

1. Monte Carlo: a 1 000-person scenario, 40-year horizon, 8 actors, 10 000 draws
   (target < 1 s). Uncertain: success rate (beta), deadweight (triangular),
   yearly cost (normal), and two inputs of the parameter set (uniform, normal),
   so every draw has its own state flows.
2. Records: accounts for 1 000 000 participant-years (25 000 persons × 50 years,
   each observed 30–50 years) against a counterfactual state (target < 5 s).
3. Records from the database: 20 000 synthetic participants with journeys
   (enrolment, an activity, most with an exit, some follow-ups) in a scratch
   SQLite database, a records scenario from age 15 (50-year horizon, 1 000 000
   participant-years, observed ones read from the journeys, the rest projected).
   Timed: reading the journeys and deriving each person's yearly states (one
   query per table with prefetching) and the kernel's projected accounts. The
   baseline reads per person (a query per participant's enrolments, activities
   and follow-ups) and computes the accounts in a plain loop; on a 500-person
   subsample its NPV per actor equals the application's.

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


DB_PERSONS = 20_000
DB_BASELINE_PERSONS = 500


def database_records() -> list[tuple[str, float, float, str]]:
    """Rows of the database case (see the module docstring)."""
    import datetime
    import os
    import random
    import tempfile
    import uuid

    scratch = tempfile.mkdtemp(prefix="brygga-bench-")
    os.environ["BRYGGA_VAR_DIR"] = scratch
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brygga.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from brygga.core.models import Organisation
    from brygga.impact import kernel, paths, services
    from brygga.impact.models import Basis, Scenario
    from brygga.journeys.models import Activity, Enrolment, FollowUp
    from brygga.people.models import Participant
    from brygga.projects.models import Project

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    today = datetime.date(2026, 11, 26)
    organisation = Organisation.objects.create(name="Benchmark kommun", kind="municipality")
    sample_project, main_project = (
        Project.objects.create(owner=organisation, name=name, start_date=datetime.date(2019, 1, 1))
        for name in ("Sample", "Main")
    )
    people, enrolments, activities, follow_ups = [], [], [], []
    for i in range(DB_PERSONS):
        person = Participant(
            id=uuid.UUID(int=rng.getrandbits(128)),
            organisation=organisation,
            first_name="P",
            last_name=str(i),
            income_support=rng.random() < 0.7,
        )
        people.append(person)
        entry = today - datetime.timedelta(days=rng.randint(30, 6 * 365))
        exited = rng.random() < 0.6
        exit_date = min(entry + datetime.timedelta(days=rng.randint(90, 700)), today)
        outcome = rng.choice(["work", "work", "studies", "job_seeking", "other"])
        enrolment = Enrolment(
            participant=person,
            project=sample_project if i < DB_BASELINE_PERSONS else main_project,
            entry_date=entry,
            last_entry_date=entry,
            income_sources_before=[rng.choice(["income_support", "sickness_benefit", "none"])],
            exit_date=exit_date if exited else None,
            exit_outcome=outcome if exited else "",
            income_sources_after=["salary"] if exited and outcome == "work" else [],
        )
        enrolments.append(enrolment)
        start = entry + datetime.timedelta(days=10)
        end = start + datetime.timedelta(days=rng.randint(60, 200))
        if exited:
            end = min(end, exit_date)
        activities.append(
            Activity(
                enrolment=enrolment,
                kind=rng.choice(["job", "subsidised_job", "small_job", "training", "studies"]),
                start_date=min(start, end),
                end_date=end,
                hours_per_week=rng.choice([10, 20, 40]),
            )
        )
        due = exit_date + datetime.timedelta(days=182)
        if exited and due <= today and rng.random() < 0.5:
            follow_ups.append(
                FollowUp(
                    enrolment=enrolment,
                    kind="m6",
                    due_date=due,
                    completed_on=due,
                    situation=rng.choice(["work", "job_seeking", "other"]),
                )
            )
    Participant.objects.bulk_create(people, batch_size=2000)
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    Activity.objects.bulk_create(activities, batch_size=2000)
    FollowUp.objects.bulk_create(follow_ups, batch_size=2000)

    shipped = next(s for s in services.ensure_shipped_parameter_sets() if s.key == "se-2025")
    common = {
        "organisation": organisation,
        "parameter_set": shipped,
        "basis": Basis.RECORDS,
        "start_state": "income_support",
        "start_age": 15,
        "horizon_years": 50,
        "persistence": 0.9,
        "deadweight": 0.2,
        "drop_off": 0.02,
        "cost_per_participant": 50_000.0,
        "cost_per_year": 1_000_000.0,
        "cost_years": 3,
        "paid_by": {"municipality": 1.0},
        "discount": "uk-green-book",
    }
    everyone = Scenario.objects.create(name="All", **common)
    sample = Scenario.objects.create(name="Sample", project=sample_project, **common)
    params = services.kernel_parameter_set(shipped)
    work = [state for state in paths.WORK_STATES if state in params.state_keys]

    def application(scenario: Scenario) -> tuple[kernel.Result, float, float]:
        observed, read = timed(
            services.observed_paths, services.record_enrolments(scenario), params, scenario, today
        )
        model_scenario = services.kernel_scenario(scenario, params)
        result, accounts = timed(
            kernel.run_records,
            observed.states,
            observed.start,
            model_scenario,
            params,
            work_states=work,
        )
        return result, read, accounts

    services.observed_paths(services.record_enrolments(sample), params, sample, today)  # warm-up
    full, read_seconds, accounts_seconds = application(everyone)
    small, _, _ = application(sample)
    (loop_npv, loop_read, loop_accounts) = baseline_database(
        sample, params, today, work, sample_project.pk
    )
    assert np.allclose(small.npv_by_actor, loop_npv, rtol=1e-9, atol=1e-3)
    scale = DB_PERSONS / DB_BASELINE_PERSONS
    years = DB_PERSONS * 50
    print(
        f"Database case: {DB_PERSONS:_} persons, {years:_} participant-years, NPV "
        f"{full.npv / 1e9:,.2f} billion SEK".replace("_", " ")
    )
    return [
        (
            "DB records: read journeys, derive yearly states",
            read_seconds,
            loop_read * scale,
            "–",
        ),
        (
            "DB records: projected accounts, 1 000 000 participant-years",
            accounts_seconds,
            loop_accounts * scale,
            "< 5",
        ),
    ]


def baseline_database(
    scenario: Any, params: ParameterSet, today: Any, work: list[str], project_id: int
) -> tuple[np.ndarray, float, float]:
    """Per-person queries, then the projected accounts in a plain loop."""
    from brygga.impact import paths, services
    from brygga.people.models import Participant

    begin = time.perf_counter()
    index = {key: i for i, key in enumerate(params.state_keys)}
    rows: list[tuple[list[int], int]] = []
    for person in Participant.objects.filter(organisation=scenario.organisation).order_by("id"):
        enrolment = person.enrolments.filter(project_id=project_id).order_by("entry_date").first()
        if enrolment is None:
            continue
        enrolment.participant = person
        journey = services.journey_of(enrolment, scenario.start_state)
        states = paths.yearly_states(journey, today, scenario.horizon_years)
        rows.append(([-1 if s is None else index[s] for s in states], index[journey.start_state]))
    read = time.perf_counter() - begin

    begin = time.perf_counter()
    net = params.net_array()[0].tolist()
    actors = len(params.actors)
    horizon = scenario.horizon_years
    factors = services.kernel_scenario(scenario, params).discount.factors(horizon).tolist()
    work_index = {index[key] for key in work}
    scale = (1 - scenario.deadweight) * (1 - scenario.attribution) * (1 - scenario.displacement)
    scale *= 1 - scenario.optimism_bias_benefits
    npv = [0.0] * actors
    for path, start in rows:
        last_year = max((t for t, s in enumerate(path) if s >= 0), default=-1)
        last = path[last_year] if last_year >= 0 else start
        projected = 0
        for t in range(horizon):
            occupancy: dict[int, float] = {}
            if t <= last_year:
                occupancy[path[t]] = 1.0
            else:
                projected += 1
                stay = scenario.persistence ** (t - last_year) if last in work_index else 1.0
                occupancy[last] = occupancy.get(last, 0.0) + stay
                occupancy[start] = occupancy.get(start, 0.0) + 1.0 - stay
            occupancy[start] = occupancy.get(start, 0.0) - 1.0
            weight = scale * (1 - scenario.drop_off) ** projected * factors[t]
            for a in range(actors):
                npv[a] += weight * sum(share * net[s][a] for s, share in occupancy.items())
    persons = len(rows)
    shares = [scenario.paid_by.get(actor, 0.0) for actor in params.actor_keys]
    for t in range(horizon):
        cost = scenario.cost_per_year * (t < scenario.cost_years)
        if t == 0:
            cost += scenario.cost_start_up + scenario.cost_per_participant * persons
        cost *= 1 + scenario.optimism_bias_costs
        for a in range(actors):
            npv[a] -= cost * shares[a] * factors[t]
    return np.array(npv), read, time.perf_counter() - begin


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

    database_rows = database_records()
    print("Impact benchmark (times in seconds, one run each)")
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
    rows += database_rows
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
