"""Parameter sets as data files (``brygga/impact/data/params/<name>.json``).

The file format (``"format": "brygga-impact-params/1"``) is documented in
docs/algorithms/impact.md. Every input must name its source, publisher and
year (``"year": null`` only with a note saying why); invented numbers are
marked ``"assumption": true``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .expressions import parse_expression
from .quantities import Quantity, quantity_from_dict
from .states import Actor, ParameterSet, State

PARAMS_FORMAT = "brygga-impact-params/1"
PARAMS_DIR = Path(__file__).resolve().parent.parent / "data" / "params"


class ParameterSetError(ValueError):
    """A parameter-set file is malformed or lacks provenance."""


def parameter_set_from_dict(data: Mapping[str, Any]) -> ParameterSet:
    """Build and validate a parameter set from its JSON form."""
    if data.get("format") != PARAMS_FORMAT:
        raise ParameterSetError(f"expected format {PARAMS_FORMAT!r}, got {data.get('format')!r}")
    name = str(data["name"])
    inputs = {key: quantity_from_dict(key, value) for key, value in data["inputs"].items()}
    problems = provenance_problems(inputs.values())
    if problems:
        raise ParameterSetError(f"parameter set {name!r}: " + "; ".join(problems))
    try:
        return ParameterSet(
            name=name,
            version=str(data["version"]),
            currency=str(data["currency"]),
            country=str(data.get("country", "")),
            price_year=int(data["price_year"]) if data.get("price_year") else None,
            description=str(data.get("description", "")),
            actors=tuple(
                Actor(
                    key=str(actor["key"]),
                    label=str(actor.get("label", "")),
                    public=bool(actor.get("public", True)),
                )
                for actor in data["actors"]
            ),
            states=tuple(
                State(
                    key=str(state["key"]),
                    label=str(state.get("label", "")),
                    flows={
                        actor: {
                            component: parse_expression(expression)
                            for component, expression in components.items()
                        }
                        for actor, components in state.get("flows", {}).items()
                    },
                )
                for state in data["states"]
            ),
            inputs=inputs,
            derived=tuple(
                (str(key), parse_expression(expression))
                for key, expression in data.get("derived", {}).items()
            ),
        )
    except (KeyError, ValueError) as error:
        raise ParameterSetError(f"parameter set {name!r}: {error}") from error


def provenance_problems(inputs: Any) -> list[str]:
    """Inputs lacking a source, a publisher or a year (a null year needs a note)."""
    problems = []
    for quantity in inputs:
        missing = [key for key in ("source", "publisher") if not getattr(quantity, key)]
        if quantity.year is None and not quantity.note:
            missing.append("year (or a note why there is none)")
        if missing:
            problems.append(f"{quantity.name} lacks {', '.join(missing)}")
    return problems


def load_parameter_set(name_or_path: str | Path, directory: Path | None = None) -> ParameterSet:
    """Load a set by name (``"se-2025"``, from the data directory) or by file path."""
    path = Path(name_or_path)
    if path.suffix != ".json":
        path = (directory or PARAMS_DIR) / f"{name_or_path}.json"
    with path.open(encoding="utf-8") as handle:
        return parameter_set_from_dict(json.load(handle))


def available_parameter_sets(directory: Path | None = None) -> list[str]:
    """Names of the sets shipped in the data directory."""
    return sorted(path.stem for path in (directory or PARAMS_DIR).glob("*.json"))


@dataclass(frozen=True)
class Difference:
    """An input whose value differs from the default set, with the override's note."""

    name: str
    default: float
    value: float
    note: str
    source: str


def differences(params: ParameterSet, default: ParameterSet) -> list[Difference]:
    """What an organisation's copy changed relative to the default set, and why."""
    result = []
    for name, quantity in sorted(params.inputs.items()):
        base: Quantity | None = default.inputs.get(name)
        if base is None or base.value != quantity.value:
            result.append(
                Difference(
                    name=name,
                    default=base.value if base is not None else float("nan"),
                    value=quantity.value,
                    note=quantity.note,
                    source=quantity.source,
                )
            )
    return result
