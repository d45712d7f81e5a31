"""The co-financing check: the EU's share of the funding against the EU rate.

A project's EU co-financing rate (from its registry record) is the share of
the eligible costs the EU fund pays. The funders' amounts per year are
compared with it: more EU money than the rate allows is an error, less is a
warning (the national co-financing is larger than planned, or EU money is
missing from the plan). Amounts in different currencies are not added up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

MODEL = "cofinancing-check"
VERSION = "1"
#: Differences up to half a percentage point are rounding, not a problem.
TOLERANCE_PP = Decimal("0.5")


class Verdict(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


class Reason(StrEnum):
    MATCHES = "matches"
    EU_ABOVE_RATE = "eu_above_rate"
    EU_BELOW_RATE = "eu_below_rate"
    NO_EU_FUNDING = "no_eu_funding"
    NO_RATE = "no_rate"
    NO_FUNDING = "no_funding"
    MIXED_CURRENCIES = "mixed_currencies"


@dataclass(frozen=True)
class FundingRow:
    year: int
    is_eu: bool
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Check:
    """The check of one year (``year`` None: the whole project)."""

    year: int | None
    total: Decimal
    eu: Decimal
    currency: str
    eu_share: Decimal | None  # percent, two decimals
    verdict: Verdict
    reason: Reason


def _check(year: int | None, rows: list[FundingRow], rate: Decimal | None) -> Check:
    currencies = {r.currency for r in rows}
    if len(currencies) > 1:
        return Check(year, Decimal(0), Decimal(0), "", None, Verdict.ERROR, Reason.MIXED_CURRENCIES)
    currency = currencies.pop() if currencies else ""
    total = sum((r.amount for r in rows), Decimal(0))
    eu = sum((r.amount for r in rows if r.is_eu), Decimal(0))
    if total == 0:
        return Check(year, total, eu, currency, None, Verdict.WARNING, Reason.NO_FUNDING)
    share = (eu * 100 / total).quantize(Decimal("0.01"))
    if rate is None:
        verdict = Verdict.OK if eu == 0 else Verdict.WARNING
        return Check(year, total, eu, currency, share, verdict, Reason.NO_RATE)
    if eu == 0 and rate > 0:
        return Check(year, total, eu, currency, share, Verdict.WARNING, Reason.NO_EU_FUNDING)
    if share > rate + TOLERANCE_PP:
        return Check(year, total, eu, currency, share, Verdict.ERROR, Reason.EU_ABOVE_RATE)
    if share < rate - TOLERANCE_PP:
        return Check(year, total, eu, currency, share, Verdict.WARNING, Reason.EU_BELOW_RATE)
    return Check(year, total, eu, currency, share, Verdict.OK, Reason.MATCHES)


def check_cofinancing(rows: Iterable[FundingRow], eu_rate: Decimal | None) -> list[Check]:
    """One check per year in order, then one for the whole project (year None)."""
    rows = list(rows)
    by_year: dict[int, list[FundingRow]] = defaultdict(list)
    for row in rows:
        by_year[row.year].append(row)
    checks = [_check(year, by_year[year], eu_rate) for year in sorted(by_year)]
    checks.append(_check(None, rows, eu_rate))
    return checks
