"""``brygga impact SCENARIO_FILE``: the published cases, every format, bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

SCENARIOS = Path(__file__).resolve().parents[3] / "docs" / "scenarios"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("impact", *args, stdout=out)
    return out.getvalue()


def test_the_cohort_cost_of_exclusion_is_sek_1181_25_million() -> None:
    document = json.loads(run(str(SCENARIOS / "cohort-cost-of-exclusion.json"), "--format", "json"))
    exclusion = document["result"]["cost_of_exclusion"]
    assert exclusion["persons"] == 75
    assert exclusion["cohort_lifetime"]["total"] == pytest.approx(1_181_250_000.0)
    assert 400e6 < exclusion["cohort_lifetime"]["municipality"] < 420e6
    assert all(check["ok"] for check in document["checks"])
    assert document["model"] == {"name": "brygga-impact", "version": "1.0.0"}


def test_the_danish_per_person_gain_is_680_to_760_thousand() -> None:
    document = json.loads(run(str(SCENARIOS / "dk-per-person-gain.json"), "--format", "json"))
    rows = document["sensitivity"]["rows"]
    assert 680_000 <= document["result"]["npv"] <= 760_000
    assert rows[0]["npv_low"] >= 680_000 and rows[0]["npv_high"] <= 760_000
    assert document["monte_carlo"]["npv"]["p5"] >= 680_000


def test_the_table_names_the_figures() -> None:
    text = run(str(SCENARIOS / "cohort-cost-of-exclusion.json"))
    assert "1,181,250,000" in text and "ok" in text and "NOT REPRODUCED" not in text


def test_xlsx_and_pdf(tmp_path: Path) -> None:
    xlsx = tmp_path / "dk.xlsx"
    run(
        str(SCENARIOS / "dk-per-person-gain.json"),
        "--format",
        "xlsx",
        "-o",
        str(xlsx),
        "--draws",
        "100",
    )
    book = openpyxl.load_workbook(xlsx)
    assert book.worksheets[0]["A1"].value is not None
    flows = next(sheet for sheet in book.worksheets if sheet.max_row == 8)  # header, 6 years, NPV
    assert flows.cell(row=2, column=1).value == 0
    pdf = tmp_path / "dk.pdf"
    run(
        str(SCENARIOS / "dk-per-person-gain.json"),
        "--format",
        "pdf",
        "-o",
        str(pdf),
        "--draws",
        "100",
    )
    assert pdf.read_bytes().startswith(b"%PDF")


def test_another_parameter_set_by_name(tmp_path: Path) -> None:
    source = json.loads((SCENARIOS / "dk-per-person-gain.json").read_text(encoding="utf-8"))
    scenario = {
        "format": "brygga-impact-scenario/1",
        "name": "SE default",
        "params": "dk-2023",
        "cohort": {"persons": 10, "start_state": "income_support", "start_age": 30},
        "horizon": 5,
        "outcome": {"model": "success_rate", "success_state": "full_time_job"},
        "parameters": {"success_rate": 0.5},
        "discount": {"rate": 0.03},
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    danish = json.loads(run(str(path), "--format", "json"))
    swedish = json.loads(run(str(path), "--format", "json", "--params", "se-2025"))
    assert danish["result"]["currency"] == "DKK" and swedish["result"]["currency"] == "SEK"
    assert source["format"] == scenario["format"]


def test_bad_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such scenario file"):
        run(str(tmp_path / "missing.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.json"):
        run(str(broken))
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(CommandError, match="expected format"):
        run(str(wrong))


def test_a_file_that_misses_its_published_figure_fails(tmp_path: Path) -> None:
    data = json.loads((SCENARIOS / "dk-per-person-gain.json").read_text(encoding="utf-8"))
    data["expected"] = [{"path": "result.npv", "min": 1, "max": 2, "source": "wrong on purpose"}]
    path = tmp_path / "off.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="does not reproduce"):
        run(str(path), "--draws", "0")
