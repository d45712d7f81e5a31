"""Published figures reproduced by the documented scenario files in docs/scenarios/."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from brygga.impact.kernel import (
    MODEL_NAME,
    MODEL_VERSION,
    Cohort,
    SuccessRate,
    run,
    run_scenario_file,
    scenario_from_dict,
)

SCENARIOS = Path(__file__).resolve().parents[3] / "docs" / "scenarios"
COHORT = SCENARIOS / "cohort-cost-of-exclusion.json"
KORA = SCENARIOS / "dk-per-person-gain.json"


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.json")), ids=lambda p: p.stem)
def test_every_scenario_file_reproduces_its_published_figures(path: Path) -> None:
    outcome = run_scenario_file(path)
    assert outcome.checks, "a documented scenario must state what it reproduces"
    failed = [check for check in outcome.checks if not check.ok]
    assert not failed
    document = json.loads(json.dumps(outcome.to_dict()))  # JSON-ready for the CLI
    assert document["model"] == {"name": MODEL_NAME, "version": MODEL_VERSION}


def test_cohort_cost_of_exclusion_varmdo() -> None:
    exclusion = run_scenario_file(COHORT).result.exclusion
    assert exclusion is not None
    assert exclusion.persons == 75  # 585 × 12.8 % = 74.88
    assert exclusion.lifetime_years == 45
    assert math.isclose(exclusion.per_person_lifetime.sum(), 15_750_000)
    assert math.isclose(exclusion.cohort_lifetime.sum(), 1_181_250_000)
    municipality = exclusion.cohort_lifetime[0]
    assert 400e6 < municipality < 420e6  # "a little over SEK 400 million"


def test_cohort_cost_of_exclusion_skovde() -> None:
    scenario, params = scenario_from_dict(json.loads(COHORT.read_text(encoding="utf-8")))
    skovde = replace(
        scenario,
        cohort=Cohort.from_population(539, 0.128, start_state="long_term_exclusion", start_age=20),
    )
    exclusion = run(skovde, params).exclusion
    assert exclusion is not None
    assert exclusion.persons == 69
    assert round(exclusion.cohort_lifetime.sum() / 1e8) / 10 == 1.1  # "about SEK 1.1 billion"


def test_kora_per_person_gain_over_six_years_at_three_percent() -> None:
    outcome = run_scenario_file(KORA)
    [row] = outcome.sensitivity.rows
    assert row.name == "gain_per_year"
    assert (row.low, row.high) == (122_000, 136_000)
    assert round(row.npv_low, -4) == 680_000
    assert round(row.npv_high, -4) == 760_000
    exclusion = outcome.result.exclusion
    assert exclusion is not None
    assert exclusion.per_person_year.sum() == 129_000
    assert outcome.result.payback_year == 0
    assert outcome.monte_carlo is not None
    assert outcome.monte_carlo.probability_positive == 1.0


def test_kora_flex_job() -> None:
    scenario, params = scenario_from_dict(json.loads(KORA.read_text(encoding="utf-8")))
    flex = replace(scenario, outcome=SuccessRate(success_state="flex_job"))
    npv = run(flex, params).npv
    assert 230_000 < npv <= 235_000  # "up to DKK 42 thousand a year, 235 thousand over 6 years"


def test_params_can_be_replaced_by_name(tmp_path: Path) -> None:
    data = json.loads(KORA.read_text(encoding="utf-8"))
    (tmp_path / "kora.json").write_text(json.dumps(data["params"]), encoding="utf-8")
    data["params"] = "kora"
    _, params = scenario_from_dict(data, params_dir=tmp_path)
    assert params.name == "kora-2015-gain"
