from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from brygga.enterprises.indicators import Direction, RevenueMix, trend


def mix(year: int, private: int, public: int, grants: int, subsidies: int) -> RevenueMix:
    return RevenueMix(year, Decimal(private), Decimal(public), Decimal(grants), Decimal(subsidies))


def test_independence_is_the_earned_share() -> None:
    assert mix(2024, 300, 100, 50, 50).independence == Decimal("80.0")
    assert mix(2024, 300, 100, 50, 50).private_share == Decimal("60.0")


def test_no_revenue_has_no_independence() -> None:
    assert mix(2024, 0, 0, 0, 0).independence is None


def test_trend_rises_falls_and_stays() -> None:
    rising = trend([mix(2022, 40, 0, 60, 0), mix(2023, 50, 0, 50, 0), mix(2024, 60, 0, 40, 0)])
    assert rising is not None
    assert rising.points_per_year == Decimal("10.0")
    assert rising.direction is Direction.RISING
    falling = trend([mix(2023, 60, 0, 40, 0), mix(2024, 40, 0, 60, 0)])
    assert falling is not None and falling.direction is Direction.FALLING
    stable = trend([mix(2023, 500, 0, 500, 0), mix(2024, 505, 0, 495, 0)])
    assert stable is not None and stable.direction is Direction.STABLE


def test_trend_needs_two_years_with_revenue() -> None:
    assert trend([mix(2024, 1, 0, 0, 0)]) is None
    assert trend([mix(2023, 0, 0, 0, 0), mix(2024, 1, 0, 0, 0)]) is None


@given(st.lists(st.integers(0, 10**6), min_size=4, max_size=4))
def test_independence_lies_between_0_and_100(amounts: list[int]) -> None:
    value = mix(2024, *amounts).independence
    assert value is None or Decimal(0) <= value <= Decimal(100)
