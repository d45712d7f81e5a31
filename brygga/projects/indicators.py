"""The ESF+ person-level indicator rules as database conditions on enrolments.

``kernel/esf.py`` states each rule in Python over one participant; here the
same rules are conditions on an enrolment (with its participant, special data,
situation at entry and two follow-ups joined), so the database counts them
(``selectors.indicator_counts``). A property test keeps the two in agreement on
SQLite and PostgreSQL. Calendar arithmetic follows the kernel exactly: months
are calendar months clamped at the end of the month (``relativedelta``, and
PostgreSQL's ``interval``); SQLite, which rolls 31 August minus six months over
into March, compares whole months and days instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    F,
    FilteredRelation,
    Func,
    Q,
    When,
)
from django.db.models.functions import Greatest, Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.db.models.sql.compiler import SQLCompiler

from brygga.people import rules as people_rules
from brygga.people.rules import TargetGroup

from .kernel import esf
from .models import Degurba, HousingSituation

_SqlParams = tuple[str, list[Any]]


class DaysAfter(Func):
    """``expression`` plus ``days`` days (a date)."""

    arity = 1
    output_field = DateField()

    def __init__(self, expression: Any, days: int) -> None:
        super().__init__(expression)
        self.days = int(days)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _SqlParams:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} + {self.days})", list(params)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _SqlParams:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, %s)", [*params, f"{self.days:+d} days"]


class MonthsBefore(Func):
    """True when ``day`` is on or before the date ``months`` calendar months before ``other``.

    As ``day <= other - relativedelta(months=months)``: the month is counted
    back and the day clamped to its end (31 August − 6 months = 28 February).
    """

    arity = 2
    conditional = True
    output_field = BooleanField()

    def __init__(self, day: Any, other: Any, months: int) -> None:
        super().__init__(day, other)
        self.months = int(months)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _SqlParams:
        day, day_params = compiler.compile(self.source_expressions[0])
        other, other_params = compiler.compile(self.source_expressions[1])
        sql = f"({day} <= {other} - INTERVAL '{self.months} months')"
        return sql, [*day_params, *other_params]

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _SqlParams:
        # On the month key (year × 12 + month) × 100 + day, "on or before the
        # clamped day n months back" is key(day) + 100 n <= key(other) (a day of
        # the same month is never past its end). yyyymmdd − 8800 × yyyy is the key.
        day, day_params = compiler.compile(self.source_expressions[0])
        other, other_params = compiler.compile(self.source_expressions[1])

        def key(sql: str) -> str:
            number = f"CAST(strftime(%s, {sql}) AS INTEGER)"
            return f"({number} - 8800 * ({number} / 10000))"

        sql = f"({key(day)} + {100 * self.months} <= {key(other)})"
        return sql, ["%Y%m%d", *day_params] * 2 + ["%Y%m%d", *other_params] * 2


class Binary(Func):
    """Text compared by code point, as Python compares strings."""

    arity = 1
    output_field = CharField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _SqlParams:
        sql, params = compiler.compile(self.source_expressions[0])
        return f'({sql} COLLATE "C")', list(params)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _SqlParams:
        sql, params = compiler.compile(self.source_expressions[0])  # BINARY is the default
        return sql, list(params)


def follow_up_relations(on: datetime.date) -> dict[str, FilteredRelation]:
    """The two follow-ups of an enrolment as recorded by ``on`` (``d28``, ``m6``)."""
    return {
        kind: FilteredRelation(
            "follow_ups",
            condition=Q(follow_ups__kind=kind, follow_ups__completed_on__lte=on),
        )
        for kind in ("d28", "m6")
    }


def _age_at_least(years: int) -> MonthsBefore:
    """Aged ``years`` or more at the (first) entry."""
    return MonthsBefore("participant__birth_date", "entry_date", 12 * years)


def _in_window(kind: str) -> Q:
    """The follow-up ``kind`` is an event within 28 days of leaving, with a situation."""
    on = F(f"{kind}__completed_on")
    return Q(
        LessThanOrEqual(F("exit_date"), on),
        LessThanOrEqual(on, DaysAfter("exit_date", esf.IMMEDIATE_WINDOW_DAYS)),
        GreaterThan(Length(f"{kind}__situation"), 0),
    )


def situation_on_leaving() -> Case:
    """``esf.situation_on_leaving``: the last event within 28 days of leaving.

    The exit is an event on its date; a follow-up recorded in the window is a
    later one on the same date; of two follow-ups on the same day the greater
    situation (as Python orders the event tuples).
    """
    d28, m6 = F("d28__completed_on"), F("m6__completed_on")
    both = _in_window("d28") & _in_window("m6")
    return Case(
        When(both & Q(GreaterThan(m6, d28)), then=F("m6__situation")),
        When(both & Q(GreaterThan(d28, m6)), then=F("d28__situation")),
        When(both, then=Greatest(Binary("d28__situation"), Binary("m6__situation"))),
        When(_in_window("d28"), then=F("d28__situation")),
        When(_in_window("m6"), then=F("m6__situation")),
        default=F("exit_outcome"),
        output_field=CharField(),
    )


def complete() -> Q:
    """The minimum data (art. 17(5)) is recorded: ``esf.missing_data`` finds nothing."""
    return Q(
        participant__labour_market_status__in=sorted(esf.STATUSES),
        participant__birth_date__isnull=False,
        participant__education_level__isnull=False,
        participant__gender__in=esf.GENDERS,
    )


def in_target_group_at_entry(group: str) -> Q:
    """``rules.target_groups`` of the participant on the (first) entry date, for ``group``.

    As the Python rules: an unknown age is in no age-bound group and takes the
    adults' 12 months of unemployment.
    """
    born = Q(participant__birth_date__isnull=False)

    def aged(low: int, high: int) -> Q:  # low <= age <= high
        return born & Q(_age_at_least(low)) & ~Q(_age_at_least(high + 1))

    if group == TargetGroup.YOUNG_OUTSIDE_SCHOOL:
        return (
            aged(people_rules.YOUNG_MIN_AGE, people_rules.YOUNG_MAX_AGE)
            & Q(participant__in_upper_secondary_school=False)
            & (
                Q(participant__education_level__isnull=True)
                | Q(participant__education_level__lt=people_rules.UPPER_SECONDARY_ISCED)
            )
        )
    if group == TargetGroup.INCOME_SUPPORT:
        return Q(participant__income_support=True) & aged(
            people_rules.INCOME_SUPPORT_MIN_AGE, people_rules.INCOME_SUPPORT_MAX_AGE
        )
    if group == TargetGroup.LONG_TERM_UNEMPLOYED:
        return Q(participant__labour_market_status="long_term_unemployed") | _unemployed_long(
            young=born & ~Q(_age_at_least(people_rules.LONG_TERM_UNEMPLOYED_YOUNG_BELOW_AGE))
        )
    if group == TargetGroup.LONG_TERM_SICK_LEAVE:
        return Q(
            LessThanOrEqual(
                DaysAfter("participant__sick_leave_since", people_rules.LONG_TERM_SICK_LEAVE_DAYS),
                F("entry_date"),
            ),
            participant__sick_leave=True,
        )
    if group == TargetGroup.FOREIGN_BACKGROUND:
        return Q(participant__foreign_background=True)
    if group == TargetGroup.THIRD_COUNTRY_NATIONAL:
        return Q(participant__third_country_national=True)
    return Q(pk__in=[])  # a group the rules do not know has no one in it


def _unemployed_long(young: Q) -> Q:
    """Unemployed since at least 6 months before entry (``young``), else 12 months."""
    since = "participant__labour_market_status_since"
    months_young = people_rules.LONG_TERM_UNEMPLOYED_MONTHS_YOUNG
    months = people_rules.LONG_TERM_UNEMPLOYED_MONTHS
    return Q(participant__labour_market_status="unemployed") & (
        (young & Q(MonthsBefore(since, "entry_date", months_young)))
        | (~young & Q(MonthsBefore(since, "entry_date", months)))
    )


#: Columns the counts are grouped by, besides gender (``Group`` fields): the rules
#: on them are read off each group instead of being counted row by row.
GROUPED_BY = {
    "status": "participant__labour_market_status",
    "education_level": "participant__education_level",
    "third_country_national": "participant__third_country_national",
    "foreign_background": "participant__foreign_background",
    "qualification_gained": "qualification_gained",
}


def conditions(on: datetime.date) -> dict[str, Q]:
    """The conditional counts made within each group: the populations and the rules
    not read off the grouping columns (each with its population).

    Needs the aliases ``d28`` and ``m6`` (``follow_up_relations``) and
    ``situation`` (``situation_on_leaving``).
    """
    left = Q(exit_date__lte=on)
    six_months_on = left & Q(exit_date__lte=esf.six_months_cutoff(on))
    employed = sorted(esf.EMPLOYED_OUTCOMES)
    not_homeless = [HousingSituation.STABLE.value, ""]
    return {
        "left": left,
        "six_months_on": six_months_on,
        # rules.is_long_term_unemployed on the entry date, with the age then
        # (the birth date of a complete record is known).
        "unemployed_long": _unemployed_long(
            young=~Q(_age_at_least(people_rules.LONG_TERM_UNEMPLOYED_YOUNG_BELOW_AGE))
        ),
        "age_below_18": ~Q(_age_at_least(18)),
        "age_18_29": Q(_age_at_least(18)) & ~Q(_age_at_least(30)),
        "age_55_plus": Q(_age_at_least(55)),
        "disability": Q(participant__esf_special_data__disability=True),
        "minority": Q(participant__esf_special_data__minority=True),
        "homeless_or_housing_exclusion": Q(esf_entry__housing__isnull=False)
        & ~Q(esf_entry__housing__in=not_homeless),
        "rural_area": Q(esf_entry__degurba=Degurba.RURAL),
        "job_searching_on_leaving": left & Q(situation="job_seeking"),
        "in_education_on_leaving": left & Q(situation="studies"),
        "employed_on_leaving": left & Q(situation__in=employed),
        "employed_six_months": six_months_on & Q(m6__situation__in=employed),
        "better_situation_six_months": six_months_on & Q(m6__better_situation=True),
    }


@dataclass(frozen=True)
class Group:
    """Complete participants of one gender alike in the ``GROUPED_BY`` columns."""

    gender: str
    status: str
    education_level: int
    third_country_national: bool
    foreign_background: bool
    qualification_gained: bool
    size: int
    counts: Mapping[str, int]  # the ``conditions`` counted within the group


def _all_if(test: Callable[[Group], bool]) -> Callable[[Group], int]:
    return lambda group: group.size if test(group) else 0


def _counted(name: str) -> Callable[[Group], int]:
    return lambda group: group.counts[name]


#: Per rule of ``esf.RULES``, how many of a group meet it (within its population).
GROUP_RULES: dict[str, Callable[[Group], int]] = {
    "total": _all_if(lambda g: True),
    "unemployed": _all_if(lambda g: g.status in esf.UNEMPLOYED),
    "long_term_unemployed": lambda g: (
        g.size if g.status == "long_term_unemployed" else g.counts["unemployed_long"]
    ),
    "inactive": _all_if(lambda g: g.status == "inactive"),
    "employed": _all_if(lambda g: g.status == "employed"),
    "isced_0_2": _all_if(lambda g: esf.isced_band(g.education_level) == "0_2"),
    "isced_3_4": _all_if(lambda g: esf.isced_band(g.education_level) == "3_4"),
    "isced_5_8": _all_if(lambda g: esf.isced_band(g.education_level) == "5_8"),
    "third_country_national": _all_if(lambda g: g.third_country_national),
    "foreign_background": _all_if(lambda g: g.foreign_background),
    "qualification_on_leaving": lambda g: g.counts["left"] if g.qualification_gained else 0,
    **{
        rule: _counted(rule)
        for rule in (
            "age_below_18",
            "age_18_29",
            "age_55_plus",
            "disability",
            "minority",
            "homeless_or_housing_exclusion",
            "rural_area",
            "job_searching_on_leaving",
            "in_education_on_leaving",
            "employed_on_leaving",
            "employed_six_months",
            "better_situation_six_months",
        )
    },
}
