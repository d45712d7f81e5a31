"""Two business days, counting each country's public holidays."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from brygga.knowledge.business_days import add_business_days, is_business_day
from brygga.knowledge.services import due_date

D = datetime.date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2025, 4, 16), D(2025, 4, 22)),  # Wed before Easter: Thu, (Good Fri … Easter Mon), Tue
        (D(2025, 4, 17), D(2025, 4, 23)),  # Maundy Thursday is a working day in Sweden
        (D(2025, 4, 18), D(2025, 4, 23)),  # received on Good Friday
        (D(2025, 6, 18), D(2025, 6, 23)),  # Wed before Midsummer: Thu, (Eve, Day, Sun), Mon
        (D(2025, 6, 19), D(2025, 6, 24)),
        (D(2025, 6, 5), D(2025, 6, 10)),  # National Day (6 June) counts
        (D(2025, 12, 23), D(2025, 12, 30)),  # Christmas Eve … Boxing Day, weekend
        (D(2025, 11, 19), D(2025, 11, 21)),  # an ordinary week
        (D(2025, 11, 21), D(2025, 11, 25)),  # Friday → Tuesday
    ],
)
def test_sweden(received: datetime.date, due: datetime.date) -> None:
    assert add_business_days(received, 2, "SE") == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2025, 4, 15), D(2025, 4, 22)),  # Tue: Wed, (Maundy Thu … Easter Mon), Tue
        (D(2025, 4, 16), D(2025, 4, 23)),
        (D(2025, 6, 4), D(2025, 6, 10)),  # Constitution Day 5 June, Whit Monday 9 June
        (D(2025, 6, 3), D(2025, 6, 6)),  # Wed 4, (Thu 5 Constitution Day), Fri 6
        (D(2026, 6, 4), D(2026, 6, 9)),  # 2026: Constitution Day is a Friday
        (D(2025, 11, 19), D(2025, 11, 21)),
    ],
)
def test_denmark(received: datetime.date, due: datetime.date) -> None:
    assert add_business_days(received, 2, "DK") == due


def test_the_countries_differ_on_maundy_thursday_and_constitution_day() -> None:
    assert is_business_day(D(2025, 4, 17), "SE")
    assert not is_business_day(D(2025, 4, 17), "DK")
    assert is_business_day(D(2025, 6, 5), "SE")
    assert not is_business_day(D(2025, 6, 5), "DK")
    assert not is_business_day(D(2025, 6, 20), "SE")  # Midsummer Eve
    assert is_business_day(D(2025, 6, 20), "DK")


def test_the_due_date_follows_the_local_day_of_receipt() -> None:
    # 23:30 in Stockholm on Wednesday is 21:30 UTC: still Wednesday there.
    late = datetime.datetime(2025, 11, 19, 23, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert due_date(late.astimezone(datetime.UTC), "SE") == D(2025, 11, 21)


def test_an_unknown_country_is_an_error() -> None:
    with pytest.raises(ValueError, match="NO"):
        add_business_days(D(2025, 1, 1), 2, "NO")
