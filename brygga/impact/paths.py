"""A participant's observed states, year by year, read from their journey.

Pure functions over plain values (no database), so the rules can be tested
directly; ``services`` builds the :class:`Journey` values from the records.
The rules are documented in docs/algorithms/impact.md ("Accounts from case
records").
"""

from __future__ import annotations

import bisect
import calendar
import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

#: States a person is "in work" in: projected with the scenario's persistence.
WORK_STATES: tuple[str, ...] = ("subsidised_job", "small_job", "part_time_job", "full_time_job")

#: Income source before entry → state, strongest first (the first match wins).
SOURCE_STATES: tuple[tuple[str, str], ...] = (
    ("income_support", "income_support"),
    ("sickness_benefit", "sickness_benefit"),
    ("activity_support", "activity_support"),
    ("unemployment_benefit", "unemployment_benefit"),
    ("study_support", "studies"),
    ("salary", "part_time_job"),
    ("none", "neet"),
)

#: Activity kind → state while the activity runs (other kinds keep the state).
ACTIVITY_STATES: dict[str, str] = {
    "subsidised_job": "subsidised_job",
    "small_job": "small_job",
    "studies": "studies",
}

#: A job activity of fewer hours a week than this counts as a part-time job.
FULL_TIME_HOURS = 30.0

SAMPLES_PER_YEAR = 12


@dataclass(frozen=True)
class Spell:
    """A state from ``start`` to ``end`` (inclusive; None = still running)."""

    state: str
    start: datetime.date
    end: datetime.date | None = None

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Journey:
    """What the records say about one person in one enrolment."""

    entry_date: datetime.date
    start_state: str
    exit_date: datetime.date | None = None
    exit_state: str | None = None
    activities: Sequence[Spell] = ()
    situations: Sequence[tuple[datetime.date, str]] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "activities", tuple(self.activities))
        object.__setattr__(self, "situations", tuple(sorted(self.situations)))


def start_state(
    income_sources_before: Sequence[str],
    *,
    income_support: bool = False,
    sick_leave: bool = False,
    employed: bool = False,
    default: str,
) -> str:
    """The state at entry: from the income sources before, else from the person's flags."""
    for source, state in SOURCE_STATES:
        if source in income_sources_before:
            return state
    if income_support:
        return "income_support"
    if sick_leave:
        return "sickness_benefit"
    if employed:
        return "full_time_job"
    return default


def outcome_state(outcome: str, income_sources_after: Sequence[str], start: str) -> str:
    """The state after exit or at a follow-up, from the recorded outcome."""
    if outcome == "work":
        return "part_time_job" if "income_support" in income_sources_after else "full_time_job"
    if outcome == "self_employment":
        return "full_time_job"
    if outcome == "studies":
        return "studies"
    if outcome == "job_seeking" and "unemployment_benefit" in income_sources_after:
        return "unemployment_benefit"
    if outcome in ("job_seeking", "other") and income_sources_after:
        return start_state(income_sources_after, default=start)
    return start


def activity_state(kind: str, hours_per_week: float | None) -> str | None:
    """The state an activity puts a person in, or None when it keeps the current one."""
    if kind == "job":
        if hours_per_week is not None and hours_per_week < FULL_TIME_HOURS:
            return "part_time_job"
        return "full_time_job"
    return ACTIVITY_STATES.get(kind)


def state_on(journey: Journey, day: datetime.date) -> str:
    """The person's state on ``day`` (on or after entry)."""
    state = journey.start_state
    if journey.exit_date is not None and day >= journey.exit_date and journey.exit_state:
        state = journey.exit_state
    for since, situation in journey.situations:  # sorted by date
        if since > day:
            break
        state = situation
    for spell in journey.activities:
        if spell.covers(day) and (journey.exit_date is None or day < journey.exit_date):
            state = spell.state
    return state


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    if day.day <= 28:  # every month has the day
        return datetime.date(year, month + 1, day.day)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def timeline(journey: Journey) -> tuple[list[datetime.date], list[str]]:
    """The journey as a step function: the days its state may change, and the state from
    each. ``state_on`` is constant between these days, so it is evaluated only there."""
    one_day = datetime.timedelta(days=1)
    days = {journey.entry_date}
    if journey.exit_date is not None:
        days.add(journey.exit_date)
    days.update(since for since, _ in journey.situations)
    for spell in journey.activities:
        days.add(spell.start)
        if spell.end is not None:
            days.add(spell.end + one_day)
    changes = sorted(day for day in days if day >= journey.entry_date)
    return changes, [state_on(journey, day) for day in changes]


def yearly_states(journey: Journey, today: datetime.date, horizon: int) -> list[str | None]:
    """The state of each year of the horizon counted from entry, None where not yet observed.

    A year's state is the one the person was in on most of twelve days spread
    over the year (the 15th day of each month of the year; ties go to the later
    state), using only days up to ``today``.
    """
    result: list[str | None] = []
    fortnight = datetime.timedelta(days=14)
    changes, states_from = timeline(journey)

    def state(day: datetime.date) -> str:
        return states_from[bisect.bisect_right(changes, day) - 1]

    for year in range(horizon):
        begin = add_months(journey.entry_date, 12 * year)
        if begin > today:
            result.extend([None] * (horizon - year))
            break
        days = [add_months(begin, month) + fortnight for month in range(SAMPLES_PER_YEAR)]
        states = [state(day) for day in days if day <= today] or [state(begin)]
        counts = Counter(states)
        best = max(counts.values())
        result.append(next(s for s in reversed(states) if counts[s] == best))
    return result
