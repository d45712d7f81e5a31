"""Number formatting for impact pages and reports."""

from __future__ import annotations

from django import template

from brygga.impact.charts import format_money, format_number

register = template.Library()


@register.filter
def money(value: float | None, currency: str) -> str:
    """1 181 250 000, SEK → "1 181.3 SEK million"-style text (thousands below a million)."""
    if value is None:
        return "–"
    return format_money(float(value), currency)


@register.filter
def number(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return format_number(float(value), int(decimals))


@register.filter
def quantity(value: float | None) -> str:
    """An input's value with the precision it has: 58 800, 0.3237, 1.25."""
    if value is None:
        return "–"
    number_value = float(value)
    if number_value.is_integer():
        return format_number(number_value, 0)
    decimals = 4 if abs(number_value) < 10 else 2
    text = format_number(round(number_value, decimals), decimals)
    return text.rstrip("0").rstrip(".,")


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{format_number(100 * float(value), 0)} %"


@register.filter
def get(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key, "")
