"""Parameter sets, overrides, scenarios and runs through the services."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from brygga.core.errors import DomainError, NotPermitted
from brygga.core.models import Organisation, User
from brygga.impact import kernel, services
from brygga.impact.models import (
    ParameterSet,
    ResultStatus,
    Scenario,
    ScenarioResult,
)
from brygga.people.models import Participant

from .conftest import scenario_values

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def test_shipped_sets_are_stored_once_per_version(db: None) -> None:
    first = services.ensure_shipped_parameter_sets()
    again = services.ensure_shipped_parameter_sets()
    assert {s.key for s in first} == set(kernel.available_parameter_sets())
    assert [s.pk for s in first] == [s.pk for s in again]
    se = next(s for s in first if s.key == "se-2025")
    assert se.currency == "SEK" and se.version == "2025.1" and se.is_shipped


def test_only_admins_and_analysts_copy_and_override(
    alice: User, bob: User, boden: Organisation, se_set: ParameterSet
) -> None:
    with pytest.raises(NotPermitted):
        services.copy_parameter_set(alice, boden, se_set)
    copy = services.copy_parameter_set(bob, boden, se_set)
    with pytest.raises(NotPermitted):
        services.set_override(
            alice, copy, services.OverrideData("income_support_per_household_year", 1.0, "x")
        )


def test_an_outsider_cannot_copy_for_another_organisation(
    olga: User, boden: Organisation, se_set: ParameterSet
) -> None:
    with pytest.raises(NotPermitted):
        services.copy_parameter_set(olga, boden, se_set)


def test_an_override_shows_as_a_difference_with_its_reason(
    adam: User, boden_copy: ParameterSet
) -> None:
    services.set_override(
        adam,
        boden_copy,
        services.OverrideData(
            "income_support_per_household_year", 90_000.0, "Our own accounts", "Bokslut", 2025
        ),
    )
    rows = {row.name: row for row in services.input_rows(boden_copy)}
    changed = rows["income_support_per_household_year"]
    assert changed.overridden and changed.value == 90_000.0 and changed.default == 75_045.0
    assert changed.reason == "Our own accounts" and changed.source == "Bokslut"
    assert not rows["wage_month_median"].overridden
    params = services.kernel_parameter_set(boden_copy)
    default = kernel.load_parameter_set("se-2025")
    differences = kernel.differences(params, default)
    assert [d.name for d in differences] == ["income_support_per_household_year"]
    assert differences[0].note == "Our own accounts"


def test_an_override_needs_a_reason_a_known_input_and_a_copy(
    adam: User, boden_copy: ParameterSet, se_set: ParameterSet
) -> None:
    with pytest.raises(DomainError) as error:
        services.set_override(
            adam, boden_copy, services.OverrideData("income_support_per_household_year", 1.0, " ")
        )
    assert error.value.field == "reason"
    with pytest.raises(DomainError) as error:
        services.set_override(adam, boden_copy, services.OverrideData("nonsense", 1.0, "why"))
    assert error.value.field == "name"
    with pytest.raises(DomainError):
        services.set_override(
            adam, se_set, services.OverrideData("income_support_per_household_year", 1.0, "why")
        )


def test_an_override_changes_the_result(
    adam: User, boden: Organisation, boden_copy: ParameterSet
) -> None:
    scenario = services.save_scenario(adam, boden, scenario_values(boden_copy, draws=0))
    before = services.run_scenario(scenario)["result"]["npv_by_actor"]["municipality"]
    services.set_override(
        adam,
        boden_copy,
        services.OverrideData("income_support_per_household_year", 150_000.0, "Higher here"),
    )
    scenario.refresh_from_db()
    after = services.run_scenario(scenario)["result"]["npv_by_actor"]["municipality"]
    assert after > before  # each person leaving income support saves the municipality more


def test_a_scenario_that_cannot_run_is_refused_on_its_field(
    adam: User, boden: Organisation, boden_copy: ParameterSet
) -> None:
    with pytest.raises(DomainError) as error:
        services.save_scenario(adam, boden, scenario_values(boden_copy, start_state="mars"))
    assert error.value.field == "start_state"
    with pytest.raises(DomainError) as error:
        services.save_scenario(
            adam, boden, scenario_values(boden_copy, start_age=60, horizon_years=10)
        )
    assert error.value.field == "horizon_years"
    with pytest.raises(DomainError) as error:
        services.save_scenario(adam, boden, scenario_values(boden_copy, paid_by={"kommune": 1}))
    assert error.value.field == "paid_by"
    assert not Scenario.objects.exists()


def test_a_case_worker_cannot_edit_scenarios(
    alice: User, boden: Organisation, boden_copy: ParameterSet
) -> None:
    with pytest.raises(NotPermitted):
        services.save_scenario(alice, boden, scenario_values(boden_copy))


def test_another_organisations_copy_cannot_be_used(
    adam: User,
    boden: Organisation,
    jammerbugt: Organisation,
    se_set: ParameterSet,
) -> None:
    from conftest import make_user

    jens = make_user("jens", jammerbugt, "org_admin")
    theirs = services.copy_parameter_set(jens, jammerbugt, se_set)
    with pytest.raises(DomainError) as error:
        services.save_scenario(adam, boden, scenario_values(theirs))
    assert error.value.field == "parameter_set"


def test_a_result_stores_the_model_and_matches_the_kernel(
    result: ScenarioResult, scenario: Scenario
) -> None:
    assert result.status == ResultStatus.DONE
    assert (result.model_name, result.model_version) == (kernel.MODEL_NAME, kernel.MODEL_VERSION)
    assert (result.params_name, result.params_version) == ("se-2025", "2025.1")
    params = services.kernel_parameter_set(scenario.parameter_set)
    expected = kernel.run(services.kernel_scenario(scenario, params), params)
    assert result.npv == pytest.approx(expected.npv)
    data = result.data
    assert data["monte_carlo"]["draws"] == 300
    assert data["monte_carlo"]["varied"] == ["success_rate"]
    assert data["sensitivity"]["rows"][0]["name"] == "success_rate"
    assert len(data["result"]["years"]) == 10
    assert data["assumptions"]["parameters"]["success_rate"]["low"] == 0.15


def test_a_run_is_queued_and_computed_on_commit(
    adam: User, scenario: Scenario, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        queued = services.request_run(adam, scenario)
        assert queued.status == ResultStatus.QUEUED
    queued.refresh_from_db()
    assert queued.status == ResultStatus.DONE and queued.npv is not None


def test_records_give_the_observed_path_and_project_the_rest(
    records_scenario: Scenario, worked: Participant
) -> None:
    data = services.run_scenario(records_scenario, today=TODAY)
    records = data["records"]
    assert records["persons"] == 1
    assert records["start_states"]["income_support"] == 1
    assert records["states_by_year"][0]["full_time_job"] == 1
    assert records["person_years_observed"] == 3
    # A job instead of income support pays every public actor that pays income support.
    assert data["result"]["npv_by_actor"]["municipality"] > 0
    assert data["monte_carlo"]["varied"] == [] and data["sensitivity"]["rows"] == []


def test_records_carry_uncertainty_in_the_projection(
    records_scenario: Scenario, worked: Participant
) -> None:
    """Persistence and deadweight ranges give a band and tornado rows; the success rate,
    replaced by the observed outcomes, does not."""
    records_scenario.ranges = {
        "persistence": [0.5, 0.95],
        "deadweight": [0.0, 0.4],
        "success_rate": [0.1, 0.3],
    }
    records_scenario.persistence = 0.85
    records_scenario.save()
    data = services.run_scenario(records_scenario, today=TODAY)
    monte_carlo = data["monte_carlo"]
    assert monte_carlo["varied"] == ["deadweight", "persistence"]
    npv = monte_carlo["npv"]
    assert npv["p5"] < npv["p50"] < npv["p95"]
    names = [row["name"] for row in data["sensitivity"]["rows"]]
    assert sorted(names) == ["deadweight", "persistence"]
    assert data["sensitivity"]["base_npv"] == pytest.approx(data["result"]["npv"])


def test_records_stay_inside_the_scenarios_organisation(
    records_scenario: Scenario, worked: Participant, olga: User, project: object
) -> None:
    """A Jammerbugt participant in the same project does not count for Bodens kommun."""
    from brygga.people.services import ParticipantData, register_participant

    project.partners.add(olga.memberships.get().organisation)  # type: ignore[attr-defined]
    other = register_participant(
        olga, olga.memberships.get().organisation, ParticipantData(first_name="M", last_name="J")
    )
    from brygga.journeys import services as journeys

    journeys.enrol(olga, other, project, datetime.date(2024, 5, 1), ["income_support"])  # type: ignore[arg-type]
    data = services.run_scenario(records_scenario, today=TODAY)
    assert data["records"]["persons"] == 1


def test_records_scenario_through_the_kernel_equals_the_plain_paths(
    records_scenario: Scenario, worked: Participant
) -> None:
    params = services.kernel_parameter_set(records_scenario.parameter_set)
    observed = services.observed_paths(
        services.record_enrolments(records_scenario), params, records_scenario, TODAY
    )
    full_time = params.state_index("full_time_job")
    assert observed.states.tolist() == [[full_time, full_time, full_time, -1, -1, -1]]
    assert observed.start.tolist() == [params.state_index("income_support")]
    assert np.all(observed.states[:, 3:] == -1)


def test_one_participants_account(records_scenario: Scenario, worked: Participant) -> None:
    account = services.participant_account(worked, records_scenario, today=TODAY)
    assert account is not None
    assert account.years[:3] == ["Full-time job"] * 3 and account.years[3:] == [None] * 3
    # No project start-up or running cost is charged to one person.
    assert account.data["pv_costs_by_actor"]["municipality"] == pytest.approx(60_000.0)


def test_a_failed_run_keeps_the_reason(scenario: Scenario, adam: User) -> None:
    Scenario.objects.filter(pk=scenario.pk).update(start_state="mars")
    created = ScenarioResult.objects.create(scenario=scenario, created_by=adam)
    failed = services.compute_result(created.pk)
    assert failed.status == ResultStatus.FAILED and "mars" in failed.error
