"""The independence-from-public-money indicator and its trend (pure arithmetic).

Independence of a year is the share of revenue the enterprise *earned* by
selling (to private customers and, under contract, to public buyers) as
opposed to revenue it *received* as grants and wage subsidies. The private
share — sales to private customers alone — is shown beside it. The trend is the
least-squares slope of the indicator over the years, in percentage points a
year; below one point either way it counts as stable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

STABLE_BELOW_POINTS = Decimal(1)


@dataclass(frozen=True)
class RevenueMix:
    year: int
    private_sales: Decimal
    public_sales: Decimal
    grants: Decimal
    wage_subsidies: Decimal

    @property
    def total(self) -> Decimal:
        return self.private_sales + self.public_sales + self.grants + self.wage_subsidies

    @property
    def independence(self) -> Decimal | None:
        """Earned share of revenue in per cent (one decimal), None without revenue."""
        if self.total == 0:
            return None
        share = (self.private_sales + self.public_sales) * 100 / self.total
        return share.quantize(Decimal("0.1"))

    @property
    def private_share(self) -> Decimal | None:
        if self.total == 0:
            return None
        return (self.private_sales * 100 / self.total).quantize(Decimal("0.1"))


class Direction(StrEnum):
    RISING = "rising"
    STABLE = "stable"
    FALLING = "falling"


@dataclass(frozen=True)
class Trend:
    points_per_year: Decimal
    direction: Direction


def trend(mixes: Sequence[RevenueMix]) -> Trend | None:
    """Slope of independence over the years with revenue; None with fewer than two."""
    points = [(m.year, m.independence) for m in mixes if m.independence is not None]
    if len(points) < 2:
        return None
    n = Decimal(len(points))
    slope_value: Decimal
    mean_x = sum(Decimal(x) for x, _y in points) / n
    mean_y = sum(Decimal(y) for _x, y in points if y is not None) / n
    sxx = sum((Decimal(x) - mean_x) ** 2 for x, _y in points)
    sxy = sum((Decimal(x) - mean_x) * (Decimal(y) - mean_y) for x, y in points if y is not None)
    if sxx == 0:
        return None
    slope_value = Decimal(sxy) / Decimal(sxx)
    slope = slope_value.quantize(Decimal("0.1"))
    if abs(slope) < STABLE_BELOW_POINTS:
        direction = Direction.STABLE
    else:
        direction = Direction.RISING if slope > 0 else Direction.FALLING
    return Trend(points_per_year=slope, direction=direction)
