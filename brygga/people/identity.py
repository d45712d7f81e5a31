"""Identity numbers: Swedish personnummer and samordningsnummer, Danish CPR.

Validation is python-stdnum's. A samordningsnummer (coordination number) is a
personnummer whose day has 60 added; stdnum's ``se.personnummer`` does not know
that rule, so the day is moved back before the same checks run.

Swedish numbers are stored in their 12-digit form ``YYYYMMDDNNNC`` so that the
century is never guessed again; Danish numbers as 10 digits ``DDMMYYSSSS``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.dk import cpr
from stdnum.exceptions import ValidationError
from stdnum.se import personnummer


class IdentityKind(models.TextChoices):
    SE_PERSONNUMMER = "se_personnummer", _("Swedish personal identity number")
    SE_SAMORDNINGSNUMMER = "se_samordningsnummer", _("Swedish coordination number")
    DK_CPR = "dk_cpr", _("Danish CPR number")


class InvalidIdentityNumber(ValueError):
    pass


@dataclass(frozen=True)
class IdentityNumber:
    kind: IdentityKind
    number: str  # canonical, digits only
    birth_date: datetime.date


def parse_identity_number(raw: str, country: str) -> IdentityNumber:
    """Validate ``raw`` as an identity number of ``country`` ("SE" or "DK").

    Raises ``InvalidIdentityNumber`` with a translatable message.
    """
    text = raw.strip()
    if country == "DK":
        return _parse_cpr(text)
    if country == "SE":
        return _parse_swedish(text)
    raise InvalidIdentityNumber(_("Identity numbers from this country are not supported."))


def _parse_cpr(text: str) -> IdentityNumber:
    try:
        number = cpr.validate(text)
        birth_date = cpr.get_birth_date(number)
    except ValidationError as exc:
        raise InvalidIdentityNumber(_("Not a valid Danish CPR number.")) from exc
    return IdentityNumber(IdentityKind.DK_CPR, number, birth_date)


def _parse_swedish(text: str) -> IdentityNumber:
    fast = _parse_swedish_12(text)
    return fast if fast is not None else _parse_swedish_general(text)


def _parse_swedish_general(text: str) -> IdentityNumber:
    try:
        compact = personnummer.compact(text)
    except ValidationError as exc:
        raise InvalidIdentityNumber(_("Not a valid Swedish identity number.")) from exc
    digits = compact.replace("-", "").replace("+", "")
    if len(digits) not in (10, 12) or not digits.isdigit():
        raise InvalidIdentityNumber(_("A Swedish identity number has 10 or 12 digits."))
    day_pos = -6  # position of the day's two digits, counted from the end
    day = int(digits[day_pos : day_pos + 2])
    kind = IdentityKind.SE_PERSONNUMMER
    if day > 60:
        kind = IdentityKind.SE_SAMORDNINGSNUMMER
        # The check digit of a samordningsnummer is computed over the +60 day.
        if not luhn.is_valid(digits[-10:]):
            raise InvalidIdentityNumber(_("The check digit of the coordination number is wrong."))
        shifted = f"{digits[:day_pos]}{day - 60:02d}{digits[day_pos + 2 :]}"
        text_for_date = _with_separator(shifted, compact)
        try:
            birth_date = personnummer.get_birth_date(text_for_date)
        except ValidationError as exc:
            raise InvalidIdentityNumber(_("Not a valid Swedish coordination number.")) from exc
    else:
        try:
            personnummer.validate(text)
            birth_date = personnummer.get_birth_date(text)
        except ValidationError as exc:
            raise InvalidIdentityNumber(_("Not a valid Swedish personal identity number.")) from exc
    canonical = f"{birth_date.year:04d}{digits[-8:]}"
    return IdentityNumber(kind, canonical, birth_date)


#: The Luhn value of each digit in a doubled position.
_DOUBLED = tuple(sum(divmod(2 * d, 10)) for d in range(10))


def _luhn_valid(digits: str) -> bool:
    """``luhn.is_valid`` for a string of ASCII digits."""
    total = sum(map(int, digits[-1::-2])) + sum(_DOUBLED[int(d)] for d in digits[-2::-2])
    return total % 10 == 0


def _parse_swedish_12(text: str) -> IdentityNumber | None:
    """The common forms ``YYYYMMDDNNNC`` and ``YYYYMMDD-NNNC`` (or ``+``), checked
    without python-stdnum's general clean-up, which costs more than the checks.

    The same rules and messages as the general path below (a test compares the
    two on many numbers); None for any other form, which the general path takes.
    """
    if len(text) == 13 and text[8] in "-+":
        digits = text[:8] + text[9:]
    elif len(text) == 12:
        digits = text
    else:
        return None
    if not (digits.isascii() and digits.isdigit()):
        return None
    day = int(digits[6:8])
    if day > 60:
        if not _luhn_valid(digits[2:]):
            raise InvalidIdentityNumber(_("The check digit of the coordination number is wrong."))
        try:
            birth_date = datetime.date(int(digits[:4]), int(digits[4:6]), day - 60)
        except ValueError as exc:
            raise InvalidIdentityNumber(_("Not a valid Swedish coordination number.")) from exc
        kind = IdentityKind.SE_SAMORDNINGSNUMMER
    else:
        try:
            birth_date = datetime.date(int(digits[:4]), int(digits[4:6]), day)
        except ValueError as exc:
            raise InvalidIdentityNumber(_("Not a valid Swedish personal identity number.")) from exc
        if not _luhn_valid(digits[2:]):
            raise InvalidIdentityNumber(_("Not a valid Swedish personal identity number."))
        kind = IdentityKind.SE_PERSONNUMMER
    return IdentityNumber(kind, digits, birth_date)


def _with_separator(digits: str, compact: str) -> str:
    """Put back the separator of ``compact`` (``-`` or ``+``) into a 10-digit ``digits``."""
    if len(digits) == 12:
        return digits
    separator = "+" if "+" in compact else "-"
    return f"{digits[:6]}{separator}{digits[6:]}"


def swedish_number(birth_date: datetime.date, serial: int, *, coordination: bool = False) -> str:
    """Build a valid 12-digit Swedish number for synthetic data (``serial`` 0–999)."""
    day = birth_date.day + (60 if coordination else 0)
    body = f"{birth_date:%y%m}{day:02d}{serial % 1000:03d}"
    return f"{birth_date.year // 100:02d}{body}{luhn.calc_check_digit(body)}"


def danish_number(birth_date: datetime.date, serial: int) -> str:
    """Build a valid 10-digit Danish CPR number for synthetic data.

    The seventh digit encodes the century together with the year (CPR rules);
    we choose one that gives back ``birth_date.year``.
    """
    yy = birth_date.year % 100
    for digit in range(10):
        candidate = f"{birth_date:%d%m}{yy:02d}{digit}{serial % 1000:03d}"
        try:
            if cpr.get_birth_date(candidate) == birth_date:
                return candidate
        except ValidationError:
            continue
    raise ValueError(f"no CPR century digit for {birth_date.year}")
