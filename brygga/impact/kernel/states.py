"""States a person can be in, and the yearly flows of each state per actor.

A :class:`ParameterSet` lists the actors (municipality, region, …, the
individual), the inputs (sourced numbers), derived values (named expressions
over inputs, evaluated in order) and, for each state, the yearly flow per actor
in four components, each written as an expression over inputs and derived values.

Sign convention: every component is what the actor pays or receives, so the
actor's net result in a state is

    net = taxes_received + production_value - transfers_paid - service_costs.

The individual's row uses negative numbers where the person receives transfers
(``transfers_paid = -benefit``) or pays taxes (``taxes_received = -tax``), so
transfers and taxes cancel in the sum over actors and society's total is
production value minus service costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from .expressions import Expression
from .quantities import Quantity

FloatArray = NDArray[np.float64]

COMPONENTS: tuple[str, ...] = (
    "transfers_paid",
    "service_costs",
    "taxes_received",
    "production_value",
)
#: Sign of each component in an actor's net result.
COMPONENT_SIGNS: FloatArray = np.array([-1.0, -1.0, 1.0, 1.0])


@dataclass(frozen=True)
class Actor:
    """Someone who pays or receives: a public body, or the individual."""

    key: str
    label: str = ""
    public: bool = True


@dataclass(frozen=True)
class State:
    """A state and its yearly flows: ``flows[actor][component]`` is an expression."""

    key: str
    label: str = ""
    flows: Mapping[str, Mapping[str, Expression]] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class ParameterSet:
    """Actors, sourced inputs and state flows, in one currency and price year."""

    name: str
    version: str
    currency: str
    actors: tuple[Actor, ...]
    states: tuple[State, ...]
    inputs: Mapping[str, Quantity]
    derived: tuple[tuple[str, Expression], ...] = ()
    country: str = ""
    price_year: int | None = None
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", MappingProxyType(dict(self.inputs)))
        _unique("actor", [actor.key for actor in self.actors])
        _unique("state", [state.key for state in self.states])
        known = set(self.inputs)
        for name, expression in self.derived:
            if name in known:
                raise ValueError(f"derived value {name!r} repeats an input or derived name")
            missing = expression.names - known
            if missing:
                raise ValueError(f"derived value {name!r}: unknown names {sorted(missing)}")
            known.add(name)
        actors = set(self.actor_keys)
        for state in self.states:
            for actor, components in state.flows.items():
                if actor not in actors:
                    raise ValueError(f"state {state.key!r}: unknown actor {actor!r}")
                for component, expression in components.items():
                    if component not in COMPONENTS:
                        raise ValueError(f"state {state.key!r}: unknown component {component!r}")
                    missing = expression.names - known
                    if missing:
                        raise ValueError(
                            f"state {state.key!r}, {actor}.{component}: "
                            f"unknown inputs {sorted(missing)}"
                        )

    @property
    def actor_keys(self) -> tuple[str, ...]:
        """Actor keys in column order."""
        return tuple(actor.key for actor in self.actors)

    @property
    def state_keys(self) -> tuple[str, ...]:
        """State keys in row order."""
        return tuple(state.key for state in self.states)

    def state_index(self, key: str) -> int:
        """The row of a state; ValueError if unknown."""
        try:
            return self.state_keys.index(key)
        except ValueError:
            raise ValueError(
                f"unknown state {key!r} in parameter set {self.name!r}; "
                f"known: {list(self.state_keys)}"
            ) from None

    def with_inputs(self, overrides: Mapping[str, Quantity]) -> ParameterSet:
        """A copy with some inputs replaced (an organisation's own values)."""
        unknown = set(overrides) - set(self.inputs)
        if unknown:
            raise ValueError(f"parameter set {self.name!r} has no inputs {sorted(unknown)}")
        return replace(self, inputs={**self.inputs, **overrides})

    def base_inputs(self) -> dict[str, FloatArray]:
        """Every input at its base value, as an array of one draw."""
        return {name: np.array([quantity.value]) for name, quantity in self.inputs.items()}

    def flow_array(self, inputs: Mapping[str, FloatArray] | None = None) -> FloatArray:
        """Flows as an array ``(draws, states, actors, components)``."""
        values = dict(self.base_inputs() if inputs is None else inputs)
        for name, expression in self.derived:
            values[name] = expression.evaluate(values)
        draws = max((len(array) for array in values.values()), default=1)
        result = np.zeros((draws, len(self.states), len(self.actors), len(COMPONENTS)))
        actor_column = {key: index for index, key in enumerate(self.actor_keys)}
        for s, state in enumerate(self.states):
            for actor, components in state.flows.items():
                for component, expression in components.items():
                    c = COMPONENTS.index(component)
                    result[:, s, actor_column[actor], c] = expression.evaluate(values)
        return result

    def net_array(self, inputs: Mapping[str, FloatArray] | None = None) -> FloatArray:
        """Each actor's yearly net result per state, ``(draws, states, actors)``."""
        result: FloatArray = self.flow_array(inputs) @ COMPONENT_SIGNS
        return result


def _unique(kind: str, keys: list[str]) -> None:
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"duplicate {kind} keys: {duplicates}")
    if not keys:
        raise ValueError(f"a parameter set needs at least one {kind}")
