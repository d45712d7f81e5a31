"""Discount schedules: a constant rate, or rates stepped in bands of years.

Year 0 is the first year and is not discounted. The factor of year ``t`` is

    DF(t) = 1 / prod_{u=0}^{t-1} (1 + r(u))

where ``r(u)`` is the rate of the band that holds year ``u``. A constant rate
is the one-band case, ``DF(t) = (1 + r) ** -t``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class DiscountSchedule:
    """Bands of ``(first_year, rate)``; the first band starts at year 0."""

    name: str
    bands: tuple[tuple[int, float], ...]

    def __post_init__(self) -> None:
        if not self.bands or self.bands[0][0] != 0:
            raise ValueError("a discount schedule's first band must start at year 0")
        starts = [start for start, _ in self.bands]
        if starts != sorted(set(starts)):
            raise ValueError("discount bands must start in strictly increasing years")
        if any(rate <= -1.0 for _, rate in self.bands):
            raise ValueError("a discount rate must be greater than -100 %")

    def rates(self, years: int) -> FloatArray:
        """The rate ``r(t)`` of each year ``t = 0 … years-1``."""
        t = np.arange(years)
        starts = np.array([start for start, _ in self.bands])
        values = np.array([rate for _, rate in self.bands], dtype=np.float64)
        result: FloatArray = values[np.searchsorted(starts, t, side="right") - 1]
        return result

    def factors(self, years: int) -> FloatArray:
        """Discount factors ``DF(0) = 1, DF(1), …, DF(years-1)``."""
        growth = np.concatenate(([1.0], np.cumprod(1.0 + self.rates(years))[:-1]))
        result: FloatArray = 1.0 / growth[:years]
        return result

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (the same shape the scenario file accepts)."""
        return {"name": self.name, "bands": [[start, rate] for start, rate in self.bands]}


def constant(rate: float) -> DiscountSchedule:
    """One rate for every year."""
    return DiscountSchedule(name=f"constant {rate:.4%}", bands=((0, rate),))


#: HM Treasury Green Book: 3.5 % years 0–30, 3.0 % years 31–75, 2.5 % years 76–125.
UK_GREEN_BOOK = DiscountSchedule(name="uk-green-book", bands=((0, 0.035), (31, 0.030), (76, 0.025)))
#: Danish Finance Ministry (since 2021): 3.5 % years 0–35, 2.5 % years 36–70.
#: The reference facts give no rate beyond year 70; 2.5 % is kept there.
DK_FINANCE_MINISTRY = DiscountSchedule(name="dk-finance-ministry", bands=((0, 0.035), (36, 0.025)))
PRESETS: dict[str, DiscountSchedule] = {
    UK_GREEN_BOOK.name: UK_GREEN_BOOK,
    DK_FINANCE_MINISTRY.name: DK_FINANCE_MINISTRY,
}


def schedule_from_dict(data: dict[str, Any]) -> DiscountSchedule:
    """Read ``{"preset": NAME}``, ``{"rate": R}`` or ``{"bands": [[year, rate], …]}``."""
    if "preset" in data:
        try:
            return PRESETS[str(data["preset"])]
        except KeyError:
            raise ValueError(
                f"unknown discount preset {data['preset']!r}; known: {sorted(PRESETS)}"
            ) from None
    if "rate" in data:
        return constant(float(data["rate"]))
    if "bands" in data:
        bands = tuple((int(start), float(rate)) for start, rate in data["bands"])
        return DiscountSchedule(name=str(data.get("name", "stepped")), bands=bands)
    raise ValueError("a discount schedule needs 'preset', 'rate' or 'bands'")
