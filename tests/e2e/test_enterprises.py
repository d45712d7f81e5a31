"""An entrepreneur finds support on the public support map; enterprise staff keep
their profile; partnerships show as a drawing. Every page is checked with axe-core."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from brygga.core.models import Organisation, OrganisationKind, Role, User
from brygga.enterprises import services

from .conftest import assert_accessible
from .test_case_worker_flow import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _offers() -> None:
    erhvervshus = Organisation.objects.create(
        name="Erhvervshus Nord", kind=OrganisationKind.BUSINESS_DEVELOPMENT, country="DK"
    )
    advisor = User.objects.create_user("erik", password=PASSWORD)
    advisor.memberships.create(organisation=erhvervshus, role=Role.CASE_WORKER)
    services.save_support_offer(
        advisor,
        erhvervshus,
        services.SupportData(
            "business_development",
            "Vejledning for sociale iværksættere",
            "Gratis vejledning.",
            ["idea", "pre_start"],
            ["business_plan"],
            "DK",
        ),
    )
    services.save_support_offer(
        advisor,
        erhvervshus,
        services.SupportData(
            "bank",
            "Mikrolån",
            "Lån til vækst.",
            ["growing"],
            ["funding"],
            "DK",
        ),
    )


def test_an_entrepreneur_answers_three_questions(page: Page, live_server: object, db: None) -> None:
    _offers()
    page.goto(f"{live_server}/enterprises/support/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support map")
    assert_accessible(page)
    page.get_by_label("1. How far has your enterprise come?").select_option("idea")
    page.get_by_label("2. What do you need most right now?").select_option("business_plan")
    page.get_by_label("3. Where are you? Country").select_option("DK")
    page.get_by_label("Municipality").fill("Jammerbugt")
    page.get_by_role("button", name="Show support").click()
    fits = page.locator("#fits")
    expect(fits).to_contain_text("Vejledning for sociale iværksættere")
    expect(fits).not_to_contain_text("Mikrolån")
    expect(fits).to_contain_text("Meets your need")
    assert_accessible(page)
    page.get_by_role("button", name="Українська").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Карта підтримки")
    expect(page.locator("#fits")).to_contain_text("Vejledning for sociale iværksættere")
    assert_accessible(page)


def test_staff_keep_their_profile_and_see_the_graph(
    page: Page, live_server: object, charlie: User, asf: Organisation, boden: Organisation
) -> None:
    employer = Organisation.objects.create(name="Arbetsgivare 1 AB", kind=OrganisationKind.EMPLOYER)
    services.save_partnership(
        charlie,
        services.PartnershipData(asf, employer, "mentoring", datetime.date(2025, 1, 1)),
    )
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server}/accounts/login/")
    page.locator("input[name=username]").fill("charlie")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form [type=submit]").click()
    page.goto(f"{live_server}/enterprises/mine/")
    page.get_by_role("button", name="English").click()
    assert_accessible(page)
    page.get_by_role("link", name="Edit profile").click()
    assert_accessible(page)
    page.get_by_label("Organisation number").fill("5566778898")  # wrong check digit
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".errorlist")).to_contain_text("not a valid Swedish organisation number")
    page.get_by_label("Organisation number").fill("5566778899")
    page.get_by_label("Municipality").fill("Boden")
    page.get_by_label("Services offered").fill("Cleaning\nVegetables")
    page.get_by_label("Work integration is the main purpose").check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/enterprises/\d+/$"))
    expect(page.locator("main")).to_contain_text("556677-8899")
    assert_accessible(page)
    page.goto(f"{live_server}/enterprises/partnerships/graph/")
    drawing = page.locator("main svg[role=img]")
    expect(drawing).to_be_visible()
    expect(drawing.locator("line")).to_have_count(1)
    assert_accessible(page)
    assert refused == []  # nothing on these pages breaks the Content Security Policy
