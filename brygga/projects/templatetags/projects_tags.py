"""Template filters for aggregate figures."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def count(value: int | None) -> str:
    """A count, or "<5" where it is hidden to protect small groups."""
    return "<5" if value is None else str(value)


@register.filter
def by_gender(counts: dict[str, int | None], gender: str) -> int | None:
    return counts.get(gender)


@register.filter
def not_collected(value: object) -> str:
    return _("not collected")
