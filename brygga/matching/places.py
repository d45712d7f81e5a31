"""Where people and openings are: municipality (or town) → its seat's coordinates.

Matching measures distance between municipality seats: a participant's place is
their municipality of residence, an opening's the municipality it is in. That is
coarse (a municipality can be large) but needs no address; the assumption is
written down in docs/algorithms/matching.md.
"""

from __future__ import annotations

#: name → (latitude, longitude) of the municipal seat, WGS 84, rounded to 0.01°.
PLACES: dict[str, tuple[float, float]] = {
    # Norrbotten
    "Arjeplog": (66.05, 17.89),
    "Arvidsjaur": (65.59, 19.17),
    "Boden": (65.83, 21.69),
    "Gällivare": (67.13, 20.66),
    "Haparanda": (65.84, 24.14),
    "Jokkmokk": (66.61, 19.82),
    "Kalix": (65.85, 23.16),
    "Kiruna": (67.86, 20.23),
    "Luleå": (65.58, 22.15),
    "Pajala": (67.21, 23.37),
    "Piteå": (65.32, 21.48),
    "Råneå": (65.86, 22.30),
    "Älvsbyn": (65.68, 21.00),
    "Överkalix": (66.33, 22.84),
    "Övertorneå": (66.39, 23.65),
    # other Swedish towns
    "Umeå": (63.83, 20.26),
    "Skellefteå": (64.75, 20.95),
    "Sundsvall": (62.39, 17.31),
    "Uppsala": (59.86, 17.64),
    "Stockholm": (59.33, 18.07),
    "Göteborg": (57.71, 11.97),
    "Malmö": (55.60, 13.00),
    # North Jutland
    "Jammerbugt": (57.07, 9.27),
    "Fjerritslev": (57.09, 9.27),
    "Aabybro": (57.16, 9.73),
    "Brovst": (57.10, 9.52),
    "Aalborg": (57.05, 9.92),
    "Hjørring": (57.46, 9.98),
    "Brønderslev": (57.27, 9.94),
    "Thisted": (56.96, 8.69),
    "Frederikshavn": (57.44, 10.54),
    # other Danish towns
    "Aarhus": (56.16, 10.20),
    "Odense": (55.40, 10.39),
    "København": (55.68, 12.57),
}

_FOLDED = {name.casefold(): point for name, point in PLACES.items()}


def locate(name: str) -> tuple[float, float] | None:
    """Coordinates of a municipality or town by name (case-insensitive), or None if unknown."""
    return _FOLDED.get(" ".join(name.split()).casefold()) if name else None


def place_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(PLACES)]
