"""Target-group rules at their boundaries (no database)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from brygga.people.rules import Facts, TargetGroup, age_on, target_groups

D = datetime.date


def facts(**changes: object) -> Facts:
    values: dict[str, object] = {
        "birth_date": D(2000, 6, 15),
        "in_upper_secondary_school": False,
        "education_level": 2,
        "labour_market_status": "",
        "labour_market_status_since": None,
        "income_support": False,
        "sick_leave_since": None,
        "foreign_background": False,
        "third_country_national": False,
    }
    values.update(changes)
    return Facts(**values)  # type: ignore[arg-type]


YOUNG = TargetGroup.YOUNG_OUTSIDE_SCHOOL


def test_the_young_group_starts_on_the_16th_birthday() -> None:
    person = facts(birth_date=D(2010, 3, 1))
    assert YOUNG not in target_groups(person, D(2026, 2, 28))
    assert YOUNG in target_groups(person, D(2026, 3, 1))


def test_the_young_group_ends_on_the_21st_birthday() -> None:
    person = facts(birth_date=D(2005, 3, 1))
    assert YOUNG in target_groups(person, D(2026, 2, 28))
    assert YOUNG not in target_groups(person, D(2026, 3, 1))


def test_school_or_upper_secondary_education_excludes_the_young_group() -> None:
    on = D(2020, 1, 1)
    assert YOUNG not in target_groups(facts(birth_date=D(2003, 1, 1), education_level=3), on)
    assert YOUNG not in target_groups(
        facts(birth_date=D(2003, 1, 1), in_upper_secondary_school=True), on
    )


def test_income_support_counts_from_the_20th_to_the_day_before_the_65th_birthday() -> None:
    young = facts(birth_date=D(2006, 5, 10), income_support=True)
    assert TargetGroup.INCOME_SUPPORT not in target_groups(young, D(2026, 5, 9))
    assert TargetGroup.INCOME_SUPPORT in target_groups(young, D(2026, 5, 10))
    old = facts(birth_date=D(1961, 5, 10), income_support=True)
    assert TargetGroup.INCOME_SUPPORT in target_groups(old, D(2026, 5, 9))
    assert TargetGroup.INCOME_SUPPORT not in target_groups(old, D(2026, 5, 10))


def test_exactly_twelve_months_of_unemployment_is_long_term_for_adults() -> None:
    person = facts(
        birth_date=D(1980, 1, 1),
        labour_market_status="unemployed",
        labour_market_status_since=D(2025, 4, 1),
    )
    assert TargetGroup.LONG_TERM_UNEMPLOYED not in target_groups(person, D(2026, 3, 31))
    assert TargetGroup.LONG_TERM_UNEMPLOYED in target_groups(person, D(2026, 4, 1))


def test_six_months_of_unemployment_is_long_term_under_25() -> None:
    person = facts(
        birth_date=D(2004, 1, 1),
        labour_market_status="unemployed",
        labour_market_status_since=D(2025, 10, 1),
    )
    assert TargetGroup.LONG_TERM_UNEMPLOYED not in target_groups(person, D(2026, 3, 31))
    assert TargetGroup.LONG_TERM_UNEMPLOYED in target_groups(person, D(2026, 4, 1))


def test_recorded_long_term_unemployment_counts_directly() -> None:
    person = facts(labour_market_status="long_term_unemployed")
    assert TargetGroup.LONG_TERM_UNEMPLOYED in target_groups(person, D(2026, 1, 1))


def test_ninety_days_of_sick_leave_is_long_term() -> None:
    person = facts(sick_leave_since=D(2026, 1, 1))
    assert TargetGroup.LONG_TERM_SICK_LEAVE not in target_groups(person, D(2026, 3, 31))
    assert TargetGroup.LONG_TERM_SICK_LEAVE in target_groups(person, D(2026, 4, 1))


def test_recorded_facts_give_their_groups() -> None:
    groups = target_groups(
        facts(foreign_background=True, third_country_national=True), D(2030, 1, 1)
    )
    assert {TargetGroup.FOREIGN_BACKGROUND, TargetGroup.THIRD_COUNTRY_NATIONAL} <= groups


def test_a_leap_day_birthday_turns_a_year_older_on_the_first_of_march() -> None:
    assert age_on(D(2008, 2, 29), D(2027, 2, 28)) == 18
    assert age_on(D(2008, 2, 29), D(2027, 3, 1)) == 19


@given(st.dates(D(1930, 1, 1), D(2020, 12, 31)), st.integers(0, 30_000))
def test_age_never_falls_and_grows_by_one_on_birthdays(birth: datetime.date, days: int) -> None:
    day = birth + datetime.timedelta(days=days)
    later = day + datetime.timedelta(days=1)
    assert 0 <= age_on(birth, later) - age_on(birth, day) <= 1
    if (later.month, later.day) == (birth.month, birth.day):
        assert age_on(birth, later) == age_on(birth, day) + 1
