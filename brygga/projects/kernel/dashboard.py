"""Dashboard figures from the same rows: who takes part, how they leave, what it costs."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .esf import ParticipantRow, merge_reentries
from .followup import OUTCOME_GROUPS, OUTCOMES

MODEL = "project-dashboard"
VERSION = "1"
#: Outcomes that count as a result for the cost per outcome: work and studies.
POSITIVE = frozenset({"work", "studies"})


@dataclass(frozen=True)
class Dashboard:
    as_of: datetime.date
    participants: int
    active: int
    left: int
    by_target_group: dict[str, int]
    by_organisation: dict[str, int]
    quarters: tuple[str, ...]
    outcomes_by_quarter: dict[str, tuple[int, ...]]  # outcome → count per quarter
    positive_outcomes: int
    cost: Decimal
    cost_per_participant: Decimal | None
    cost_per_outcome: Decimal | None


def quarter(day: datetime.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _quarters(first: datetime.date, last: datetime.date) -> list[str]:
    out = []
    year, q = first.year, (first.month - 1) // 3
    while (year, q) <= (last.year, (last.month - 1) // 3):
        out.append(f"{year} Q{q + 1}")
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return out


def summarise(rows: Iterable[ParticipantRow], as_of: datetime.date, cost: Decimal) -> Dashboard:
    people = [r for r in merge_reentries(rows) if r.entry_date <= as_of]
    left = [r for r in people if r.exit_date is not None and r.exit_date <= as_of]
    groups: Counter[str] = Counter()
    organisations: Counter[str] = Counter()
    for row in people:
        groups.update(row.target_groups or ("none",))
        organisations[row.organisation] += 1
    exits = [
        (r.exit_date, OUTCOME_GROUPS.get(r.exit_outcome, "other"))
        for r in left
        if r.exit_date is not None
    ]
    quarters = _quarters(min(d for d, _ in exits), max(d for d, _ in exits)) if exits else []
    index = {q: i for i, q in enumerate(quarters)}
    series = {outcome: [0] * len(quarters) for outcome in OUTCOMES}
    for day, outcome in exits:
        series[outcome][index[quarter(day)]] += 1
    positive = sum(1 for _, outcome in exits if outcome in POSITIVE)
    cent = Decimal("0.01")
    return Dashboard(
        as_of=as_of,
        participants=len(people),
        active=len(people) - len(left),
        left=len(left),
        by_target_group=dict(groups),
        by_organisation=dict(organisations),
        quarters=tuple(quarters),
        outcomes_by_quarter={k: tuple(v) for k, v in series.items()},
        positive_outcomes=positive,
        cost=cost,
        cost_per_participant=(cost / len(people)).quantize(cent) if people else None,
        cost_per_outcome=(cost / positive).quantize(cent) if positive else None,
    )
