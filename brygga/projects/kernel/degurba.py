"""Degree of urbanisation (Eurostat DEGURBA) of a municipality, from ``data/degurba.json``.

1 cities, 2 towns and suburbs, 3 rural areas. A participant counts in EECO17
(participants from rural areas) when their municipality of residence at entry
is classed 3. The table holds only the municipalities Brygga knows; an unknown
municipality gives None (a case worker records the area instead).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "data" / "degurba.json"
RURAL = 3
_SUFFIX = re.compile(r"\s+(kommun|kommune|municipality)$")


def normalise(name: str) -> str:
    """``"Bodens kommun"``, ``"Boden"`` and ``" boden "`` are the same municipality."""
    text = _SUFFIX.sub("", " ".join(name.split()).casefold())
    return text


@cache
def load_table(path: Path = TABLE) -> tuple[str, dict[tuple[str, str], int]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    table: dict[tuple[str, str], int] = {}
    for item in data["municipalities"]:
        degurba = int(item["degurba"])
        if degurba not in (1, 2, 3):
            raise ValueError(f"DEGURBA must be 1, 2 or 3 in {path}: {item}")
        for key in (normalise(item["name"]), item["code"]):
            table[(item["country"], key)] = degurba
    return str(data.get("version", "")), table


def degurba_of(municipality: str, country: str = "") -> int | None:
    """The class of ``municipality`` (name or official code), or None when not in the table.

    Without ``country`` a name found in exactly one country is used.
    """
    key = normalise(municipality)
    if not key:
        return None
    _version, table = load_table()
    # "Bodens kommun": the Swedish genitive s before "kommun".
    keys = (key, key[:-1]) if key.endswith("s") else (key,)
    for candidate in keys:
        if country:
            if (country, candidate) in table:
                return table[(country, candidate)]
            continue
        found = {value for (_c, name), value in table.items() if name == candidate}
        if len(found) == 1:
            return found.pop()
    return None
