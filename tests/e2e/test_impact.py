"""An analyst builds a scenario in the browser, sees the accounts, downloads PDF and XLSX.

Every page the test visits is checked with axe-core.
"""

from __future__ import annotations

import io
import os
import re

import openpyxl
import pytest
from playwright.sync_api import Locator, Page, expect

from brygga.core.models import User
from brygga.impact.models import ParameterSet, Scenario

from .conftest import assert_accessible
from .test_case_worker_flow import log_in, switch_to_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def snapshot(page: Page, name: str) -> None:
    """Full-page screenshots for reviewing the layout, when BRYGGA_SCREENSHOTS names a folder."""
    folder = os.environ.get("BRYGGA_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"impact-{name}.png"), full_page=True)


def field(page: Page, label: str) -> Locator:
    """The input labelled exactly ``label`` (Django may add a colon)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def test_an_analyst_builds_a_scenario_and_downloads_the_report(
    page: Page, live_server: object, bob: User, olga: User
) -> None:
    base_url = str(live_server)
    log_in(page, base_url, "bob")
    page.goto(f"{base_url}/impact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Socioekonomiska kalkyler")
    assert_accessible(page)
    switch_to_english(page)

    # Copy the Swedish set and use an own income-support level, with the reason.
    page.get_by_role("link", name=re.compile("Swedish default parameter set")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Make a copy for my organisation").click()
    expect(page.get_by_role("status")).to_contain_text("own copy")
    page.get_by_role("link", name="Use your own value").first.click()
    assert_accessible(page)
    page.get_by_label("Input").select_option("income_support_per_household_year")
    page.get_by_label("Your value").fill("90000")
    page.get_by_label("Reason").fill("Bodens kommun's own accounts for 2025")
    page.locator("main form [type=submit]").click()
    expect(page.locator("tr.overridden")).to_contain_text("Bodens kommun's own accounts")
    assert_accessible(page)
    snapshot(page, "parameters")
    copy = ParameterSet.objects.get(organisation__isnull=False)

    # Build a scenario; a mistake first shows on its field.
    page.goto(f"{base_url}/impact/scenarios/new/")
    assert_accessible(page)
    snapshot(page, "editor")
    field(page, "Name").fill("Växtzon 2026")
    page.get_by_label("Parameter set").select_option(str(copy.pk))
    page.get_by_label("Persons in the cohort").fill("40")
    field(page, "Success rate").fill("0.25")
    page.get_by_label("Success rate – low").fill("0.15")
    page.get_by_label("Success rate – high").fill("0.35")
    field(page, "Persistence").fill("1.4")
    field(page, "Cost per participant").fill("60000")
    page.get_by_label("Monte Carlo draws").fill("500")
    page.get_by_role("button", name="Save and compute").click()
    expect(page.locator("#id_persistence_errors")).to_be_visible()
    assert_accessible(page)
    field(page, "Persistence").fill("0.85")
    page.get_by_role("button", name="Save and compute").click()

    # The result: per-actor table and the four charts with text alternatives.
    expect(page.get_by_role("heading", level=1)).to_have_text("Växtzon 2026")
    expect(page.get_by_text("Net present value, all actors:")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(4)
    expect(page.get_by_role("img", name="Cumulative net present value")).to_be_visible()
    expect(page.get_by_role("img", name="Uncertainty band of the cumulative NPV")).to_be_visible()
    assert_accessible(page)
    snapshot(page, "result")

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download every flow (XLSX)").click()
    with open(xlsx_download.value.path(), "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    assert "Yearly flows" in book.sheetnames

    scenario = Scenario.objects.get()
    page.goto(f"{base_url}/impact/compare/?a={scenario.pk}&b={scenario.pk}")
    expect(page.get_by_role("table", name="Side by side")).to_be_visible()
    assert_accessible(page)
    snapshot(page, "compare")
    page.goto(f"{base_url}/impact/")
    assert_accessible(page)

    # The outsider from Jammerbugt sees none of it.
    page.context.clear_cookies()
    log_in(page, base_url, "olga")
    response = page.goto(f"{base_url}/impact/scenarios/{scenario.pk}/")
    assert response is not None and response.status == 404
