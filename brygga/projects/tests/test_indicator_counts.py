"""The database counts the ESF+ indicators exactly as the kernel does.

``selectors.indicator_counts`` (conditional counts in SQL) must give what
``esf.tally(indicator_rows(...))`` (the Python reference) gives, for every
indicator and gender, for all participants and for each target group at
entry, on SQLite and on PostgreSQL. The data is stored with the
ORM rather than through the services: the counts read whatever the database
holds, including states the services reach only over time (follow-ups left
from a stay before a re-entry, results recorded after the report date) and
the calendar's edges (29 February, the ends of months, birthdays and
unemployment spells on the day of entry).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brygga.core.models import Organisation
from brygga.journeys.models import Enrolment, ExitOutcome, FollowUp
from brygga.people.models import Participant
from brygga.people.rules import TargetGroup
from brygga.projects.kernel import esf
from brygga.projects.models import EntrySituation, Project, SpecialCategoryData
from brygga.projects.selectors import indicator_counts, indicator_rows

pytestmark = pytest.mark.django_db
D = datetime.date

EDGE_DAYS = [
    D(2024, 2, 29),
    D(2024, 8, 31),
    D(2025, 2, 28),
    D(2025, 3, 1),
    D(2025, 3, 31),
    D(2025, 8, 31),
    D(2025, 12, 31),
    D(2026, 2, 28),
    D(2026, 8, 31),
]
SITUATIONS = ["", *ExitOutcome.values]


@dataclass(frozen=True)
class FollowUpSpec:
    kind: str
    days_after: int  # after the exit (or the entry when there is none)
    situation: str
    better: bool | None
    completed: bool = True


@dataclass(frozen=True)
class EnrolmentSpec:
    person: int
    project: int
    gender: str
    birth_years: int  # age at entry, around a band's edge
    birth_days: int
    education_level: int | None
    status: str
    since_months: int | None  # unemployed since this many months before entry
    since_days: int
    third_country_national: bool
    foreign_background: bool
    in_school: bool
    income_support: bool
    sick_days: int | None  # on sick leave since this many days before entry
    special: tuple[bool | None, bool | None] | None
    entry: datetime.date
    reentry_days: int
    exit_days: int | None
    exit_on: datetime.date | None  # instead, when on or after the latest entry
    outcome: str
    qualification: bool
    housing: str | None
    degurba: int | None
    follow_ups: tuple[FollowUpSpec, ...]


days = st.one_of(st.dates(D(2023, 1, 1), D(2026, 10, 1)), st.sampled_from(EDGE_DAYS))
booleans_or_none = st.sampled_from([None, True, False])
#: Ages at entry around the edges of the indicators' and the target groups' bands.
AGES = [15, 16, 17, 18, 20, 21, 24, 25, 29, 30, 40, 54, 55, 64, 65, -1]
SICK_DAYS = [None, 89, 90, 91, 400]
#: Days after the exit around the 28-day window; two follow-ups on one day tie.
WINDOW_EDGES = st.sampled_from([-1, 0, 10, 28, 29])


@st.composite
def follow_ups(draw: st.DrawFn) -> tuple[FollowUpSpec, ...]:
    found = []
    for kind in ("d28", "m6"):
        if draw(st.booleans()):
            found.append(
                FollowUpSpec(
                    kind,
                    draw(st.one_of(WINDOW_EDGES, st.integers(-3, 35), st.integers(150, 200))),
                    draw(st.sampled_from(SITUATIONS)),
                    draw(booleans_or_none),
                    draw(st.booleans()),
                )
            )
    return tuple(found)


enrolments = st.builds(
    EnrolmentSpec,
    person=st.integers(0, 7),
    project=st.integers(0, 1),
    gender=st.sampled_from(["woman", "man", "non_binary", "woman", "man", ""]),
    birth_years=st.sampled_from(AGES),
    birth_days=st.integers(-2, 2),
    education_level=st.one_of(st.none(), st.integers(0, 8)),
    status=st.sampled_from(
        ["unemployed", "unemployed", "long_term_unemployed", "inactive", "employed", ""]
    ),
    since_months=st.sampled_from([None, 5, 6, 11, 12, 13]),
    since_days=st.integers(-2, 2),
    third_country_national=st.booleans(),
    foreign_background=st.booleans(),
    in_school=st.booleans(),
    income_support=st.booleans(),
    sick_days=st.sampled_from(SICK_DAYS),
    special=st.one_of(st.none(), st.tuples(booleans_or_none, booleans_or_none)),
    entry=days,
    reentry_days=st.sampled_from([0, 0, 0, 40, 300]),
    exit_days=st.one_of(st.none(), st.integers(0, 500)),
    exit_on=st.one_of(st.none(), st.sampled_from(EDGE_DAYS)),
    outcome=st.sampled_from(SITUATIONS),
    qualification=st.booleans(),
    housing=st.sampled_from([None, "", "stable", "homeless", "housing_exclusion"]),
    degurba=st.sampled_from([None, 1, 2, 3]),
    follow_ups=follow_ups(),
)


@dataclass
class World:
    organisations: list[Organisation]
    projects: list[Project]


@pytest.fixture
def world(boden: Organisation, samordningsforbund: Organisation, project: Project) -> World:
    other = Project.objects.create(
        owner=boden,
        name="Second project",
        start_date=D(2022, 1, 1),
        end_date=D(2030, 12, 31),
    )
    other.partners.add(samordningsforbund)
    return World([boden, samordningsforbund], [project, other])


def store(world: World, specs: list[EnrolmentSpec]) -> None:
    """The specs as rows: one enrolment per person and project (later specs dropped)."""
    people: dict[int, Participant] = {}
    seen: set[tuple[int, int]] = set()
    for spec in specs:
        if (spec.person, spec.project) in seen:
            continue
        seen.add((spec.person, spec.project))
        person = people.get(spec.person)
        if person is None:
            birth = (
                None
                if spec.birth_years < 0
                else spec.entry
                - relativedelta(years=spec.birth_years)
                + datetime.timedelta(days=spec.birth_days)
            )
            since = (
                None
                if spec.since_months is None
                else spec.entry
                - relativedelta(months=spec.since_months)
                + datetime.timedelta(days=spec.since_days)
            )
            person = Participant.objects.create(
                organisation=world.organisations[spec.person % 2],
                first_name="P",
                last_name=str(spec.person),
                birth_date=birth,
                gender=spec.gender,
                education_level=spec.education_level,
                labour_market_status=spec.status,
                labour_market_status_since=since,
                third_country_national=spec.third_country_national,
                foreign_background=spec.foreign_background,
                in_upper_secondary_school=spec.in_school,
                income_support=spec.income_support,
                sick_leave=spec.sick_days is not None,
                sick_leave_since=None
                if spec.sick_days is None
                else spec.entry - datetime.timedelta(days=spec.sick_days),
            )
            people[spec.person] = person
            if spec.special is not None:
                SpecialCategoryData.objects.create(
                    participant=person,
                    disability=spec.special[0],
                    minority=spec.special[1],
                    legal_basis="consent",
                )
        last_entry = spec.entry + datetime.timedelta(days=spec.reentry_days)
        exit_date = (
            None if spec.exit_days is None else last_entry + datetime.timedelta(spec.exit_days)
        )
        if spec.exit_on is not None and spec.exit_on >= last_entry:
            exit_date = spec.exit_on
        enrolment = Enrolment.objects.create(
            participant=person,
            project=world.projects[spec.project],
            entry_date=spec.entry,
            last_entry_date=last_entry,
            exit_date=exit_date,
            exit_outcome=spec.outcome if exit_date else "",
            qualification_gained=spec.qualification,
        )
        if spec.housing is not None or spec.degurba is not None:
            EntrySituation.objects.create(
                enrolment=enrolment, housing=spec.housing or "", degurba=spec.degurba
            )
        for follow_up in spec.follow_ups:
            done = (exit_date or last_entry) + datetime.timedelta(days=follow_up.days_after)
            FollowUp.objects.create(
                enrolment=enrolment,
                kind=follow_up.kind,
                due_date=done,
                completed_on=done if follow_up.completed else None,
                situation=follow_up.situation,
                better_situation=follow_up.better,
            )


def assert_same_counts(world: World, on: datetime.date) -> None:
    for organisation in (None, world.organisations[0]):
        rows = indicator_rows(world.projects, on, organisation)
        expected = esf.tally(rows, on)
        counted = indicator_counts(world.projects, on, organisation)
        for rule, by_gender in expected.by_rule.items():
            assert counted.by_rule[rule] == by_gender, (rule, organisation)
        assert counted == expected
        assert esf.report(counted, on) == esf.compute(rows, on)
    rows = indicator_rows(world.projects, on)
    for group in TargetGroup.values:
        in_group = [r for r in rows if group in r.target_groups_at_entry]
        counted = indicator_counts(world.projects, on, target_group=group)
        assert counted == esf.tally(in_group, on), group


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(enrolments, max_size=14), on=days)
def test_the_database_counts_what_the_kernel_counts(
    world: World, specs: list[EnrolmentSpec], on: datetime.date
) -> None:
    with transaction.atomic():
        store(world, specs)
        assert_same_counts(world, on)
        transaction.set_rollback(True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_counts_what_the_kernel_counts_for_many(world: World, seed: int) -> None:
    """A larger random population, where every indicator has people in it."""
    rng = random.Random(seed)
    specs = [_random_spec(rng) for _ in range(400)]
    store(world, specs)
    counted = indicator_counts(world.projects, D(2026, 2, 28))
    assert all(
        sum(counted.by_rule[i.rule].values()) > 0
        for i in esf.load_code_table()[1]
        if i.rule in esf.RULES
    )
    for on in (D(2024, 8, 31), D(2025, 6, 15), D(2026, 2, 28), D(2026, 12, 31)):
        assert_same_counts(world, on)


def _random_spec(rng: random.Random) -> EnrolmentSpec:
    def pick(values: list[Any]) -> Any:
        return rng.choice(values)

    fus = tuple(
        FollowUpSpec(
            kind,
            pick([0, 10, 28, 29, rng.randint(-3, 35), rng.randint(150, 200)]),
            pick(SITUATIONS),
            pick([None, True, False]),
            rng.random() < 0.8,
        )
        for kind in ("d28", "m6")
        if rng.random() < 0.6
    )
    return EnrolmentSpec(
        person=rng.randint(0, 300),
        project=rng.randint(0, 1),
        gender=pick(["woman", "man", "non_binary", "woman", "man", ""]),
        birth_years=pick(AGES),
        birth_days=rng.randint(-2, 2),
        education_level=pick([None, *range(9)]),
        status=pick(["unemployed", "unemployed", "long_term_unemployed", "inactive", "employed"]),
        since_months=pick([None, 5, 6, 11, 12, 13]),
        since_days=rng.randint(-2, 2),
        third_country_national=rng.random() < 0.3,
        foreign_background=rng.random() < 0.4,
        in_school=rng.random() < 0.3,
        income_support=rng.random() < 0.4,
        sick_days=pick(SICK_DAYS),
        special=pick([None, (pick([None, True, False]), pick([None, True, False]))]),
        entry=pick([*EDGE_DAYS, D(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 1300))]),
        reentry_days=pick([0, 0, 0, 40, 300]),
        exit_days=pick([None, rng.randint(0, 500)]),
        exit_on=pick([None, None, *EDGE_DAYS]),
        outcome=pick(SITUATIONS),
        qualification=rng.random() < 0.3,
        housing=pick([None, "", "stable", "homeless", "housing_exclusion"]),
        degurba=pick([None, 1, 2, 3]),
        follow_ups=fus,
    )


def test_a_target_group_the_rules_do_not_know_has_no_one(world: World) -> None:
    rng = random.Random(4)
    store(world, [_random_spec(rng) for _ in range(40)])
    counted = indicator_counts(world.projects, D(2026, 2, 28), target_group="young")
    assert counted == esf.tally([], D(2026, 2, 28))
    assert indicator_counts(world.projects, D(2026, 2, 28)).output > 0
