"""Exports of a stored result: an XLSX a reviewer can recompute, and a PDF report."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .charts import actor_keys

BOLD = Font(bold=True)


#: A text cell starting with one of these would be read as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: Any) -> Any:
    """User-written text never becomes a formula: it gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _append(sheet: Any, values: list[Any]) -> None:
    sheet.append([text_cell(value) for value in values])


def _header(sheet: Any, titles: list[str]) -> None:
    _append(sheet, titles)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def ordered_parameters(parameters: dict[str, Any]) -> list[str]:
    """Scenario parameters in the kernel's order, then any others."""
    from .kernel import SCENARIO_PARAMETERS

    known = [name for name in SCENARIO_PARAMETERS if name in parameters]
    return known + sorted(set(parameters) - set(known))


def xlsx(data: dict[str, Any], computed_at: str = "") -> bytes:
    """Every assumption and every yearly flow; discounted values and totals are formulas."""
    account = data["result"]
    actors = actor_keys(data)
    labels = {a["key"]: a["label"] for a in data["actors"]}
    book = Workbook()

    summary = book.active
    summary.title = _("Summary")
    _header(summary, [_("Item"), _("Value")])
    rows: list[tuple[str, Any]] = [
        (_("Scenario"), data["assumptions"]["name"]),
        (_("Model"), f"{data['model']['name']} {data['model']['version']}"),
        (
            _("Parameter set"),
            f"{account['parameter_set']['name']} {account['parameter_set']['version']}",
        ),
        (_("Currency"), account["currency"]),
        (_("Discounting"), account["discount"]),
        (_("Net present value, all actors"), account["npv"]),
        (_("Benefit–cost ratio"), account["benefit_cost_ratio"]),
        (_("Payback year"), account["payback_year"]),
        (_("Computed at"), computed_at),
    ]
    for actor in actors:
        rows.append(
            (
                _("NPV: %(actor)s") % {"actor": labels.get(actor, actor)},
                account["npv_by_actor"][actor],
            )
        )
    monte_carlo = data.get("monte_carlo")
    if monte_carlo:
        rows += [
            (_("Monte Carlo draws"), monte_carlo["draws"]),
            (_("NPV P5"), monte_carlo["npv"]["p5"]),
            (_("NPV P50"), monte_carlo["npv"]["p50"]),
            (_("NPV P95"), monte_carlo["npv"]["p95"]),
            (_("Probability that NPV > 0"), monte_carlo["probability_npv_positive"]),
        ]
    for row in rows:
        _append(summary, list(row))

    assumptions = book.create_sheet(_("Assumptions"))
    _header(assumptions, [_("Parameter"), _("Value"), _("Low"), _("High"), _("Distribution")])
    scenario = data["assumptions"]
    for key in ("basis", "project", "target_group", "persons", "start_state", "start_age",
                "horizon_years", "success_state", "cost_years", "draws", "seed"):  # fmt: skip
        _append(assumptions, [key, scenario[key]])
    _append(
        assumptions, ["paid_by", ", ".join(f"{k}: {v}" for k, v in scenario["paid_by"].items())]
    )
    _append(assumptions, ["discount", str(scenario["discount"])])
    for name in ordered_parameters(scenario["parameters"]):
        parameter = scenario["parameters"][name]
        distribution = parameter["distribution"]
        _append(
            assumptions,
            [
                name,
                parameter["value"],
                parameter["low"],
                parameter["high"],
                ", ".join(f"{k}={v}" for k, v in distribution.items()) if distribution else "",
            ],
        )

    inputs = book.create_sheet(_("Unit prices"))
    _header(
        inputs,
        [
            _("Input"),
            _("Label"),
            _("Value"),
            _("Default"),
            _("Unit"),
            _("Source"),
            _("Publisher"),
            _("Year"),
            _("Assumption"),
            _("Note"),
            _("Your reason"),
        ],
    )
    for row in data["inputs"]:
        _append(
            inputs,
            [
                row["name"],
                row["label"],
                row["value"],
                row["default"],
                row["unit"],
                row["source"],
                row["publisher"],
                row["year"],
                _("yes") if row["assumption"] else "",
                row["note"],
                row["reason"],
            ],
        )

    flows = book.create_sheet(_("Yearly flows"))
    columns = [_("Year"), _("Discount factor")]
    for actor in actors:
        columns += [
            _("%(actor)s: effect") % {"actor": actor},
            _("%(actor)s: costs") % {"actor": actor},
            _("%(actor)s: net") % {"actor": actor},
        ]
    columns += [_("Net, all actors"), _("Discounted net, all actors"), _("Cumulative NPV")]
    _header(flows, columns)
    width = 2 + 3 * len(actors)
    for index, year in enumerate(account["years"]):
        line = flows.max_row + 1
        values: list[Any] = [year["year"], year["discount_factor"]]
        for a, actor in enumerate(actors):
            effect_col = get_column_letter(3 + 3 * a)
            cost_col = get_column_letter(4 + 3 * a)
            values += [
                year["effect"][actor],
                year["costs"][actor],
                f"={effect_col}{line}-{cost_col}{line}",
            ]
        nets = "+".join(f"{get_column_letter(5 + 3 * a)}{line}" for a in range(len(actors)))
        total_col = get_column_letter(width + 1)
        discounted_col = get_column_letter(width + 2)
        cumulative = (
            f"={discounted_col}{line}"
            if index == 0
            else f"={get_column_letter(width + 3)}{line - 1}+{discounted_col}{line}"
        )
        values += [f"={nets}", f"={total_col}{line}*B{line}", cumulative]
        flows.append(values)
    last = flows.max_row
    flows.append(
        [_("NPV"), None]
        + [
            f"=SUMPRODUCT($B$2:$B${last},{get_column_letter(c)}2:{get_column_letter(c)}{last})"
            for c in range(3, width + 2)
        ]
        + [f"=SUM({get_column_letter(width + 2)}2:{get_column_letter(width + 2)}{last})"]
    )
    for cell in flows[flows.max_row]:
        cell.font = BOLD

    components = book.create_sheet(_("Flows by component"))
    _header(components, [_("Year"), _("Actor"), _("Transfers paid"), _("Service costs"),
                         _("Taxes received"), _("Production value")])  # fmt: skip
    for year in account["years"]:
        for actor in actors:
            parts = year["components"][actor]
            _append(
                components,
                [
                    year["year"],
                    actor,
                    parts["transfers_paid"],
                    parts["service_costs"],
                    parts["taxes_received"],
                    parts["production_value"],
                ],
            )

    records = data.get("records")
    if records:
        sheet = book.create_sheet(_("Records"))
        _header(sheet, [_("Year"), *[s["key"] for s in data["states"]]])
        for year, counts in enumerate(records["states_by_year"]):
            _append(sheet, [year, *[counts.get(s["key"], 0) for s in data["states"]]])

    for sheet in book.worksheets:
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 18
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf(context: dict[str, Any]) -> bytes:
    """The report: assumptions, sources, results and the charts, via WeasyPrint.

    ``context`` is what ``views.result_context`` gives for a result document."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy; only for a PDF

    html = render_to_string("impact/report_pdf.html", context)
    document: bytes = HTML(string=html).write_pdf()
    return document
