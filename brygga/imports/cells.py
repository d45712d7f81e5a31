"""Turning the text of a cell into a value, or a per-field error.

``allowed`` collections should be sets: they are tested once per cell.
Only the *shape* of a value is checked here (is it a date, a number, one of
the codes); the domain rules are the services' own and run after.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TRUE = frozenset({"yes", "y", "true", "1", "x", "ja", "j"})
FALSE = frozenset({"no", "n", "false", "0", "nej", ""})


class CellError(ValueError):
    def __init__(self, field: str, message: str | Promise, value: str = "") -> None:
        super().__init__(str(message))
        self.field = field
        self.message = message
        self.value = value


class Cells:
    """The cells of one row, read by column name; errors are collected, not raised."""

    def __init__(self, cells: dict[str, str]) -> None:
        self.cells = cells
        self.errors: list[CellError] = []

    def _fail(self, name: str, message: str | Promise) -> None:
        self.errors.append(CellError(name, message, self.cells.get(name, "")[:200]))

    def text(self, name: str, *, max_length: int, required: bool = False) -> str:
        value = self.cells.get(name, "").strip()
        if required and not value:
            self._fail(name, _("This field is required."))
        elif len(value) > max_length:
            self._fail(
                name,
                _("At most %(count)d characters.") % {"count": max_length},
            )
        return value[:max_length]

    def date(self, name: str, *, required: bool = False) -> datetime.date | None:
        value = self.cells.get(name, "").strip()
        if not value:
            if required:
                self._fail(name, _("This field is required."))
            return None
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            self._fail(name, _("Give a date as YYYY-MM-DD."))
            return None

    def boolean(self, name: str) -> bool:
        value = self.cells.get(name, "").strip().lower()
        if value in TRUE:
            return True
        if value not in FALSE:
            self._fail(name, _("Give yes or no."))
        return False

    def integer(self, name: str, allowed: Collection[int]) -> int | None:
        value = self.cells.get(name, "").strip()
        if not value:
            return None
        if not (value.isascii() and value.isdigit()) or int(value) not in allowed:
            self._fail(name, _("Not one of the allowed values."))
            return None
        return int(value)

    def decimal(self, name: str) -> Decimal | None:
        value = self.cells.get(name, "").strip().replace(",", ".")
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self._fail(name, _("Give a number."))
            return None
        if not number.is_finite():
            self._fail(name, _("Give a number."))
            return None
        return number

    def choice(self, name: str, allowed: Collection[str], *, required: bool = False) -> str:
        value = self.cells.get(name, "").strip()
        if not value:
            if required:
                self._fail(name, _("This field is required."))
            return ""
        if value not in allowed:
            self._fail(name, _("Not one of the allowed values."))
            return ""
        return value

    def choices(self, name: str, allowed: Collection[str]) -> list[str]:
        """A list separated by ``;`` or ``|``; each must be allowed."""
        value = self.cells.get(name, "").replace("|", ";")
        items = [item.strip() for item in value.split(";") if item.strip()]
        if any(item not in allowed for item in items):
            self._fail(name, _("Not one of the allowed values."))
            return []
        return items
