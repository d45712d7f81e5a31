"""The project owner in the browser: the ESF+ project's record, dashboard and indicator report.

Every page the test visits is checked with axe-core.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from brygga.core.models import Organisation, Role, User
from brygga.journeys import services as journeys
from brygga.people.services import ParticipantData, register_participant
from brygga.projects import services
from brygga.projects.models import Project

from .conftest import assert_accessible

PASSWORD = "correct-horse-battery-staple"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_owner_opens_the_project_dashboard_and_downloads_the_report(
    page: Page, live_server: object, alice: User, samordningsforbund: Organisation, project: Project
) -> None:
    from conftest import make_user

    owner = make_user("owen", samordningsforbund, Role.ORG_ADMIN)
    for i in range(6):
        person = register_participant(
            alice,
            alice.organisations.get(),
            ParticipantData(
                first_name=f"P{i}",
                last_name="Test",
                birth_date=datetime.date(1985 + i, 2, 1),
                gender=["woman", "man"][i % 2],
                education_level=i % 8,
                labour_market_status="unemployed",
            ),
        )
        enrolment = journeys.enrol(alice, person, project, datetime.date(2024, 3, 1))
        if i < 4:
            journeys.exit_enrolment(alice, enrolment, datetime.date(2024, 8, 1 + i), "work")
    eu = services.add_funder(owner, project, "ESF+", "eu_fund")
    services.set_funding(owner, eu, 2025, Decimal(400_000))

    base_url = str(live_server)
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill("owen")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form [type=submit]").click()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"{base_url}/projects/")
    assert_accessible(page)
    page.get_by_role("link", name=project.name).click()
    expect(page.get_by_role("heading", name="Funders and co-financing")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("svg#project-groups")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="ESF+ indicators").click()
    row = page.get_by_role("row", name=re.compile("Total participants"))
    expect(row).to_contain_text("6")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.get_by_role("link", name="Follow-up report").click()
    expect(page.get_by_role("heading", name="Outcome on leaving")).to_be_visible()
    assert_accessible(page)
