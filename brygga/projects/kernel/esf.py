"""ESF+ common indicators for participants (Regulation (EU) 2021/1057, Annex I, art. 17).

Input: one ``ParticipantRow`` per enrolment of the project, as plain values.
Output: an ``EsfReport`` with, per indicator of the code table
(``data/esf_indicators.json``), the count of women, men and non-binary
participants and the total. The rules:

* Minimum data (art. 17(5)): only participants whose labour-market status,
  birth date (age), education level (ISCED) and gender are recorded are
  counted; the others are counted apart and listed with what is missing.
* Output indicators at entry (the first entry into the project): statuses
  unemployed / inactive / employed are mutually exclusive and sum to the total.
* Immediate results: the situation within 28 days of leaving. The exit itself
  is an event (its outcome on the exit date); a follow-up recorded inside the
  window is another. The last event in the window counts, so job searching
  (EECR01) and employment (EECR04) are mutually exclusive.
* Longer-term results: the six-month follow-up, for those who left at least
  six months before the report date.
* Re-entry: rows of the same participant are one participant, with the first
  entry date and the latest stay's exit and results; while they are back in
  the project they have no results.
* Disability and minority come from the separately stored special-category
  data; None (not recorded) does not count. A project may instead report them
  from an informed estimate for a reporting period (``Estimate``): the latest
  one begun by the report date replaces the count, without a gender
  breakdown, and is marked as estimated.
* Homelessness or housing exclusion and rural residence are recorded at entry
  (None: not recorded, does not count).
* Entity indicators count the organisations a project recorded as supported
  (``EntityRow``), each once, up to the report date: public administrations
  or services (EECO18) and micro, small and medium enterprises incl.
  cooperatives and social enterprises (EECO19).
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

MODEL = "esf-plus-common-indicators"
VERSION = "1"
CODE_TABLE = Path(__file__).resolve().parent.parent / "data" / "esf_indicators.json"

GENDERS = ("woman", "man", "non_binary")
UNEMPLOYED = frozenset({"unemployed", "long_term_unemployed"})
STATUSES = frozenset({*UNEMPLOYED, "inactive", "employed"})
EMPLOYED_OUTCOMES = frozenset({"work", "self_employment"})
IMMEDIATE_WINDOW_DAYS = 28
SIX_MONTHS = 6
MINIMUM_DATA = ("labour_market_status", "birth_date", "education_level", "gender")
GROUPS = ("output", "entity", "immediate", "longer_term")


@dataclass(frozen=True)
class Observation:
    """A recorded follow-up: on ``on`` the participant was in ``situation``."""

    on: datetime.date
    kind: str  # "d28" or "m6"
    situation: str
    better_situation: bool | None = None


@dataclass(frozen=True)
class ParticipantRow:
    key: str  # opaque: identifies the participant, never shown to aggregate readers
    gender: str
    birth_date: datetime.date | None
    education_level: int | None
    labour_market_status: str
    entry_date: datetime.date
    long_term_unemployed: bool = False
    third_country_national: bool = False
    foreign_background: bool = False
    disability: bool | None = None
    minority: bool | None = None
    homeless: bool | None = None  # homeless or affected by housing exclusion, at entry
    rural: bool | None = None  # living in a rural area (DEGURBA 3), at entry
    exit_date: datetime.date | None = None
    exit_outcome: str = ""
    qualification_gained: bool = False
    income_sources_before: tuple[str, ...] = ()
    income_sources_after: tuple[str, ...] = ()
    observations: tuple[Observation, ...] = ()
    organisation: str = ""
    target_groups: tuple[str, ...] = ()  # on the report date (dashboards)
    target_groups_at_entry: tuple[str, ...] = ()  # on the first entry date (eligibility)

    def missing(self) -> tuple[str, ...]:
        """The minimum-data fields that are not recorded."""
        return missing_data(
            self.labour_market_status, self.birth_date, self.education_level, self.gender
        )


def missing_data(
    labour_market_status: str,
    birth_date: datetime.date | None,
    education_level: int | None,
    gender: str,
) -> tuple[str, ...]:
    """The minimum-data fields (art. 17(5)) that are not recorded, in ``MINIMUM_DATA`` order."""
    gaps = []
    if labour_market_status not in STATUSES:
        gaps.append("labour_market_status")
    if birth_date is None:
        gaps.append("birth_date")
    if education_level is None:
        gaps.append("education_level")
    if gender not in GENDERS:
        gaps.append("gender")
    return tuple(gaps)


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str  # output, entity, immediate, longer_term
    rule: str
    confirmed: bool
    labels: Mapping[str, str]

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]


@dataclass(frozen=True)
class EntityRow:
    """An organisation a project supported (first supported on ``supported_on``)."""

    key: str  # the organisation, opaque
    kind: str  # brygga.core OrganisationKind value
    supported_on: datetime.date
    sme: bool | None = None  # recorded as a micro, small or medium enterprise


@dataclass(frozen=True)
class Estimate:
    """An informed estimate of an indicator for a reporting period (no individual data).

    Either ``count`` participants or ``share`` percent of the participants (EECO01).
    """

    code: str
    period_start: datetime.date
    period_end: datetime.date
    count: int | None = None
    share: float | None = None  # percent, 0–100
    basis: str = ""

    def figure(self, participants: int) -> int:
        if self.count is not None:
            return self.count
        return round((self.share or 0.0) * participants / 100)


@dataclass(frozen=True)
class Count:
    indicator: Indicator
    by_gender: Mapping[str, int | None]  # None: not collected / not by gender / suppressed
    total: int | None
    estimate: Estimate | None = None  # the figure is this estimate, not a count of records

    @property
    def collected(self) -> bool:
        return self.indicator.rule not in NOT_COUNTED

    @property
    def by_gender_known(self) -> bool:
        """Whether the figure has a gender breakdown (not an entity, not an estimate)."""
        return self.collected and self.indicator.group != "entity" and self.estimate is None


@dataclass(frozen=True)
class Incomplete:
    key: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Tallies:
    """The person-level counts a report is made of, however they were counted.

    ``by_rule``: per person-level rule of the code table, the complete
    participants of its group's population who meet it, by gender. ``output``,
    ``left`` and ``six_months_on`` are the sizes of the three populations.
    ``tally`` counts them in Python from rows; the projects app's
    ``selectors.indicator_counts`` has the database count the very same.
    """

    by_rule: Mapping[str, Mapping[str, int]]
    output: int
    left: int
    six_months_on: int
    incomplete: tuple[Incomplete, ...]


@dataclass(frozen=True)
class EsfReport:
    as_of: datetime.date
    counts: tuple[Count, ...]
    incomplete: tuple[Incomplete, ...]
    left: int  # complete participants who have left (population of immediate results)
    six_months_on: int  # complete participants who left six months or more ago
    model: str = MODEL
    version: str = VERSION
    table_version: str = ""
    suppressed: bool = False
    target_group: str = ""  # "" for all participants

    def count(self, code: str) -> Count:
        return next(c for c in self.counts if c.indicator.code == code)

    def group(self, group: str) -> list[Count]:
        return [c for c in self.counts if c.indicator.group == group]


# --- the code table ---------------------------------------------------------------


@cache
def load_code_table(path: Path = CODE_TABLE) -> tuple[str, tuple[Indicator, ...]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    indicators = tuple(
        Indicator(
            code=item["code"],
            group=item["group"],
            rule=item["rule"],
            confirmed=bool(item.get("confirmed", False)),
            labels=dict(item["label"]),
        )
        for item in data["indicators"]
    )
    known = {*RULES, *ENTITY_RULES, *NOT_COUNTED}
    unknown = [i.rule for i in indicators if i.rule not in known]
    if unknown:
        raise ValueError(f"Unknown indicator rules in {path}: {unknown}")
    unknown = [
        i.rule
        for i in indicators
        if (i.group == "entity") != (i.rule in ENTITY_RULES) and i.rule not in NOT_COUNTED
    ]
    if unknown:
        raise ValueError(f"Indicator rules in the wrong group in {path}: {unknown}")
    return str(data.get("version", "")), indicators


@cache
def load_partitions(path: Path = CODE_TABLE) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Groups of indicators that add up to another (parts, total), for suppression."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple((tuple(item["parts"]), str(item["total"])) for item in data.get("partitions", ()))


# --- rules ---------------------------------------------------------------------------


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    days_in_month = [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return datetime.date(year, month, min(day.day, days_in_month[month - 1]))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def six_months_cutoff(as_of: datetime.date) -> datetime.date:
    """The latest exit date six months or more before ``as_of``.

    ``add_months(exit, 6) <= as_of`` holds exactly for exits on or before it
    (``add_months`` never decreases), so a database can compare with one date.
    The end of a month needs the search: on 28 February, 31 August is six months
    back.
    """
    day = as_of - datetime.timedelta(days=190)
    while add_months(day + datetime.timedelta(days=1), SIX_MONTHS) <= as_of:
        day += datetime.timedelta(days=1)
    return day


def situation_on_leaving(row: ParticipantRow) -> str:
    """The last event within 28 days of leaving: the exit or a follow-up in the window."""
    if row.exit_date is None:
        return ""
    window_end = row.exit_date + datetime.timedelta(days=IMMEDIATE_WINDOW_DAYS)
    events = [(row.exit_date, 0, row.exit_outcome)]
    events += [
        (o.on, 1, o.situation)
        for o in row.observations
        if row.exit_date <= o.on <= window_end and o.situation
    ]
    return max(events)[2]


def six_month_observation(row: ParticipantRow) -> Observation | None:
    found = [o for o in row.observations if o.kind == "m6"]
    return max(found, key=lambda o: o.on) if found else None


@dataclass(slots=True)
class Person:
    """A complete row with what the rules need derived once."""

    row: ParticipantRow
    age: int  # at the first entry
    situation: str  # within 28 days of leaving ("" while still in the project)
    six: Observation | None  # the six-month follow-up
    left: bool  # left on or before the report date
    six_months_on: bool  # left six months or more before the report date
    isced_band: str  # "0_2", "3_4" or "5_8"


def derive(row: ParticipantRow, as_of: datetime.date) -> Person:
    """``row`` as known on ``as_of`` (a complete row: birth date recorded)."""
    row = _known_on(row, as_of)
    birth = row.birth_date or row.entry_date
    left = row.exit_date is not None
    return Person(
        row=row,
        age=age_on(birth, row.entry_date),
        situation=situation_on_leaving(row),
        six=six_month_observation(row),
        left=left,
        six_months_on=row.exit_date is not None and add_months(row.exit_date, SIX_MONTHS) <= as_of,
        isced_band=isced_band(row.education_level),
    )


def isced_band(level: int | None) -> str:
    """The ESF+ education band of an ISCED 2011 level: "0_2", "3_4" or "5_8"."""
    if level is None:
        return ""
    return "0_2" if level <= 2 else "3_4" if level <= 4 else "5_8"


RULES: dict[str, Callable[[Person], bool]] = {
    "total": lambda p: True,
    "unemployed": lambda p: p.row.labour_market_status in UNEMPLOYED,
    "long_term_unemployed": lambda p: (
        p.row.labour_market_status == "long_term_unemployed"
        or (p.row.labour_market_status in UNEMPLOYED and p.row.long_term_unemployed)
    ),
    "inactive": lambda p: p.row.labour_market_status == "inactive",
    "employed": lambda p: p.row.labour_market_status == "employed",
    "age_below_18": lambda p: p.age < 18,
    "age_18_29": lambda p: 18 <= p.age <= 29,
    "age_55_plus": lambda p: p.age >= 55,
    "isced_0_2": lambda p: p.isced_band == "0_2",
    "isced_3_4": lambda p: p.isced_band == "3_4",
    "isced_5_8": lambda p: p.isced_band == "5_8",
    "disability": lambda p: p.row.disability is True,
    "minority": lambda p: p.row.minority is True,
    "homeless_or_housing_exclusion": lambda p: p.row.homeless is True,
    "rural_area": lambda p: p.row.rural is True,
    "third_country_national": lambda p: p.row.third_country_national,
    "foreign_background": lambda p: p.row.foreign_background,
    "job_searching_on_leaving": lambda p: p.situation == "job_seeking",
    "in_education_on_leaving": lambda p: p.situation == "studies",
    "qualification_on_leaving": lambda p: p.left and p.row.qualification_gained,
    "employed_on_leaving": lambda p: p.situation in EMPLOYED_OUTCOMES,
    "employed_six_months": lambda p: p.six is not None and p.six.situation in EMPLOYED_OUTCOMES,
    "better_situation_six_months": lambda p: p.six is not None and p.six.better_situation is True,
}
#: Rules for characteristics Brygga does not record (reported as not collected).
NOT_COUNTED = frozenset({"not_collected", "not_computed"})

#: Organisation kinds counted as public administrations or services (EECO18).
PUBLIC_KINDS = frozenset(
    {"municipality", "agency", "coordination_association", "education_provider"}
)


def _is_sme(entity: EntityRow) -> bool:
    """Social enterprises unless recorded as not an SME; employers only when recorded as one."""
    if entity.kind == "social_enterprise":
        return entity.sme is not False
    return entity.kind == "employer" and entity.sme is True


ENTITY_RULES: dict[str, Callable[[EntityRow], bool]] = {
    "public_administration": lambda e: e.kind in PUBLIC_KINDS,
    "sme": _is_sme,
}


# --- re-entry ------------------------------------------------------------------------


def merge_reentries(rows: Iterable[ParticipantRow]) -> list[ParticipantRow]:
    """One row per participant: the first entry date, the latest stay's exit and results."""
    rows = list(rows)
    by_key: dict[str, list[ParticipantRow]] = defaultdict(list)
    for row in rows:
        by_key[row.key].append(row)
    if len(by_key) == len(rows):
        return rows
    merged = []
    for stays in by_key.values():
        if len(stays) == 1:
            merged.append(stays[0])
            continue
        stays.sort(key=lambda r: r.entry_date)
        first, latest = stays[0], stays[-1]
        merged.append(
            replace(
                latest,
                entry_date=first.entry_date,
                income_sources_before=first.income_sources_before,
                labour_market_status=first.labour_market_status,
                long_term_unemployed=first.long_term_unemployed,
                homeless=first.homeless,
                rural=first.rural,
            )
        )
    return merged


# --- the report ------------------------------------------------------------------------


def _population(people: list[Person], group: str) -> list[Person]:
    if group == "immediate":
        return [p for p in people if p.left]
    if group == "longer_term":
        return [p for p in people if p.six_months_on]
    return people


def _tally(people: Iterable[Person], rule: Callable[[Person], bool]) -> dict[str, int]:
    counts = dict.fromkeys(GENDERS, 0)
    for person in people:
        if rule(person):
            counts[person.row.gender] += 1
    return counts


def current_estimates(estimates: Iterable[Estimate], as_of: datetime.date) -> dict[str, Estimate]:
    """Per code, the estimate in force on ``as_of``: the latest one that has begun.

    Its period covers ``as_of``, or it is the last period before it (a report
    after the project's end keeps the last estimate: ESF+ figures are cumulative).
    """
    chosen: dict[str, Estimate] = {}
    for estimate in estimates:
        if estimate.period_start > as_of:
            continue
        known = chosen.get(estimate.code)
        if known is None or estimate.period_start > known.period_start:
            chosen[estimate.code] = estimate
    return chosen


def tally(rows: Iterable[ParticipantRow], as_of: datetime.date) -> Tallies:
    """The person-level counts on ``as_of`` of the given enrolments (re-entries merged)."""
    _table_version, indicators = load_code_table()
    people = [r for r in merge_reentries(rows) if r.entry_date <= as_of]
    gaps = [(r, r.missing()) for r in people]
    incomplete = tuple(
        sorted((Incomplete(r.key, missing) for r, missing in gaps if missing), key=lambda i: i.key)
    )
    # Results are known only up to the report date.
    complete = [derive(r, as_of) for r, missing in gaps if not missing]
    populations = {group: _population(complete, group) for group in GROUPS}
    return Tallies(
        by_rule={
            i.rule: _tally(populations[i.group], RULES[i.rule])
            for i in indicators
            if i.rule in RULES
        },
        output=len(populations["output"]),
        left=len(populations["immediate"]),
        six_months_on=len(populations["longer_term"]),
        incomplete=incomplete,
    )


def compute(
    rows: Iterable[ParticipantRow],
    as_of: datetime.date,
    entities: Iterable[EntityRow] = (),
    estimates: Iterable[Estimate] = (),
) -> EsfReport:
    """The indicator report on ``as_of`` for the given enrolments of one project.

    ``entities``: the organisations the project supported; ``estimates``: informed
    estimates, the one in force on ``as_of`` replacing its indicator's count.
    """
    return report(tally(rows, as_of), as_of, entities, estimates)


def report(
    tallies: Tallies,
    as_of: datetime.date,
    entities: Iterable[EntityRow] = (),
    estimates: Iterable[Estimate] = (),
) -> EsfReport:
    """The indicator report on ``as_of`` from person-level ``tallies`` (see ``compute``)."""
    table_version, indicators = load_code_table()
    supported: dict[str, EntityRow] = {}
    for entity in sorted(entities, key=lambda e: e.supported_on):
        if entity.supported_on <= as_of:
            supported.setdefault(entity.key, entity)
    chosen = current_estimates(estimates, as_of)
    counts = []
    for indicator in indicators:
        if indicator.rule in NOT_COUNTED:
            counts.append(Count(indicator, dict.fromkeys(GENDERS), None))
        elif indicator.rule in ENTITY_RULES:
            rule = ENTITY_RULES[indicator.rule]
            total = sum(1 for e in supported.values() if rule(e))
            counts.append(Count(indicator, dict.fromkeys(GENDERS), total))
        elif indicator.code in chosen:
            estimate = chosen[indicator.code]
            figure = estimate.figure(tallies.output)
            counts.append(Count(indicator, dict.fromkeys(GENDERS), figure, estimate))
        else:
            by_gender = {g: tallies.by_rule[indicator.rule].get(g, 0) for g in GENDERS}
            counts.append(Count(indicator, by_gender, sum(by_gender.values())))
    return EsfReport(
        as_of=as_of,
        counts=tuple(counts),
        incomplete=tallies.incomplete,
        left=tallies.left,
        six_months_on=tallies.six_months_on,
        table_version=table_version,
    )


def _known_on(row: ParticipantRow, as_of: datetime.date) -> ParticipantRow:
    if row.exit_date is not None and row.exit_date > as_of:
        return replace(row, exit_date=None, exit_outcome="", observations=())
    if not row.observations or all(o.on <= as_of for o in row.observations):
        return row
    return replace(row, observations=tuple(o for o in row.observations if o.on <= as_of))
