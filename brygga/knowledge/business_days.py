"""Business days in Sweden and Denmark (pure; the ``holidays`` package knows the dates).

Sweden: public holidays, and Midsummer Eve, Christmas Eve and New Year's Eve,
which the Act on the computation of statutory time (1930:173) treats as
holidays. Denmark: public holidays, and Constitution Day (5 June), 1 May,
Christmas Eve and New Year's Eve, on which public offices are closed.
Saturdays and Sundays are never business days.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

_CATEGORIES = {"SE": ("public", "de_facto"), "DK": ("public", "optional")}


@lru_cache(maxsize=64)
def _closed(country: str, year: int) -> frozenset[datetime.date]:
    calendar = holidays.country_holidays(country, years=year, categories=_CATEGORIES[country])
    return frozenset(calendar.keys())


def is_business_day(day: datetime.date, country: str) -> bool:
    return day.weekday() < 5 and day not in _closed(country, day.year)


def add_business_days(start: datetime.date, days: int, country: str) -> datetime.date:
    """The ``days``-th business day after ``start`` (``start`` itself never counts)."""
    if country not in _CATEGORIES:
        raise ValueError(f"no calendar for {country!r}")
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_business_day(day, country):
            counted += 1
    return day
