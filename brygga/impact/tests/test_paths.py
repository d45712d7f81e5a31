"""Reading a person's yearly states from their journey (pure rules, no database)."""

from __future__ import annotations

import datetime

from brygga.impact import paths

D = datetime.date


def test_start_state_follows_the_strongest_income_source() -> None:
    assert paths.start_state(["salary", "income_support"], default="neet") == "income_support"
    assert paths.start_state(["study_support"], default="neet") == "studies"
    assert paths.start_state([], sick_leave=True, default="neet") == "sickness_benefit"
    assert paths.start_state([], default="neet") == "neet"


def test_outcomes_map_to_states() -> None:
    assert paths.outcome_state("work", ["salary"], "income_support") == "full_time_job"
    assert paths.outcome_state("work", ["salary", "income_support"], "x") == "part_time_job"
    assert paths.outcome_state("studies", [], "income_support") == "studies"
    assert paths.outcome_state("job_seeking", ["unemployment_benefit"], "neet") == (
        "unemployment_benefit"
    )
    assert paths.outcome_state("other", [], "income_support") == "income_support"


def test_job_activities_by_hours() -> None:
    assert paths.activity_state("job", 40.0) == "full_time_job"
    assert paths.activity_state("job", 20.0) == "part_time_job"
    assert paths.activity_state("job", None) == "full_time_job"
    assert paths.activity_state("language_course", 10.0) is None


def test_each_year_takes_the_state_of_most_of_the_year() -> None:
    journey = paths.Journey(
        entry_date=D(2024, 3, 1),
        start_state="income_support",
        exit_date=D(2024, 9, 1),
        exit_state="full_time_job",
        activities=(paths.Spell("full_time_job", D(2024, 7, 1), D(2024, 9, 1)),),
    )
    years = paths.yearly_states(journey, today=D(2026, 11, 26), horizon=5)
    assert years == ["full_time_job", "full_time_job", "full_time_job", None, None]


def test_a_follow_up_changes_the_state_from_its_date() -> None:
    journey = paths.Journey(
        entry_date=D(2023, 1, 1),
        start_state="income_support",
        exit_date=D(2023, 2, 1),
        exit_state="full_time_job",
        situations=((D(2023, 8, 1), "income_support"),),
    )
    assert paths.yearly_states(journey, D(2025, 6, 1), 3) == [
        "income_support",
        "income_support",
        "income_support",
    ]
    assert paths.state_on(journey, D(2023, 5, 1)) == "full_time_job"


def test_a_year_that_has_only_begun_counts_the_days_so_far() -> None:
    journey = paths.Journey(entry_date=D(2025, 1, 1), start_state="neet")
    assert paths.yearly_states(journey, D(2025, 1, 2), 2) == ["neet", None]


def test_months_are_added_like_the_calendar() -> None:
    assert paths.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert paths.add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert paths.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert paths.add_months(D(2024, 11, 15), 3) == D(2025, 2, 15)


def test_the_step_function_agrees_with_the_day_by_day_rules() -> None:
    """Every day of three years gives the same state from the timeline as from ``state_on``."""
    import bisect

    journey = paths.Journey(
        entry_date=D(2023, 1, 31),
        start_state="income_support",
        exit_date=D(2024, 2, 29),
        exit_state="full_time_job",
        activities=(
            paths.Spell("small_job", D(2023, 3, 1), D(2023, 6, 30)),
            paths.Spell("studies", D(2023, 9, 1), None),
        ),
        situations=((D(2024, 9, 1), "income_support"), (D(2025, 3, 1), "part_time_job")),
    )
    changes, states = paths.timeline(journey)
    day = journey.entry_date
    while day < D(2026, 1, 31):
        assert states[bisect.bisect_right(changes, day) - 1] == paths.state_on(journey, day), day
        day += datetime.timedelta(days=1)
