"""Checks of registry-record values: organisation number, NUTS-2 code, CCI, postcode.

Each ``*_problem`` function returns a translatable message, or None when the
value is fine, so that the record parser can collect every problem of a record
at once; the ``validate_*`` wrappers raise Django's ``ValidationError`` for
model fields and forms.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from stdnum.dk import cvr
from stdnum.se import orgnr

NUTS2_RE = re.compile(r"^[A-Z]{2}[0-9A-Z]{2}$")
#: A programme's CCI: year, country, fund number and programme type, e.g. 2021SE05SFPR.
CCI_RE = re.compile(r"^(19|20)\d{2}[A-Z]{2}\d{2}[A-Z0-9]{2,6}$")

SWEDEN_NAMES = frozenset({"sverige", "sweden", "se"})
DENMARK_NAMES = frozenset({"danmark", "denmark", "dk"})


def country_code(country: str) -> str:
    """``SE``, ``DK`` or ``""`` for the country as a registry record names it."""
    name = country.strip().lower()
    if name in SWEDEN_NAMES:
        return "SE"
    if name in DENMARK_NAMES:
        return "DK"
    return ""


def compact_org_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value)


def org_number_problem(value: str, country: str = "") -> StrOrPromise | None:
    """A Swedish organisation number (Luhn) or a Danish CVR number (mod 11)."""
    number = compact_org_number(value)
    code = country_code(country)
    if code == "SE" or (not code and len(number) == 10):
        if not orgnr.is_valid(number):
            return _("Not a valid Swedish organisation number (10 digits with a check digit).")
        return None
    if code == "DK" or (not code and len(number) == 8):
        if not cvr.is_valid(number):
            return _("Not a valid Danish CVR number (8 digits with a check digit).")
        return None
    return _("Not a valid organisation number.")


def nuts2_problem(value: str, country: str = "") -> StrOrPromise | None:
    if not NUTS2_RE.match(value):
        return _("A NUTS-2 code is two capital letters and two letters or digits, like SE33.")
    code = country_code(country)
    if code and not value.startswith(code):
        return _("The NUTS-2 code does not belong to the country concerned.")
    return None


def cci_problem(value: str) -> StrOrPromise | None:
    if not CCI_RE.match(value):
        return _("A programme CCI is like 2021SE05SFPR.")
    return None


def postcode_problem(value: str, country: str = "") -> StrOrPromise | None:
    digits = value.replace(" ", "")
    code = country_code(country)
    if code == "SE" and not re.fullmatch(r"\d{5}", digits):
        return _("A Swedish postcode has five digits.")
    if code == "DK" and not re.fullmatch(r"\d{4}", digits):
        return _("A Danish postcode has four digits.")
    return None


def validate_org_number(value: str) -> None:
    problem = org_number_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="org_number")


def validate_nuts2(value: str) -> None:
    problem = nuts2_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="nuts2")


def validate_cci(value: str) -> None:
    problem = cci_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="cci")
