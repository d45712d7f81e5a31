"""Shapes of impact data in the API.

No ``from __future__ import annotations``: ninja needs the annotations evaluated.
"""

from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, StringConstraints

from brygga.people.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, RowId

from .models import Basis, DiscountChoice

_NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(max_length=200, pattern=_NO_NUL)]
LongText = Annotated[str, StringConstraints(max_length=10_000, pattern=_NO_NUL)]
Key = Annotated[str, StringConstraints(max_length=50, pattern=r"^[a-z0-9_]+$")]
Rate = Annotated[float, Field(ge=0.0, le=1.0)]
Money = Annotated[float, Field(ge=0.0, le=1e13)]

__all__ = ["READ_ERRORS", "WRITE_ERRORS", "ErrorOut"]


class ParameterSetOut(Schema):
    id: int
    key: str
    version: str
    label: str
    currency: str
    country: str
    organisation: int | None = Field(None, alias="organisation_id")
    based_on: int | None = Field(None, alias="based_on_id")


class InputOut(Schema):
    name: str
    label: str
    unit: str
    value: float
    default: float
    source: str
    publisher: str
    year: int | None
    assumption: bool
    note: str
    overridden: bool
    reason: str


class ParameterSetDetailOut(ParameterSetOut):
    inputs: list[InputOut]


class OverrideIn(Schema):
    value: float = Field(..., allow_inf_nan=False)
    reason: LongText = Field(
        ..., min_length=1, description="Why your organisation uses another value."
    )
    source: Text = ""
    year: int | None = Field(None, ge=1990, le=2100)


class ScenarioIn(Schema):
    """The kernel's scenario fields; see docs/algorithms/impact.md."""

    organisation: RowId | None = Field(
        None, description="Needed only when you edit for several organisations."
    )
    name: Text = Field(..., min_length=1)
    description: LongText = ""
    parameter_set: RowId
    basis: Basis = Basis.ASSUMPTIONS
    project: RowId | None = None
    target_group: Text = ""
    persons: int = Field(100, ge=0, le=10_000_000)
    start_state: Key = "income_support"
    start_age: int = Field(25, ge=0, le=64)
    horizon_years: int = Field(10, ge=1, le=65)
    success_state: Key = "full_time_job"
    success_rate: Rate = 0.3
    persistence: Rate = 0.9
    counterfactual_rate: Rate = 0.0
    deadweight: Rate = 0.0
    attribution: Rate = 0.0
    displacement: Rate = 0.0
    drop_off: Rate = 0.0
    optimism_bias_costs: float = Field(0.0, ge=0.0, le=10.0)
    optimism_bias_benefits: Rate = 0.0
    cost_start_up: Money = 0.0
    cost_per_participant: Money = 0.0
    cost_per_year: Money = 0.0
    cost_years: int = Field(1, ge=0, le=65)
    paid_by: dict[Key, Rate] = Field(
        default_factory=dict, description="Cost shares per actor, summing to 1."
    )
    discount: DiscountChoice = DiscountChoice.CONSTANT
    discount_rate: float = Field(0.035, ge=0.0, le=0.2)
    ranges: dict[Key, tuple[float, float]] = Field(
        default_factory=dict, description="Low and high value per scenario parameter."
    )
    draws: int = Field(2000, ge=0, le=100_000)
    seed: int = Field(1, ge=0, le=2**31 - 1)


class ScenarioOut(Schema):
    id: int
    organisation: int = Field(..., alias="organisation_id")
    name: str
    description: str
    parameter_set: int = Field(..., alias="parameter_set_id")
    basis: str
    project: int | None = Field(None, alias="project_id")
    target_group: str
    persons: int
    start_state: str
    start_age: int
    horizon_years: int
    success_state: str
    success_rate: float
    persistence: float
    counterfactual_rate: float
    deadweight: float
    attribution: float
    displacement: float
    drop_off: float
    optimism_bias_costs: float
    optimism_bias_benefits: float
    cost_start_up: float
    cost_per_participant: float
    cost_per_year: float
    cost_years: int
    paid_by: dict[str, float]
    discount: str
    discount_rate: float
    ranges: dict[str, Any]
    draws: int
    seed: int


class ResultSummaryOut(Schema):
    id: int
    scenario: int = Field(..., alias="scenario_id")
    status: str
    model_name: str
    model_version: str
    params_name: str
    params_version: str
    npv: float | None
    payback_year: int | None
    error: str


class ResultOut(Schema):
    id: int
    scenario: int = Field(..., alias="scenario_id")
    status: str
    model_name: str
    model_version: str
    params_name: str
    params_version: str
    npv: float | None
    payback_year: int | None
    error: str
    data: dict[str, Any]
