"""Charts as inline SVG, drawn on the server (no JavaScript).

Each chart is an ``<svg role="img">`` with a title and a description; the
pages show the same figures in a table next to it for screen readers. A
suppressed value (None) is drawn as no bar with the text "<5".
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

#: Colours with at least 3:1 contrast against white (WCAG 1.4.11).
PALETTE = ("#0b3d5c", "#b3541e", "#2e7d32", "#6a1b9a", "#5d4037", "#00695c")
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
PLOT_WIDTH = 360


def _number(value: int | float | None) -> str:
    return "<5" if value is None else f"{value:g}"


def _svg_open(chart_id: str, title: str, width: int, height: int) -> SafeString:
    return format_html(
        '<svg id="{}" class="chart" role="img" aria-labelledby="{}-title" '
        'viewBox="0 0 {} {}" width="{}" height="{}"><title id="{}-title">{}</title>',
        chart_id,
        chart_id,
        width,
        height,
        width,
        height,
        chart_id,
        title,
    )


def bar_chart(
    chart_id: str, title: str, items: Sequence[tuple[str, int | float | None]]
) -> SafeString:
    """Horizontal bars, one per (label, value)."""
    peak = max((v for _, v in items if v is not None), default=0) or 1
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    parts = [_svg_open(chart_id, title, width, height)]
    for i, (label, value) in enumerate(items):
        y = GAP + i * (BAR_HEIGHT + GAP)
        bar = 0 if value is None else round(PLOT_WIDTH * value / peak)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                LABEL_WIDTH - 6,
                y + BAR_HEIGHT - 6,
                label,
                LABEL_WIDTH,
                y,
                bar,
                BAR_HEIGHT,
                PALETTE[0],
                LABEL_WIDTH + bar + 6,
                y + BAR_HEIGHT - 6,
                _number(value),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


def stacked_columns(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
) -> SafeString:
    """Columns per category (e.g. quarter), stacked by series (e.g. outcome), with a legend."""
    totals = [sum(s[1][i] or 0 for s in series) for i in range(len(categories))]
    partial = [any(s[1][i] is None for s in series) for i in range(len(categories))]
    peak = max(totals, default=0) or 1
    column, gap, plot_height, top = 34, 14, 180, 10
    width = max(len(categories) * (column + gap) + 60, 320)
    legend_y = top + plot_height + 66
    height = legend_y + 22 * len(series) + 10
    parts = [_svg_open(chart_id, title, width, height)]
    for i, category in enumerate(categories):
        x = 40 + i * (column + gap)
        y = top + plot_height
        for k, (_name, values) in enumerate(series):
            value = values[i] or 0
            h = round(plot_height * value / peak)
            y -= h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                    x,
                    y,
                    column,
                    h,
                    PALETTE[k % len(PALETTE)],
                )
            )
        # A category like "2025 Q3" on two lines; a total with hidden parts as "11+" or "<5".
        first, _space, second = category.partition(" ")
        total = str(totals[i]) if not partial[i] else (f"{totals[i]}+" if totals[i] else "<5")
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>',
                x + column // 2,
                top + plot_height + 16,
                first,
                x + column // 2,
                top + plot_height + 32,
                second,
                x + column // 2,
                top + plot_height + 48,
                total,
            )
        )
    for k, (name, _values) in enumerate(series):
        x, y = 10, legend_y + 22 * k
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}"></rect>'
                '<text x="{}" y="{}" class="chart-label">{}</text>',
                x,
                y,
                PALETTE[k % len(PALETTE)],
                x + 20,
                y + 12,
                name,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html
