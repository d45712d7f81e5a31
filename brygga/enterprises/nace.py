"""NACE Rev. 2: the statistical classification of economic activities in the EU.

Enterprises record their sectors as NACE divisions (two digits, e.g. ``81``
"Services to buildings and landscape activities") or finer codes under a
division (``81.2``, ``81.21``). A code is valid when its division exists; it is
shown with the name of its section (A–U), which is what visitors read.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: Section letter → (name, divisions it holds).
SECTIONS: dict[str, tuple[Promise, range | tuple[int, ...]]] = {
    "A": (_("Agriculture, forestry and fishing"), range(1, 4)),
    "B": (_("Mining and quarrying"), range(5, 10)),
    "C": (_("Manufacturing"), range(10, 34)),
    "D": (_("Electricity, gas, steam and air conditioning supply"), (35,)),
    "E": (_("Water supply, sewerage, waste management and remediation"), range(36, 40)),
    "F": (_("Construction"), range(41, 44)),
    "G": (_("Wholesale and retail trade; repair of motor vehicles"), range(45, 48)),
    "H": (_("Transportation and storage"), range(49, 54)),
    "I": (_("Accommodation and food service activities"), range(55, 57)),
    "J": (_("Information and communication"), range(58, 64)),
    "K": (_("Financial and insurance activities"), range(64, 67)),
    "L": (_("Real estate activities"), (68,)),
    "M": (_("Professional, scientific and technical activities"), range(69, 76)),
    "N": (_("Administrative and support service activities"), range(77, 83)),
    "O": (_("Public administration and defence"), (84,)),
    "P": (_("Education"), (85,)),
    "Q": (_("Human health and social work activities"), range(86, 89)),
    "R": (_("Arts, entertainment and recreation"), range(90, 94)),
    "S": (_("Other service activities"), range(94, 97)),
    "T": (_("Activities of households as employers"), range(97, 99)),
    "U": (_("Activities of extraterritorial organisations"), (99,)),
}

_DIVISION_SECTION: dict[int, str] = {
    division: letter for letter, (_name, divisions) in SECTIONS.items() for division in divisions
}
_CODE = re.compile(r"^(\d{2})(?:\.(\d{1,2}))?$")


def normalise(code: str) -> str | None:
    """The code in its canonical form (``"81.2"``), or None when it is no NACE code."""
    match = _CODE.match(code.strip())
    if match is None or int(match.group(1)) not in _DIVISION_SECTION:
        return None
    return code.strip()


def section_of(code: str) -> str:
    """The section letter of a valid code."""
    return _DIVISION_SECTION[int(code[:2])]


def label(code: str) -> str:
    """``"81 – Administrative and support service activities"`` in the active language."""
    return f"{code} – {SECTIONS[section_of(code)][0]}"


def related(a: str, b: str) -> str | None:
    """How two codes fit: ``"code"`` when one refines the other, ``"section"`` when
    they share a section, None otherwise."""
    if a.startswith(b) or b.startswith(a):
        return "code"
    if section_of(a) == section_of(b):
        return "section"
    return None


def section_choices() -> list[tuple[str, str]]:
    return [(letter, f"{letter} – {name}") for letter, (name, _d) in SECTIONS.items()]
