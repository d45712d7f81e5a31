"""Parameter-set files and the flow expression language."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from brygga.impact.kernel import (
    COMPONENTS,
    ParameterSetError,
    Quantity,
    available_parameter_sets,
    differences,
    load_parameter_set,
    parameter_set_from_dict,
)
from brygga.impact.kernel.expressions import ExpressionError, parse_expression
from brygga.impact.kernel.params import PARAMS_DIR

STATES = {
    "income_support",
    "unemployment_benefit",
    "activity_support",
    "sickness_benefit",
    "neet",
    "studies",
    "subsidised_job",
    "small_job",
    "part_time_job",
    "full_time_job",
}


@pytest.mark.parametrize("name", ["se-2025", "dk-2023"])
def test_shipped_sets_load_with_provenance(name: str) -> None:
    params = load_parameter_set(name)
    assert set(params.state_keys) == STATES
    for quantity in params.inputs.values():
        assert quantity.source and quantity.publisher
        assert quantity.year is not None
        if quantity.publisher == "Brygga":
            assert quantity.assumption, f"{quantity.name} is Brygga's number but not marked"
        if quantity.assumption:
            assert quantity.note, f"assumption {quantity.name} does not say why"


def test_shipped_sets_and_currencies() -> None:
    assert available_parameter_sets() == ["dk-2023", "se-2025"]
    se, dk = load_parameter_set("se-2025"), load_parameter_set("dk-2023")
    assert (se.currency, dk.currency) == ("SEK", "DKK")
    assert se.actor_keys == (
        "municipality",
        "region",
        "employment_service",
        "social_insurance",
        "other_state",
        "individual",
    )
    assert dk.actor_keys == ("kommune", "region", "stat", "individual")


def test_reference_figures_are_in_the_swedish_set() -> None:
    inputs = load_parameter_set("se-2025").inputs
    assert inputs["income_support_per_household_year"].value == 75045
    assert round(10_915_807_000 / 145_456) == 75045
    assert inputs["local_income_tax_rate"].value == 0.3237
    assert inputs["employer_contribution_rate"].value == 0.3142
    assert inputs["activity_support_per_day"].value == 365
    assert not inputs["income_support_per_household_year"].assumption


@pytest.mark.parametrize("name", ["se-2025", "dk-2023"])
def test_transfers_and_taxes_cancel_between_actors(name: str) -> None:
    flows = load_parameter_set(name).flow_array()[0]  # (states, actors, components)
    for component in ("transfers_paid", "taxes_received"):
        totals = flows[:, :, COMPONENTS.index(component)].sum(axis=1)
        assert np.allclose(totals, 0.0, atol=1e-6), component


@pytest.mark.parametrize("name", ["se-2025", "dk-2023"])
def test_work_pays_for_society(name: str) -> None:
    params = load_parameter_set(name)
    society = params.net_array()[0].sum(axis=1)
    index = params.state_index
    assert society[index("full_time_job")] > society[index("part_time_job")]
    assert society[index("part_time_job")] > society[index("small_job")]
    assert society[index("small_job")] > society[index("income_support")]


def test_an_override_flows_through_every_expression() -> None:
    params = load_parameter_set("se-2025")
    own = params.with_inputs(
        {
            "income_support_per_household_year": params.inputs[
                "income_support_per_household_year"
            ].with_value(90_000)
        }
    )
    column = params.actor_keys.index("municipality")
    state = params.state_index("income_support")
    before = params.flow_array()[0, state, column, 0]
    after = own.flow_array()[0, state, column, 0]
    assert (before, after) == (75045, 90_000)
    [changed] = differences(own, params)
    assert (changed.name, changed.default, changed.value) == (
        "income_support_per_household_year",
        75045,
        90_000,
    )


def _minimal(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "brygga-impact-params/1",
        "name": "minimal",
        "version": "1",
        "currency": "SEK",
        "actors": [{"key": "municipality"}],
        "inputs": {"x": {"value": 1, "source": "s", "publisher": "p", "year": 2025}},
        "states": [{"key": "a", "flows": {"municipality": {"service_costs": "x"}}}],
    }
    data.update(changes)
    return data


def test_provenance_is_required() -> None:
    parameter_set_from_dict(_minimal())
    with pytest.raises(ParameterSetError, match="lacks publisher"):
        parameter_set_from_dict(_minimal(inputs={"x": {"value": 1, "source": "s", "year": 1}}))
    with pytest.raises(ParameterSetError, match="year"):
        parameter_set_from_dict(
            _minimal(inputs={"x": {"value": 1, "source": "s", "publisher": "p"}})
        )
    no_year = {"value": 1, "source": "s", "publisher": "p", "year": None, "note": "undated"}
    parameter_set_from_dict(_minimal(inputs={"x": no_year}))


def test_malformed_sets_are_refused() -> None:
    with pytest.raises(ParameterSetError, match="format"):
        parameter_set_from_dict(_minimal(format="other"))
    bad_actor = [{"key": "a", "flows": {"nobody": {"service_costs": "x"}}}]
    with pytest.raises(ParameterSetError, match="unknown actor"):
        parameter_set_from_dict(_minimal(states=bad_actor))
    bad_input = [{"key": "a", "flows": {"municipality": {"service_costs": "y"}}}]
    with pytest.raises(ParameterSetError, match="unknown inputs"):
        parameter_set_from_dict(_minimal(states=bad_input))
    bad_component = [{"key": "a", "flows": {"municipality": {"profit": "x"}}}]
    with pytest.raises(ParameterSetError, match="unknown component"):
        parameter_set_from_dict(_minimal(states=bad_component))


@pytest.mark.parametrize(
    "text",
    ["__import__('os')", "x.real", "x ** 2", "[x]", "abs(x)", "x if x else 1", "'a'", "True"],
)
def test_expressions_refuse_anything_but_arithmetic(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse_expression(text)


def test_expressions_evaluate_vectorised() -> None:
    expression = parse_expression("max(a - b, 0) * 12 + min(a, 2) / -2")
    assert expression.names == {"a", "b"}
    values = {"a": np.array([1.0, 5.0]), "b": np.array([2.0])}
    assert np.allclose(expression.evaluate(values), [0 * 12 - 0.5, 3 * 12 - 1.0])
    assert parse_expression(3).evaluate({})[0] == 3.0


def test_shipped_files_are_tidy_json() -> None:
    for path in PARAMS_DIR.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert path.stem == data["name"]
        assert text.endswith("\n")


def test_quantity_keeps_provenance_when_overridden() -> None:
    quantity = Quantity(name="x", value=1.0, source="s", publisher="p", year=2024)
    assert quantity.with_value(2.0).source == "s"
