"""The inline SVG charts: accessible names, the break-even mark, the band."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.utils import translation

from brygga.impact import charts
from brygga.impact.models import ScenarioResult
from brygga.impact.presentation import parameter_names

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_every_chart_has_a_title_and_a_description(result: ScenarioResult) -> None:
    data = result.data
    names = parameter_names(data)
    for svg in (
        charts.stacked_bars(data),
        charts.cumulative_npv(data),
        charts.tornado(data, names),
        charts.fan(data),
    ):
        assert svg is not None
        chart_id = re.search(r'aria-labelledby="(\S+)-title', svg)
        assert chart_id, svg[:200]
        assert f'<title id="{chart_id.group(1)}-title">' in svg
        assert f'<desc id="{chart_id.group(1)}-desc">' in svg
        assert 'role="img"' in svg


def test_the_break_even_year_is_marked(result: ScenarioResult) -> None:
    svg = charts.cumulative_npv(result.data)
    payback = result.data["result"]["payback_year"]
    assert payback is not None
    assert f"Break-even: year {payback}" in svg


def test_no_payback_is_said_in_words(result: ScenarioResult) -> None:
    data = dict(result.data)
    account = dict(data["result"])
    account["payback_year"] = None
    data["result"] = account
    assert "does not turn positive" in charts.cumulative_npv(data)


def test_text_in_charts_is_escaped(result: ScenarioResult) -> None:
    data = dict(result.data)
    data["actors"] = [{"key": a["key"], "label": "<script>x</script>"} for a in data["actors"]]
    svg = charts.stacked_bars(data)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_the_fan_needs_monte_carlo(result: ScenarioResult) -> None:
    assert charts.fan({**result.data, "monte_carlo": None}) is None
    assert "P5–P95" in str(charts.fan(result.data))


def test_money_scales() -> None:
    assert charts.money_scale([2.5e6], "SEK").divisor == 1e6
    assert charts.money_scale([25_000], "DKK").divisor == 1e3


def test_input_values_keep_their_precision() -> None:
    from brygga.impact.templatetags.impact import quantity

    assert quantity(0.3237) == "0.3237"
    assert quantity(1.25) == "1.25"
    assert quantity(58_800.0) == "58,800"
    assert quantity(10.001) == "10"
    assert quantity(None) == "–"
