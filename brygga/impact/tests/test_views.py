"""Impact pages through the test client, with outsiders refused on every route."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest

from brygga.core.models import User
from brygga.impact.models import (
    ParameterOverride,
    ParameterSet,
    ResultStatus,
    Scenario,
    ScenarioResult,
)
from brygga.impact.services import OverrideData, set_override
from brygga.people.models import Participant

from .conftest import logged_in

pytestmark = pytest.mark.django_db

FORM: dict[str, Any] = {
    "name": "Växtzon 2026",
    "description": "",
    "basis": "assumptions",
    "target_group": "Adults on income support",
    "persons": "40",
    "start_state": "income_support",
    "start_age": "28",
    "horizon_years": "10",
    "success_state": "full_time_job",
    "success_rate": "0.25",
    "success_rate_low": "0.15",
    "success_rate_high": "0.35",
    "persistence": "0.85",
    "counterfactual_rate": "0.05",
    "deadweight": "0.1",
    "attribution": "0",
    "displacement": "0",
    "drop_off": "0",
    "optimism_bias_costs": "0",
    "optimism_bias_benefits": "0",
    "payer": "municipality",
    "cost_start_up": "0",
    "cost_per_participant": "60000",
    "cost_per_year": "0",
    "cost_years": "1",
    "discount": "constant",
    "discount_rate": "0.035",
    "draws": "200",
    "seed": "1",
}


def test_the_index_lists_scenarios_and_parameter_sets(adam: User, result: ScenarioResult) -> None:
    response = logged_in(adam).get("/impact/")
    assert response.status_code == 200
    assert result.scenario.name in response.content.decode()
    assert "se-2025" in response.content.decode()


def test_an_admin_builds_a_scenario_in_the_editor_and_sees_the_result(
    adam: User, boden_copy: ParameterSet, django_capture_on_commit_callbacks: Any
) -> None:
    client = logged_in(adam)
    assert client.get("/impact/scenarios/new/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/impact/scenarios/new/", {**FORM, "parameter_set": boden_copy.pk, "run": "1"}
        )
    scenario = Scenario.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/impact/scenarios/{scenario.pk}/"
    )
    assert scenario.ranges == {"success_rate": [0.15, 0.35]}
    assert scenario.paid_by == {"municipality": 1.0}
    page = client.get(response["Location"]).content.decode()
    assert page.count("<svg") == 4
    assert "Break-even: year" in page or "does not turn positive" in page
    assert re.search(r'<title id="fan-title">', page)
    assert "Download the report (PDF)" in page


def test_the_editor_shows_field_errors_and_saves_nothing(
    adam: User, boden_copy: ParameterSet
) -> None:
    response = logged_in(adam).post(
        "/impact/scenarios/new/",
        {**FORM, "parameter_set": boden_copy.pk, "persistence": "1.5", "success_rate_high": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "persistence" in form.errors and "success_rate_high" in form.errors
    assert not Scenario.objects.exists()


def test_a_horizon_past_65_is_an_error_on_its_field(adam: User, boden_copy: ParameterSet) -> None:
    response = logged_in(adam).post(
        "/impact/scenarios/new/",
        {**FORM, "parameter_set": boden_copy.pk, "start_age": "60", "horizon_years": "10"},
    )
    assert "horizon_years" in response.context["form"].errors


def test_a_case_worker_sees_scenarios_but_cannot_edit(
    alice: User, result: ScenarioResult, scenario: Scenario
) -> None:
    client = logged_in(alice)
    assert client.get(f"/impact/scenarios/{scenario.pk}/").status_code == 200
    assert client.get(f"/impact/scenarios/{scenario.pk}/edit/").status_code == 404
    assert client.get("/impact/scenarios/new/").status_code == 404


def test_pdf_and_xlsx_downloads(adam: User, result: ScenarioResult) -> None:
    client = logged_in(adam)
    pdf = client.get(f"/impact/results/{result.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/impact/results/{result.pk}/accounts.xlsx")
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert {"Summary", "Assumptions", "Unit prices", "Yearly flows"} <= set(book.sheetnames)
    flows = book["Yearly flows"]
    header = [cell.value for cell in flows[1]]
    assert header[:3] == ["Year", "Discount factor", "municipality: effect"]
    first = [cell.value for cell in flows[2]]
    year0 = result.data["result"]["years"][0]
    assert first[2] == pytest.approx(year0["effect"]["municipality"])
    assert first[4] == "=C2-D2"  # net is a formula a reviewer can follow
    last = [cell.value for cell in flows[flows.max_row]]
    assert last[0] == "NPV" and last[2] == "=SUMPRODUCT($B$2:$B$11,C2:C11)"
    assert any(str(value).startswith("=SUM(") for value in last)
    units = book["Unit prices"]
    names = [row[0].value for row in units.iter_rows(min_row=2)]
    assert "income_support_per_household_year" in names


def test_compare_two_scenarios(adam: User, result: ScenarioResult, scenario: Scenario) -> None:
    from brygga.impact import services

    from .conftest import scenario_values

    other = services.save_scenario(
        adam,
        scenario.organisation,
        scenario_values(
            scenario.parameter_set, name="Smaller effect", success_rate=0.1, draws=0, ranges={}
        ),
    )
    services.compute_result(ScenarioResult.objects.create(scenario=other).pk)
    response = logged_in(adam).get(f"/impact/compare/?a={scenario.pk}&b={other.pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="a-cumulative-title"' in page and 'id="b-cumulative-title"' in page
    assert "NPV: Municipality (kommun)" in page
    rows = response.context["actor_rows"]
    municipality = next(row for row in rows if row["label"].startswith("Municipality"))
    assert municipality["values"][0] > municipality["values"][1]  # 25 % beats 10 %


def test_parameter_set_page_shows_differences_and_reasons(
    adam: User, boden_copy: ParameterSet
) -> None:
    client = logged_in(adam)
    response = client.post(
        f"/impact/parameters/{boden_copy.pk}/values/",
        {"name": "income_support_per_household_year", "value": "90000", "reason": "Our accounts"},
    )
    assert response.status_code == 302
    page = client.get(f"/impact/parameters/{boden_copy.pk}/").content.decode()
    assert 'class="overridden"' in page and "Our accounts" in page
    refused = client.post(
        f"/impact/parameters/{boden_copy.pk}/values/",
        {"name": "income_support_per_household_year", "value": "1", "reason": ""},
    )
    assert "reason" in refused.context["form"].errors
    override = ParameterOverride.objects.get()
    assert client.post(f"/impact/values/{override.pk}/remove/").status_code == 302
    assert not ParameterOverride.objects.exists()


def test_copying_a_shipped_set(bob: User, se_set: ParameterSet) -> None:
    response = logged_in(bob).post(f"/impact/parameters/{se_set.pk}/copy/")
    copy = ParameterSet.objects.get(organisation__isnull=False)
    assert response["Location"] == f"/impact/parameters/{copy.pk}/"
    assert copy.based_on == se_set


def test_a_participants_own_account(
    alice: User, records_scenario: Scenario, worked: Participant
) -> None:
    response = logged_in(alice).get(f"/impact/participants/{worked.pk}/")
    assert response.status_code == 200
    assert "Full-time job" in response.content.decode()


def test_an_analyst_cannot_open_a_persons_account(
    bob: User, records_scenario: Scenario, worked: Participant
) -> None:
    assert logged_in(bob).get(f"/impact/participants/{worked.pk}/").status_code == 404


def test_a_queued_result_is_not_downloadable(adam: User, scenario: Scenario) -> None:
    queued = ScenarioResult.objects.create(scenario=scenario, status=ResultStatus.QUEUED)
    client = logged_in(adam)
    assert client.get(f"/impact/results/{queued.pk}/").status_code == 200
    assert client.get(f"/impact/results/{queued.pk}/report.pdf").status_code == 404


def test_an_outsider_gets_404_on_every_route(
    olga: User,
    adam: User,
    boden_copy: ParameterSet,
    result: ScenarioResult,
    scenario: Scenario,
    worked: Participant,
) -> None:
    override = set_override(
        adam, boden_copy, OverrideData("income_support_per_household_year", 9.0e4, "ours")
    )
    client = logged_in(olga)
    gets = [
        f"/impact/parameters/{boden_copy.pk}/",
        f"/impact/parameters/{boden_copy.pk}/values/",
        f"/impact/scenarios/{scenario.pk}/",
        f"/impact/scenarios/{scenario.pk}/edit/",
        f"/impact/results/{result.pk}/",
        f"/impact/results/{result.pk}/report.pdf",
        f"/impact/results/{result.pk}/accounts.xlsx",
        f"/impact/participants/{worked.pk}/",
        "/impact/scenarios/new/",
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        f"/impact/parameters/{boden_copy.pk}/copy/",
        f"/impact/values/{override.pk}/remove/",
        f"/impact/scenarios/{scenario.pk}/run/",
        f"/impact/scenarios/{scenario.pk}/delete/",
    ]
    for url in posts:
        assert client.post(url).status_code == 404, url
    compare = client.get(f"/impact/compare/?a={scenario.pk}&b={scenario.pk}")
    assert compare.status_code == 200 and scenario.name not in compare.content.decode()
    index = client.get("/impact/").content.decode()
    assert scenario.name not in index and boden_copy.label not in index
    assert ScenarioResult.objects.count() == 1 and Scenario.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client: Any, scenario: Scenario) -> None:
    response = client.get(f"/impact/scenarios/{scenario.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_editor_starts_from_the_organisations_own_copy(
    bob: User, boden_copy: ParameterSet
) -> None:
    form = logged_in(bob).get("/impact/scenarios/new/").context["form"]
    assert form["parameter_set"].value() == boden_copy.pk
    assert form["payer"].value() == "municipality"


def test_text_in_the_xlsx_never_becomes_a_formula(
    adam: User, boden_copy: ParameterSet, scenario: Scenario
) -> None:
    from brygga.impact import exports, services

    set_override(adam, boden_copy, OverrideData("wage_month_median", 36_000.0, '=HYPERLINK("x")'))
    Scenario.objects.filter(pk=scenario.pk).update(name="@SUM(A1)")
    created = ScenarioResult.objects.create(scenario=scenario, created_by=adam)
    done = services.compute_result(created.pk)
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx(done.data)))
    values = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("x")' in values and "'@SUM(A1)" in values
    assert not any(isinstance(v, str) and v.startswith(("=HYPERLINK", "@SUM")) for v in values)
