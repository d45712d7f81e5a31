"""Typed domain errors raised by services.

Views turn them into form errors and the API into 4xx answers; a service never
returns ``{"success": False}``.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused the change. ``message`` is translatable."""

    status_code = 400

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """The change conflicts with the current state (e.g. an open enrolment exists)."""

    status_code = 409


class NotPermitted(DomainError):
    """The acting user may not do this in this organisation."""

    status_code = 403
