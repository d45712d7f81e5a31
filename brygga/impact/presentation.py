"""What a result document looks like on a page or in a report: tables and charts."""

from __future__ import annotations

from typing import Any

from . import charts, services
from .exports import ordered_parameters
from .models import Basis, Scenario


def parameter_names(data: dict[str, Any]) -> dict[str, str]:
    """Readable names of scenario parameters (translated) and parameter-set inputs."""
    names = {row["name"]: row["label"] for row in data.get("inputs", [])}
    for name in services.PARAMETER_FIELDS:
        names[name] = str(
            getattr(Scenario._meta.get_field(name), "verbose_name", name)
        ).capitalize()
    return names


def result_context(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Charts and tables of a result document (stored result or scenario-file run)."""
    account = data["result"]
    labels = charts.actor_labels(data)
    names = parameter_names(data)
    actors = [
        {
            "key": key,
            "label": labels.get(key, key),
            "npv": account["npv_by_actor"][key],
            "pv_effect": account["pv_effect_by_actor"][key],
            "pv_costs": account["pv_costs_by_actor"][key],
        }
        for key in charts.actor_keys(data)
    ]
    years = [
        {
            "year": year["year"],
            "discount_factor": year["discount_factor"],
            "net": [year["net"][a["key"]] for a in actors],
            "total": sum(year["net"].values()),
            "cumulative": year["cumulative_npv"],
        }
        for year in account["years"]
    ]
    monte_carlo = data.get("monte_carlo")
    band = None
    if monte_carlo:
        b = monte_carlo["cumulative_npv_band"]
        band = [
            {"year": i, "p5": b["p5"][i], "p50": b["p50"][i], "p95": b["p95"][i]}
            for i in range(len(b["p5"]))
        ]
    sensitivity = data.get("sensitivity")
    tornado_rows = [
        {**row, "label": names.get(row["name"], row["label"])}
        for row in (sensitivity["rows"][:10] if sensitivity else [])
    ]
    return {
        "data": data,
        "account": account,
        "actors": actors,
        "years": years,
        "band": band,
        "tornado_rows": tornado_rows,
        "monte_carlo": monte_carlo,
        "records": data.get("records"),
        "names": names,
        "chart_bars": charts.stacked_bars(data, f"{prefix}bars"),
        "chart_cumulative": charts.cumulative_npv(data, f"{prefix}cumulative"),
        "chart_tornado": charts.tornado(data, names, f"{prefix}tornado"),
        "chart_fan": charts.fan(data, f"{prefix}fan"),
        "exclusion": account.get("cost_of_exclusion"),
        "assumptions": data["assumptions"],
        "parameters": [
            (name, data["assumptions"]["parameters"][name])
            for name in ordered_parameters(data["assumptions"]["parameters"])
        ],
        "basis_label": Basis(data["assumptions"]["basis"]).label,
    }
