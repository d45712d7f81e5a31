"""A case worker's day in the browser: register, enrol, act, exit, follow up.

Every page the test visits is checked with axe-core.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from brygga.core.models import User
from brygga.journeys.models import FollowUp
from brygga.people.identity import swedish_number
from brygga.projects.models import Project

from .conftest import assert_accessible

PASSWORD = "correct-horse-battery-staple"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/participants/"))


def switch_to_english(page: Page) -> None:
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_case_worker_registers_enrols_exits_and_sees_the_follow_up(
    page: Page, live_server: object, alice: User, olga: User, project: Project
) -> None:
    base_url = str(live_server)
    today = datetime.date.today()  # noqa: DTZ011 - the browser's day is the server's here
    log_in(page, base_url, "alice")
    assert_accessible(page)
    switch_to_english(page)

    # Register a participant.
    page.get_by_role("link", name="Register participant").click()
    assert_accessible(page)
    page.get_by_label("First name").fill("Oksana")
    page.get_by_label("Last name").fill("Kovalenko")
    page.locator("#id_identity_number").fill(
        swedish_number(datetime.date(1988, 4, 2), 417, coordination=True)
    )
    page.get_by_label("Gender").select_option("woman")
    page.get_by_label("Third-country national").check()
    page.get_by_label("Foreign background").check()
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oksana Kovalenko")
    expect(page.get_by_text("Foreign background").first).to_be_visible()
    assert_accessible(page)
    participant_url = page.url

    # Enrol in the project.
    page.get_by_role("link", name="Enrol in a project").click()
    assert_accessible(page)
    page.get_by_label("Project").select_option(label=project.name)
    page.get_by_label("Entry date").fill((today - datetime.timedelta(days=30)).isoformat())
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(participant_url)
    expect(page.get_by_text(project.name).first).to_be_visible()

    # Add an activity: work practice.
    page.get_by_role("link", name="Add activity").click()
    assert_accessible(page)
    page.get_by_label("Type").select_option("work_practice")
    page.get_by_label("Start date").fill((today - datetime.timedelta(days=20)).isoformat())
    page.get_by_label("Hours a week").fill("20")
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(participant_url)
    expect(page.get_by_text("Work practice").first).to_be_visible()

    # Record the exit into work.
    page.get_by_role("link", name="Record exit").click()
    assert_accessible(page)
    page.get_by_label("Exit date").fill(today.isoformat())
    page.locator("input[name=exit_outcome][value=work]").check()
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(participant_url)
    assert_accessible(page)

    # The follow-up tasks are there, 28 days and 6 months after the exit.
    assert FollowUp.objects.filter(enrolment__participant__last_name="Kovalenko").count() == 2
    page.get_by_role("link", name="Follow-ups").first.click()
    page.get_by_role("link", name=re.compile("Upcoming")).first.click()
    expect(page.get_by_text("Oksana Kovalenko").first).to_be_visible()
    assert_accessible(page)

    # Another organisation's case worker sees none of it.
    page.context.clear_cookies()
    log_in(page, base_url, "olga")
    expect(page.get_by_text("Kovalenko")).to_have_count(0)
    response = page.goto(participant_url)
    assert response is not None and response.status == 404


def test_case_worker_edits_details_and_records_then_withdraws_a_consent(
    page: Page, live_server: object, alice: User, participant: object
) -> None:
    base_url = str(live_server)
    log_in(page, base_url, "alice")
    switch_to_english(page)
    page.get_by_role("link", name="Sara Lind").click()
    participant_url = page.url

    page.get_by_role("link", name="Edit details").click()
    assert_accessible(page)
    page.get_by_label("Municipality of residence").fill("Luleå")
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(participant_url)
    expect(page.get_by_text("The participant's details are saved.")).to_be_visible()

    page.get_by_role("link", name="Consents").click()
    assert_accessible(page)
    page.get_by_label("Purpose").select_option("referral")
    page.get_by_label("Given on").fill("2024-02-01")
    page.get_by_role("button", name="Record consent").click()
    expect(
        page.get_by_role("cell", name="Referral to another organisation", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Withdrawn on").fill("2024-01-01")  # before it was given: refused
    page.get_by_role("button", name=re.compile("Withdraw consent")).click()
    expect(page.get_by_text("Consent cannot be withdrawn before it was given.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Withdrawn on").fill("2024-05-01")
    page.get_by_role("button", name=re.compile("Withdraw consent")).click()
    expect(page.get_by_role("cell", name="May 1, 2024", exact=True)).to_be_visible()
