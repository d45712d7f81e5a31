"""Socioeconomic impact kernel: pure Python + NumPy/SciPy, no Django.

What a person's way into work is worth, per actor (municipality, region, the
employment service, …, the individual) and year: deterministic accounts, Monte
Carlo bands, one-way sensitivity, and accounts from person × year state
records. Every result carries :data:`MODEL_NAME` and :data:`MODEL_VERSION`.
See docs/algorithms/impact.md.
"""

from .accounts import (
    MODEL_NAME,
    MODEL_VERSION,
    CostOfExclusion,
    Evaluation,
    Model,
    Result,
    evaluate,
    payback_year,
    run,
)
from .montecarlo import MonteCarloResult, monte_carlo, monte_carlo_model
from .params import (
    PARAMS_DIR,
    ParameterSetError,
    available_parameter_sets,
    differences,
    load_parameter_set,
    parameter_set_from_dict,
)
from .projection import (
    RecordPaths,
    evaluate_records,
    expected_occupancy,
    records_model,
    run_records,
)
from .quantities import Distribution, Quantity
from .records import RecordAccounts, accounts_from_states
from .scenario import (
    SCENARIO_PARAMETERS,
    Cohort,
    Costs,
    Scenario,
    SuccessRate,
    Transitions,
    scenario_parameter,
)
from .scenario_file import (
    ScenarioFileError,
    ScenarioRun,
    run_scenario,
    run_scenario_file,
    scenario_from_dict,
)
from .schedule import DK_FINANCE_MINISTRY, UK_GREEN_BOOK, DiscountSchedule, constant
from .sensitivity import Sensitivity, TornadoRow, one_way, one_way_model
from .states import COMPONENTS, Actor, ParameterSet, State

__all__ = [
    "COMPONENTS",
    "DK_FINANCE_MINISTRY",
    "MODEL_NAME",
    "MODEL_VERSION",
    "PARAMS_DIR",
    "SCENARIO_PARAMETERS",
    "UK_GREEN_BOOK",
    "Actor",
    "Cohort",
    "CostOfExclusion",
    "Costs",
    "DiscountSchedule",
    "Distribution",
    "Evaluation",
    "Model",
    "MonteCarloResult",
    "ParameterSet",
    "ParameterSetError",
    "Quantity",
    "RecordAccounts",
    "RecordPaths",
    "Result",
    "Scenario",
    "ScenarioFileError",
    "ScenarioRun",
    "Sensitivity",
    "State",
    "SuccessRate",
    "TornadoRow",
    "Transitions",
    "accounts_from_states",
    "available_parameter_sets",
    "constant",
    "differences",
    "evaluate",
    "evaluate_records",
    "expected_occupancy",
    "load_parameter_set",
    "monte_carlo",
    "monte_carlo_model",
    "one_way",
    "one_way_model",
    "parameter_set_from_dict",
    "payback_year",
    "records_model",
    "run",
    "run_records",
    "run_scenario",
    "run_scenario_file",
    "scenario_from_dict",
    "scenario_parameter",
]
