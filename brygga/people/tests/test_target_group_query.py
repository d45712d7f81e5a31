"""The database filter ``target_group_q`` agrees with ``rules.target_groups``.

Hypothesis draws people near every boundary (birthdays around the age limits,
29 February, unemployment and sick-leave spells around their thresholds) and
a day to judge them on; each group's query must select exactly the people the
Python rules put in that group.
"""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brygga.core.models import Organisation
from brygga.people.models import LabourMarketStatus, Participant
from brygga.people.rules import TargetGroup
from brygga.people.selectors import target_group_q

pytestmark = pytest.mark.django_db

DAYS = st.dates(datetime.date(2023, 1, 1), datetime.date(2028, 12, 31))


@st.composite
def near(
    draw: st.DrawFn, on: datetime.date, years: int = 0, months: int = 0, days: int = 0
) -> datetime.date:
    """A date a few days either side of ``on`` minus the given span (a boundary)."""
    base = on - relativedelta(years=years, months=months, days=days)
    return base + datetime.timedelta(days=draw(st.integers(-3, 3)))


@st.composite
def person_on(draw: st.DrawFn, on: datetime.date) -> dict[str, object]:
    age_limit = draw(st.sampled_from([16, 20, 21, 25, 65, 40]))
    birth_date = draw(
        st.one_of(
            st.none(),
            near(on, years=age_limit),
            st.sampled_from([datetime.date(2008, 2, 29), datetime.date(2004, 2, 29)]),
        )
    )
    status = draw(st.sampled_from(["", *LabourMarketStatus.values]))
    status_since = (
        draw(st.one_of(st.none(), near(on, months=draw(st.sampled_from([6, 12])))))
        if status
        else None
    )
    sick_leave_since = draw(st.one_of(st.none(), near(on, days=90)))
    return {
        "birth_date": birth_date,
        "in_upper_secondary_school": draw(st.booleans()),
        "education_level": draw(st.one_of(st.none(), st.integers(0, 8))),
        "labour_market_status": status,
        "labour_market_status_since": status_since,
        "income_support": draw(st.booleans()),
        "sick_leave": sick_leave_since is not None,
        "sick_leave_since": sick_leave_since,
        "foreign_background": draw(st.booleans()),
        "third_country_national": draw(st.booleans()),
    }


@st.composite
def cohort(draw: st.DrawFn) -> tuple[datetime.date, list[dict[str, object]]]:
    on = draw(
        st.one_of(DAYS, st.sampled_from([datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)]))
    )
    return on, draw(st.lists(person_on(on), min_size=1, max_size=25))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=cohort())
def test_the_query_selects_exactly_the_people_the_rules_put_in_each_group(
    boden: Organisation, drawn: tuple[datetime.date, list[dict[str, object]]]
) -> None:
    on, people = drawn
    Participant.objects.all().delete()
    created = Participant.objects.bulk_create(
        Participant(organisation=boden, first_name="P", last_name=str(i), **facts)
        for i, facts in enumerate(people)
    )
    for group in TargetGroup:
        expected = {p.pk for p in created if group in p.target_groups(on)}
        selected = set(
            Participant.objects.filter(target_group_q(group, on)).values_list("pk", flat=True)
        )
        assert selected == expected, (group, on)
