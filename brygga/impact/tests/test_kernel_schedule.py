"""Discount schedules: year 0 undiscounted, constant and stepped rates."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from brygga.impact.kernel.schedule import (
    DK_FINANCE_MINISTRY,
    UK_GREEN_BOOK,
    DiscountSchedule,
    constant,
    schedule_from_dict,
)

flows = st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1, max_size=80)


def test_year_zero_is_not_discounted() -> None:
    assert constant(0.035).factors(3)[0] == 1.0
    assert UK_GREEN_BOOK.factors(1)[0] == 1.0


def test_constant_rate_factors() -> None:
    factors = constant(0.03).factors(6)
    assert np.allclose(factors, 1.03 ** -np.arange(6))
    # KORA's six years at 3 %: the annuity factor behind 122 → 680 and 136 → 760 thousand.
    assert math.isclose(factors.sum(), 5.5797, abs_tol=1e-4)


@given(flows)
def test_zero_rate_discounted_sum_equals_plain_sum(values: list[float]) -> None:
    array = np.array(values)
    discounted = constant(0.0).factors(len(values)) @ array
    assert math.isclose(discounted, array.sum(), rel_tol=1e-12, abs_tol=1e-3)


def test_uk_green_book_factors_at_the_steps() -> None:
    factors = UK_GREEN_BOOK.factors(80)
    # Years 0–30 are discounted at 3.5 %; year 31 is the first in the 3.0 % band, so its
    # rate is first applied on the way to year 32, and 2.5 % (year 76) on the way to 77.
    assert math.isclose(factors[30], 1.035**-30)
    assert math.isclose(factors[31], 1.035**-31)
    assert math.isclose(factors[32], 1.035**-31 / 1.03)
    assert math.isclose(factors[76], 1.035**-31 * 1.03**-45)
    assert math.isclose(factors[77], 1.035**-31 * 1.03**-45 / 1.025)
    assert list(UK_GREEN_BOOK.rates(78)[[0, 30, 31, 75, 76, 77]]) == [
        0.035, 0.035, 0.030, 0.030, 0.025, 0.025
    ]  # fmt: skip


def test_danish_finance_ministry_factors_at_the_step() -> None:
    factors = DK_FINANCE_MINISTRY.factors(71)
    assert math.isclose(factors[35], 1.035**-35)
    assert math.isclose(factors[36], 1.035**-36)
    assert math.isclose(factors[37], 1.035**-36 / 1.025)
    assert math.isclose(factors[70], 1.035**-36 * 1.025**-34)


@given(st.floats(min_value=0.0, max_value=0.2), st.integers(min_value=1, max_value=120))
def test_a_one_band_stepped_schedule_is_the_constant_rate(rate: float, years: int) -> None:
    stepped = DiscountSchedule(name="one band", bands=((0, rate),))
    assert np.allclose(stepped.factors(years), (1 + rate) ** -np.arange(years))


@given(st.integers(min_value=1, max_value=200))
def test_positive_rates_give_decreasing_factors(years: int) -> None:
    factors = UK_GREEN_BOOK.factors(years)
    assert factors[0] == 1.0
    assert np.all(np.diff(factors) < 0)


def test_schedule_from_dict() -> None:
    assert schedule_from_dict({"preset": "uk-green-book"}) is UK_GREEN_BOOK
    assert schedule_from_dict({"rate": 0.03}).bands == ((0, 0.03),)
    stepped = schedule_from_dict({"bands": [[0, 0.04], [10, 0.02]]})
    assert stepped.bands == ((0, 0.04), (10, 0.02))
    with pytest.raises(ValueError, match="unknown discount preset"):
        schedule_from_dict({"preset": "nowhere"})
    with pytest.raises(ValueError, match="start at year 0"):
        DiscountSchedule(name="bad", bands=((1, 0.03),))
    with pytest.raises(ValueError, match="increasing"):
        DiscountSchedule(name="bad", bands=((0, 0.03), (5, 0.02), (5, 0.01)))
