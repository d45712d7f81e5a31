"""``brygga impact SCENARIO_FILE [--params NAME] [--format table|json|xlsx|pdf]``.

Runs a scenario file (format: docs/algorithms/impact.md, examples in
docs/scenarios/) with the same kernel and the same exports as the web pages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brygga.impact import exports, kernel
from brygga.impact.presentation import result_context
from brygga.impact.services import file_document


class Command(BaseCommand):
    help = "Compute the socioeconomic accounts of a scenario file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scenario_file", help="A scenario file (docs/scenarios/*.json).")
        parser.add_argument(
            "--params",
            help="Another parameter set: a shipped name ("
            + ", ".join(kernel.available_parameter_sets())
            + ") or a path to a parameter-set file.",
        )
        parser.add_argument(
            "--format", choices=("table", "json", "xlsx", "pdf"), default="table", dest="fmt"
        )
        parser.add_argument(
            "--output", "-o", help="File for xlsx/pdf (default: next to the input)."
        )
        parser.add_argument("--draws", type=int, help="Monte Carlo draws (default: the file's).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["scenario_file"])
        if not path.is_file():
            raise CommandError(f"no such scenario file: {path}")
        try:
            document, ok = file_document(
                str(path), params=options["params"], draws=options["draws"]
            )
        except (ValueError, KeyError, TypeError, OSError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: {error}") from error
        fmt = options["fmt"]
        if fmt == "json":
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        elif fmt == "table":
            self._table(document)
        else:
            output = Path(options["output"] or path.with_suffix(f".{fmt}").name)
            content = (
                exports.xlsx(document) if fmt == "xlsx" else exports.pdf(result_context(document))
            )
            output.write_bytes(content)
            self.stdout.write(f"{output}")
        if not ok:
            failed = [c for c in document["checks"] if not c["ok"]]
            sys.stderr.write(f"{len(failed)} published figure(s) not reproduced: {failed}\n")
            raise CommandError("the scenario does not reproduce its published figures")

    def _table(self, document: dict[str, Any]) -> None:
        from rich.console import Console
        from rich.table import Table

        account = document["result"]
        currency = account["currency"]
        console = Console(file=self.stdout, width=110)  # type: ignore[arg-type]
        console.print(
            f"[bold]{document['assumptions']['name']}[/bold]  "
            f"({document['model']['name']} {document['model']['version']}, "
            f"{account['parameter_set']['name']} {account['parameter_set']['version']}, "
            f"{account['discount']})"
        )
        table = Table(
            "actor", f"PV effects ({currency})", f"PV costs ({currency})", f"NPV ({currency})"
        )
        for actor, npv in account["npv_by_actor"].items():
            table.add_row(
                actor,
                f"{account['pv_effect_by_actor'][actor]:,.0f}",
                f"{account['pv_costs_by_actor'][actor]:,.0f}",
                f"{npv:,.0f}",
            )
        table.add_row("[bold]total", "", "", f"[bold]{account['npv']:,.0f}")
        console.print(table)
        console.print(
            f"payback year: {account['payback_year']}   "
            f"benefit-cost ratio: {account['benefit_cost_ratio']}"
        )
        exclusion = account.get("cost_of_exclusion")
        if exclusion:
            cohort = exclusion["persons"] * exclusion["per_person_lifetime_undiscounted"]["total"]
            console.print(
                f"cost of exclusion ({exclusion['state']} vs {exclusion['reference_state']}): "
                f"{exclusion['per_person_year']['total']:,.0f} per person-year, "
                f"{exclusion['per_person_lifetime_undiscounted']['total']:,.0f} per lifetime "
                f"(undiscounted, {exclusion['lifetime_years']} y), cohort "
                f"{cohort:,.0f}"
            )
        monte_carlo = document.get("monte_carlo")
        if monte_carlo:
            npv = monte_carlo["npv"]
            console.print(
                f"Monte Carlo ({monte_carlo['draws']} draws): P5 {npv['p5']:,.0f}  "
                f"P50 {npv['p50']:,.0f}  P95 {npv['p95']:,.0f}  "
                f"P(NPV>0) {monte_carlo['probability_npv_positive']:.1%}"
            )
        for check in document["checks"]:
            mark = "ok" if check["ok"] else "NOT REPRODUCED"
            console.print(
                f"check {check['path']}: {check['actual']:,.2f} in "
                f"[{check['minimum']:,.2f}, {check['maximum']:,.2f}] {mark}"
            )
