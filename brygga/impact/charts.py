"""Server-rendered inline SVG charts of a stored result (no JavaScript).

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that
says in words what the chart shows; the templates add the same numbers as a
table. Colours are the Okabe–Ito palette (distinguishable with colour-vision
deficiencies); text is dark on white.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
TEXT = "#1a1a1a"
GRID = "#c8c8c8"
WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 78, 16, 20, 46


@dataclass(frozen=True)
class Scale:
    """Money shown in thousands or millions of the currency."""

    divisor: float
    unit: str

    def __call__(self, value: float) -> float:
        return value / self.divisor

    def label(self, value: float) -> str:
        return format_number(value / self.divisor, 1 if self.divisor >= 1e6 else 0)


def money_scale(values: Sequence[float], currency: str) -> Scale:
    largest = max((abs(v) for v in values), default=0.0)
    if largest >= 1e6:
        return Scale(1e6, _("%(currency)s million") % {"currency": currency})
    return Scale(1e3, _("%(currency)s thousand") % {"currency": currency})


def format_number(value: float, decimals: int = 0) -> str:
    """Grouped and with the decimal sign of the active language."""
    text = number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)
    return str(text).replace("-", "−")


def format_money(value: float, currency: str) -> str:
    if abs(value) < 0.5:
        return f"0 {currency}"
    scale = money_scale([value], currency)
    return f"{scale.label(value)} {scale.unit}"


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


@dataclass(frozen=True)
class Frame:
    """Maps data to the plot area."""

    x_count: int
    y_low: float
    y_high: float
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def plot_width(self) -> float:
        return self.width - LEFT - RIGHT

    @property
    def plot_height(self) -> float:
        return self.height - TOP - BOTTOM

    def x(self, index: float) -> float:
        return LEFT + self.plot_width * (index + 0.5) / max(self.x_count, 1)

    def y(self, value: float) -> float:
        span = self.y_high - self.y_low or 1.0
        return TOP + self.plot_height * (self.y_high - value) / span

    @property
    def band(self) -> float:
        return self.plot_width / max(self.x_count, 1)


def _svg(
    chart_id: str, title: str, description: str, body: list[str], height: int = HEIGHT
) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="chart" font-family="system-ui, sans-serif" font-size="12">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped above


def _axes(frame: Frame, scale: Scale, years: int, y_title: str) -> list[str]:
    parts = []
    for tick in _ticks(frame.y_low, frame.y_high):
        decimals = 1 if scale.divisor >= 1e6 and abs(tick) < 10 else 0
        if frame.y_low - 1e-9 <= tick <= frame.y_high + 1e-9:
            y = frame.y(tick)
            parts.append(
                f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{GRID}" stroke-width="{1.5 if tick == 0 else 0.6}"/>'
                f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">'
                f"{escape(format_number(tick, decimals))}</text>"
            )
    x_title = _("Year (0 = first year)")
    step = max(1, math.ceil(years / 15))
    for year in range(0, years, step):
        parts.append(
            f'<text x="{frame.x(year):.1f}" y="{frame.height - BOTTOM + 16}" text-anchor="middle" '
            f'fill="{TEXT}">{year}</text>'
        )
    parts.append(
        f'<text x="{LEFT + frame.plot_width / 2:.1f}" y="{frame.height - 8}" text-anchor="middle" '
        f'fill="{TEXT}">{escape(x_title)}</text>'
        f'<text x="14" y="{TOP + frame.plot_height / 2:.1f}" text-anchor="middle" fill="{TEXT}" '
        f'transform="rotate(-90 14 {TOP + frame.plot_height / 2:.1f})">{escape(y_title)}</text>'
    )
    return parts


def actor_keys(data: dict[str, Any]) -> list[str]:
    """Actors in the parameter set's order (a stored document's dicts may come back
    with their keys sorted: PostgreSQL's jsonb does not keep key order)."""
    keys = [actor["key"] for actor in data.get("actors", [])]
    return keys or list(data["result"]["npv_by_actor"])


def actor_labels(data: dict[str, Any]) -> dict[str, str]:
    return {actor["key"]: actor["label"] or actor["key"] for actor in data.get("actors", [])}


def short_label(label: str) -> str:
    """ "Municipality (kommun)" → "Municipality": legends have little room."""
    return label.split(" (")[0][:30]


def stacked_bars(data: dict[str, Any], chart_id: str = "bars") -> SafeString:
    """Net result per actor per year: gains stacked above zero, costs below."""
    result = data["result"]
    actors = actor_keys(data)
    labels = actor_labels(data)
    years = result["years"]
    rows = [[year["net"][actor] for actor in actors] for year in years]
    highs = [sum(v for v in row if v > 0) for row in rows]
    lows = [sum(v for v in row if v < 0) for row in rows]
    scale = money_scale(highs + lows, result["currency"])
    frame = Frame(
        len(years), min(0.0, scale(min(lows, default=0))), max(0.0, scale(max(highs, default=0)))
    )
    body = _axes(frame, scale, len(years), scale.unit)
    width = frame.band * 0.7
    for index, row in enumerate(rows):
        up, down = 0.0, 0.0
        for a, value in enumerate(row):
            v = scale(value)
            if v >= 0:
                y0, y1 = frame.y(up + v), frame.y(up)
                up += v
            else:
                y0, y1 = frame.y(down), frame.y(down + v)
                down += v
            if y1 - y0 > 0.01:
                body.append(
                    f'<rect x="{frame.x(index) - width / 2:.1f}" y="{y0:.1f}" width="{width:.1f}" '
                    f'height="{y1 - y0:.1f}" fill="{PALETTE[a % len(PALETTE)]}"/>'
                )
    best = max(range(len(actors)), key=lambda a: result["npv_by_actor"][actors[a]]) if actors else 0
    description = _(
        "Stacked bars: each year's net result for every actor; gains above the zero line, "
        "costs below. Over the whole period %(actor)s gains most (%(npv)s)."
    ) % {
        "actor": labels.get(actors[best], actors[best]) if actors else "",
        "npv": format_money(result["npv_by_actor"][actors[best]], result["currency"])
        if actors
        else "",
    }
    legend = _legend([short_label(labels.get(a, a)) for a in actors], HEIGHT)
    return _svg(
        chart_id, _("Net result per actor and year"), description, body + legend, _bottom(legend)
    )


def _legend(names: Sequence[str], top: int, colours: Sequence[str] = PALETTE) -> list[str]:
    """Swatches and names in rows, each entry as wide as its text (about 7 px a character).
    The last item is an empty ``<g>`` whose ``data-bottom`` says where the legend ends."""
    parts = []
    x, y = LEFT, top + 4
    for i, name in enumerate(names):
        width = 17 + 7 * len(name) + 24
        if x > LEFT and x + width > WIDTH - RIGHT:
            x, y = LEFT, y + 20
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colours[i % len(colours)]}"/>'
            f'<text x="{x + 17}" y="{y + 11}" fill="{TEXT}">{escape(name)}</text>'
        )
        x += width
    parts.append(f'<g data-bottom="{y + 20}"/>')
    return parts


def _bottom(parts: list[str]) -> int:
    """Where a legend made by :func:`_legend` ends."""
    return int(parts[-1].split('"')[1])


def cumulative_npv(data: dict[str, Any], chart_id: str = "cumulative") -> SafeString:
    """Cumulative discounted net result with the break-even year marked."""
    result = data["result"]
    values = [year["cumulative_npv"] for year in result["years"]]
    scale = money_scale(values, result["currency"])
    scaled = [scale(v) for v in values]
    frame = Frame(len(values), min(0.0, *scaled), max(0.0, *scaled))
    body = _axes(frame, scale, len(values), scale.unit)
    points = " ".join(f"{frame.x(i):.1f},{frame.y(v):.1f}" for i, v in enumerate(scaled))
    body.append(
        f'<polyline points="{points}" fill="none" stroke="{PALETTE[0]}" stroke-width="2.5"/>'
    )
    payback = result["payback_year"]
    if payback is not None:
        x = frame.x(payback)
        label = _("Break-even: year %(year)s") % {"year": payback}
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
            f'stroke="{PALETTE[5]}" stroke-dasharray="5 4" stroke-width="1.5"/>'
            f'<circle cx="{x:.1f}" cy="{frame.y(scaled[payback]):.1f}" r="5" fill="{PALETTE[5]}"/>'
            f'<text x="{min(x + 6, WIDTH - 150):.1f}" y="{TOP + 12}" fill="{TEXT}" '
            f'font-weight="bold">{escape(label)}</text>'
        )
        description = _(
            "Line: the cumulative discounted net result for all actors together. It turns "
            "positive in year %(year)s and ends at %(npv)s."
        ) % {"year": payback, "npv": format_money(values[-1], result["currency"])}
    else:
        description = _(
            "Line: the cumulative discounted net result for all actors together. It does not "
            "turn positive within the horizon and ends at %(npv)s."
        ) % {"npv": format_money(values[-1] if values else 0.0, result["currency"])}
    return _svg(chart_id, _("Cumulative net present value"), description, body)


def tornado(
    data: dict[str, Any], names: dict[str, str], chart_id: str = "tornado", limit: int = 10
) -> SafeString | None:
    """One-way sensitivity: the NPV with each uncertain value at its low and high end."""
    sensitivity = data.get("sensitivity")
    if not sensitivity or not sensitivity["rows"]:
        return None
    rows = sensitivity["rows"][:limit]
    base = sensitivity["base_npv"]
    currency = data["result"]["currency"]
    every = [base] + [r["npv_low"] for r in rows] + [r["npv_high"] for r in rows]
    scale = money_scale(every, currency)
    low, high = scale(min(every)), scale(max(every))
    pad = (high - low) * 0.05 or 1.0
    label_width = 220
    plot_left, plot_right = label_width, WIDTH - RIGHT
    row_height = 26

    def x(value: float) -> float:
        return plot_left + (plot_right - plot_left) * (scale(value) - (low - pad)) / (
            high - low + 2 * pad
        )

    body = []
    for i, row in enumerate(rows):
        y = TOP + i * row_height
        for value, colour in ((row["npv_low"], PALETTE[5]), (row["npv_high"], PALETTE[0])):
            x0, x1 = sorted((x(base), x(value)))
            body.append(
                f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 1):.1f}" '
                f'height="{row_height - 8}" fill="{colour}"/>'
            )
        body.append(
            f'<text x="{label_width - 8}" y="{y + row_height / 2 + 4:.1f}" text-anchor="end" '
            f'fill="{TEXT}">{escape(names.get(row["name"], row["label"])[:34])}</text>'
        )
    bottom = TOP + row_height * len(rows)
    base_label = _("Base: %(npv)s") % {"npv": format_money(base, currency)}
    body.append(
        f'<line x1="{x(base):.1f}" x2="{x(base):.1f}" y1="{TOP - 4}" y2="{bottom + 4}" '
        f'stroke="{TEXT}" stroke-width="1.5"/>'
        f'<text x="{x(base):.1f}" y="{bottom + 18}" text-anchor="middle" fill="{TEXT}">'
        f"{escape(base_label)}</text>"
    )
    legend = _legend([_("Low value"), _("High value")], bottom + 30, (PALETTE[5], PALETTE[0]))
    body += legend
    height = _bottom(legend)
    top_row = rows[0]
    description = _(
        "Tornado: how far the net present value moves when one value at a time is set to its "
        "low and its high end. %(name)s matters most: from %(low)s to %(high)s."
    ) % {
        "name": names.get(top_row["name"], top_row["label"]),
        "low": format_money(top_row["npv_low"], currency),
        "high": format_money(top_row["npv_high"], currency),
    }
    return _svg(chart_id, _("What the result depends on"), description, body, height)


def fan(data: dict[str, Any], chart_id: str = "fan") -> SafeString | None:
    """Monte Carlo band of the cumulative NPV: P5–P95 shaded, P50 and the base line."""
    monte_carlo = data.get("monte_carlo")
    if not monte_carlo:
        return None
    band = monte_carlo["cumulative_npv_band"]
    base = [year["cumulative_npv"] for year in data["result"]["years"]]
    currency = data["result"]["currency"]
    scale = money_scale(band["p5"] + band["p95"] + base, currency)
    lows = [scale(v) for v in band["p5"]]
    highs = [scale(v) for v in band["p95"]]
    frame = Frame(len(base), min(0.0, *lows), max(0.0, *highs))
    body = _axes(frame, scale, len(base), scale.unit)
    polygon = [f"{frame.x(i):.1f},{frame.y(v):.1f}" for i, v in enumerate(highs)]
    polygon += [f"{frame.x(i):.1f},{frame.y(v):.1f}" for i, v in reversed(list(enumerate(lows)))]
    body.append(f'<polygon points="{" ".join(polygon)}" fill="{PALETTE[4]}" fill-opacity="0.45"/>')
    median = " ".join(
        f"{frame.x(i):.1f},{frame.y(scale(v)):.1f}" for i, v in enumerate(band["p50"])
    )
    body.append(
        f'<polyline points="{median}" fill="none" stroke="{PALETTE[0]}" stroke-width="2.5"/>'
    )
    line = " ".join(f"{frame.x(i):.1f},{frame.y(scale(v)):.1f}" for i, v in enumerate(base))
    body.append(
        f'<polyline points="{line}" fill="none" stroke="{TEXT}" stroke-width="1.5" '
        f'stroke-dasharray="5 4"/>'
    )
    legend = _legend(
        [_("Band P5–P95 (9 of 10 outcomes)"), _("Median (P50)"), _("Base case")],
        HEIGHT,
        (PALETTE[4], PALETTE[0], TEXT),
    )
    body += legend
    npv = monte_carlo["npv"]
    description = _(
        "Fan chart from %(draws)s Monte Carlo draws: in 90 %% of them the net present value "
        "ends between %(p5)s and %(p95)s (median %(p50)s); it is positive in %(share)s %% of "
        "the draws."
    ) % {
        "draws": format_number(monte_carlo["draws"]),
        "p5": format_money(npv["p5"], currency),
        "p95": format_money(npv["p95"], currency),
        "p50": format_money(npv["p50"], currency),
        "share": format_number(100 * monte_carlo["probability_npv_positive"]),
    }
    return _svg(
        chart_id, _("Uncertainty band of the cumulative NPV"), description, body, _bottom(legend)
    )
