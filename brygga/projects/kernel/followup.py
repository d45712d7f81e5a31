"""The follow-up report of Swedish coordination associations, from the same rows.

Per participant who has left: income sources before and after, activity
(labour-market status) before and the situation after, the outcome grouped as
work, studies, job-seeking or other, and the time in the intervention. Every
participant who left counts here, with or without the ESF+ minimum data
(coordination associations register people anonymously without consent).
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .esf import ParticipantRow, merge_reentries, six_month_observation

MODEL = "follow-up-report"
VERSION = "1"
#: Exit outcomes grouped as the coordination associations report them.
OUTCOME_GROUPS = {
    "work": "work",
    "self_employment": "work",
    "studies": "studies",
    "job_seeking": "job_seeking",
    "other": "other",
}
OUTCOMES = ("work", "studies", "job_seeking", "other")
#: Time in the intervention, in upper bounds of days (the last bucket is open).
DURATION_BUCKETS = (("under_3_months", 91), ("3_6_months", 183), ("6_12_months", 365))
DURATION_OPEN = "12_months_or_more"


@dataclass(frozen=True)
class FollowUpReport:
    as_of: datetime.date
    left: int | None  # None only once suppressed
    still_in: int | None
    income_before: Mapping[str, int | None]
    income_after: Mapping[str, int | None]
    activity_before: Mapping[str, int | None]
    outcome: Mapping[str, int | None]
    situation_six_months: Mapping[str, int | None]
    six_months_recorded: int | None
    duration: Mapping[str, int | None]
    median_days: float | None
    mean_days: float | None
    model: str = MODEL
    version: str = VERSION


def _bucket(days: int) -> str:
    for name, limit in DURATION_BUCKETS:
        if days < limit:
            return name
    return DURATION_OPEN


def follow_up_report(rows: Iterable[ParticipantRow], as_of: datetime.date) -> FollowUpReport:
    people = [r for r in merge_reentries(rows) if r.entry_date <= as_of]
    left = [r for r in people if r.exit_date is not None and r.exit_date <= as_of]
    income_before: Counter[str] = Counter()
    income_after: Counter[str] = Counter()
    activity: Counter[str] = Counter()
    outcome: Counter[str] = Counter(dict.fromkeys(OUTCOMES, 0))
    six: Counter[str] = Counter(dict.fromkeys(OUTCOMES, 0))
    durations: list[int] = []
    duration: Counter[str] = Counter(
        dict.fromkeys([*(n for n, _ in DURATION_BUCKETS), DURATION_OPEN], 0)
    )
    recorded = 0
    for row in left:
        exit_date = row.exit_date or as_of  # always set for those who left
        income_before.update(row.income_sources_before or ("not_recorded",))
        income_after.update(row.income_sources_after or ("not_recorded",))
        activity[row.labour_market_status or "not_recorded"] += 1
        outcome[OUTCOME_GROUPS.get(row.exit_outcome, "other")] += 1
        observation = six_month_observation(row)
        if observation is not None and observation.on <= as_of:
            recorded += 1
            six[OUTCOME_GROUPS.get(observation.situation, "other")] += 1
        days = (exit_date - row.entry_date).days
        durations.append(days)
        duration[_bucket(days)] += 1
    return FollowUpReport(
        as_of=as_of,
        left=len(left),
        still_in=len(people) - len(left),
        income_before=dict(income_before),
        income_after=dict(income_after),
        activity_before=dict(activity),
        outcome=dict(outcome),
        situation_six_months=dict(six),
        six_months_recorded=recorded,
        duration=dict(duration),
        median_days=float(statistics.median(durations)) if durations else None,
        mean_days=round(statistics.fmean(durations), 1) if durations else None,
    )
