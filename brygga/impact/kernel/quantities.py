"""Named values with provenance and uncertainty.

Every number the model uses is a :class:`Quantity`: a base value, where it comes
from (source, publisher, year, or ``assumption=True``), and optionally a
low/high pair for one-way sensitivity and a :class:`Distribution` for Monte
Carlo draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy import stats

FloatArray = NDArray[np.float64]
DistributionKind = Literal["normal", "triangular", "uniform", "beta"]


@dataclass(frozen=True)
class Distribution:
    """A probability distribution of a quantity.

    ``normal``: ``mean``, ``sd``. ``triangular``: ``low``, ``mode``, ``high``.
    ``uniform``: ``low``, ``high``. ``beta`` (for rates): ``alpha``, ``beta``,
    scaled from [0, 1] to [``low``, ``high``] (default [0, 1]).
    """

    kind: DistributionKind
    mean: float = 0.0
    sd: float = 0.0
    low: float = 0.0
    mode: float = 0.0
    high: float = 1.0
    alpha: float = 1.0
    beta: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in ("normal", "triangular", "uniform", "beta"):
            raise ValueError(f"unknown distribution {self.kind!r}")
        if self.kind == "normal" and self.sd < 0:
            raise ValueError("a normal distribution needs sd >= 0")
        if self.kind in ("triangular", "uniform", "beta") and self.low > self.high:
            raise ValueError(f"a {self.kind} distribution needs low <= high")
        if self.kind == "triangular" and not self.low <= self.mode <= self.high:
            raise ValueError("a triangular distribution needs low <= mode <= high")
        if self.kind == "beta" and (self.alpha <= 0 or self.beta <= 0):
            raise ValueError("a beta distribution needs alpha > 0 and beta > 0")

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """``size`` independent draws."""
        if self.kind == "normal":
            return rng.normal(self.mean, self.sd, size)
        if self.kind == "triangular":
            if self.low == self.high:
                return np.full(size, self.low)
            return rng.triangular(self.low, self.mode, self.high, size)
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high, size)
        return self.low + (self.high - self.low) * rng.beta(self.alpha, self.beta, size)

    def quantile(self, q: float) -> float:
        """The ``q`` quantile (used for default sensitivity bounds)."""
        if self.kind == "normal":
            return float(stats.norm.ppf(q, loc=self.mean, scale=self.sd))
        width = self.high - self.low
        if width == 0:
            return self.low
        if self.kind == "triangular":
            shape = (self.mode - self.low) / width
            return float(stats.triang.ppf(q, shape, loc=self.low, scale=width))
        if self.kind == "uniform":
            return self.low + q * width
        return float(self.low + width * stats.beta.ppf(q, self.alpha, self.beta))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, with only the fields this kind uses."""
        fields = {
            "normal": ("mean", "sd"),
            "triangular": ("low", "mode", "high"),
            "uniform": ("low", "high"),
            "beta": ("alpha", "beta", "low", "high"),
        }[self.kind]
        return {"kind": self.kind, **{name: getattr(self, name) for name in fields}}


def distribution_from_dict(data: dict[str, Any]) -> Distribution:
    """Read a distribution; a beta may be given as ``mean``/``sd`` instead of alpha/beta."""
    kind = data["kind"]
    numbers = {key: float(value) for key, value in data.items() if key != "kind"}
    if kind == "beta" and "alpha" not in numbers:
        mean, sd = numbers.pop("mean"), numbers.pop("sd")
        low, high = numbers.get("low", 0.0), numbers.get("high", 1.0)
        m, s = (mean - low) / (high - low), sd / (high - low)
        concentration = m * (1 - m) / (s * s) - 1
        if not 0 < m < 1 or concentration <= 0:
            raise ValueError("beta mean/sd are impossible (need sd² < mean·(1−mean))")
        numbers["alpha"], numbers["beta"] = m * concentration, (1 - m) * concentration
    return Distribution(kind=kind, **numbers)


@dataclass(frozen=True)
class Quantity:
    """A named number with provenance and, optionally, uncertainty."""

    name: str
    value: float
    unit: str = ""
    label: str = ""
    source: str = ""
    publisher: str = ""
    year: int | None = None
    assumption: bool = False
    note: str = ""
    low: float | None = None
    high: float | None = None
    distribution: Distribution | None = None
    minimum: float = -math.inf
    maximum: float = math.inf

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise ValueError(f"{self.name}: value must be finite")
        if not self.minimum <= self.value <= self.maximum:
            raise ValueError(
                f"{self.name}: {self.value} is outside [{self.minimum}, {self.maximum}]"
            )

    @property
    def is_uncertain(self) -> bool:
        """True when the quantity has a distribution or a low/high pair."""
        return self.distribution is not None or self.sensitivity_bounds() is not None

    def sensitivity_bounds(self) -> tuple[float, float] | None:
        """(low, high) for one-way sensitivity: explicit, else the P5/P95 of the distribution."""
        if self.low is not None and self.high is not None:
            return self.low, self.high
        if self.distribution is not None:
            return self.clip(self.distribution.quantile(0.05)), self.clip(
                self.distribution.quantile(0.95)
            )
        return None

    def clip(self, value: float) -> float:
        """Keep a value inside the quantity's allowed range."""
        return min(max(value, self.minimum), self.maximum)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draws from the distribution clipped to the allowed range (or the base value)."""
        if self.distribution is None:
            return np.full(size, self.value)
        return np.clip(self.distribution.sample(rng, size), self.minimum, self.maximum)

    def with_value(self, value: float) -> Quantity:
        """A copy with another base value (provenance kept)."""
        return replace(self, value=value)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used in parameter and scenario files."""
        data: dict[str, Any] = {"value": self.value}
        for key in ("unit", "label", "source", "publisher", "year", "note", "low", "high"):
            if getattr(self, key) not in ("", None):
                data[key] = getattr(self, key)
        if self.assumption:
            data["assumption"] = True
        if self.distribution is not None:
            data["distribution"] = self.distribution.to_dict()
        return data


_META_KEYS = ("unit", "label", "source", "publisher", "note")


def quantity_from_dict(
    name: str,
    data: dict[str, Any] | float | int,
    *,
    minimum: float = -math.inf,
    maximum: float = math.inf,
) -> Quantity:
    """Read a quantity from a bare number or an object with ``value`` and metadata."""
    if isinstance(data, bool):
        raise ValueError(f"{name}: a boolean is not a number")
    if isinstance(data, int | float):
        return Quantity(name=name, value=float(data), minimum=minimum, maximum=maximum)
    unknown = set(data) - {
        "value", "year", "assumption", "low", "high", "distribution", *_META_KEYS
    }  # fmt: skip
    if unknown:
        raise ValueError(f"{name}: unknown keys {sorted(unknown)}")
    distribution = data.get("distribution")
    return Quantity(
        name=name,
        value=float(data["value"]),
        unit=str(data.get("unit", "")),
        label=str(data.get("label", "")),
        source=str(data.get("source", "")),
        publisher=str(data.get("publisher", "")),
        note=str(data.get("note", "")),
        year=int(data["year"]) if data.get("year") is not None else None,
        assumption=bool(data.get("assumption", False)),
        low=float(data["low"]) if data.get("low") is not None else None,
        high=float(data["high"]) if data.get("high") is not None else None,
        distribution=distribution_from_dict(distribution) if distribution else None,
        minimum=minimum,
        maximum=maximum,
    )
