"""The public pages without login: knowledge centre, support map, enterprise
directory and the contact form, in Swedish, Danish, English and Ukrainian.

Every page the test visits is checked with axe-core.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from brygga.core.models import Organisation, OrganisationKind, Role, User
from brygga.enterprises import services as enterprises
from brygga.knowledge import services as knowledge
from brygga.knowledge.models import Inquiry, InquiryRoute

from .conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

#: A heading of each public page in each language.
HEADINGS = {
    "sv": ("Kunskapscentrum", "Stödkarta", "Företagskatalog", "Kontakta oss"),
    "da": ("Videncenter", "Støttekort", "Virksomhedsregister", "Kontakt os"),
    "en": ("Knowledge centre", "Support map", "Enterprise directory", "Contact us"),
    "uk": ("Центр знань", "Карта підтримки", "Каталог підприємств", "Зв'язатися з нами"),
}
PATHS = ("/knowledge/", "/enterprises/support/", "/enterprises/", "/knowledge/contact/")
LANGUAGE_BUTTON = {"sv": "Svenska", "da": "Dansk", "en": "English", "uk": "Українська"}


@pytest.fixture
def public_world(db: None) -> dict[str, Any]:
    boden = Organisation.objects.create(
        name="Bodens kommun", kind=OrganisationKind.MUNICIPALITY, municipality="Boden"
    )
    asf = Organisation.objects.create(
        name="Grön Framtid ASF", kind=OrganisationKind.SOCIAL_ENTERPRISE
    )
    staff = User.objects.create_user("staff", password="x-x-x-x-x-x")
    staff.memberships.create(organisation=asf, role=Role.ENTERPRISE_STAFF)
    enterprises.save_profile(
        staff, asf, enterprises.ProfileData(municipality="Boden", services=["Cleaning"])
    )
    knowledge.publish_item(
        staff,
        asf,
        knowledge.ItemData("article", "public", "sv", "Växthuset i Boden", "Grödor och människor."),
    )
    InquiryRoute.objects.create(organisation=boden, municipality="Boden")
    return {"boden": boden}


@pytest.mark.parametrize("language", ["sv", "da", "en", "uk"])
def test_public_pages_in_each_language(
    page: Page, live_server: object, public_world: dict[str, Any], language: str
) -> None:
    base_url = str(live_server)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{base_url}/knowledge/")
    if language != "sv":
        page.get_by_role("button", name=LANGUAGE_BUTTON[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    for path, heading in zip(PATHS, HEADINGS[language], strict=True):
        response = page.goto(f"{base_url}{path}")
        assert response is not None and response.status == 200
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    assert refused == []


def test_a_visitor_sends_the_contact_form(
    page: Page, live_server: object, public_world: dict[str, Any], settings: Any
) -> None:
    settings.BRYGGA_CONTACT_MIN_FILL_SECONDS = 0
    base_url = str(live_server)
    page.goto(f"{base_url}/knowledge/contact/")
    page.get_by_role("button", name="English").click()
    assert_accessible(page)
    # Without answers the form explains what is missing and keeps what was typed.
    page.locator("#id_name").fill("Oksana K.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Oksana K.")
    assert_accessible(page)
    page.get_by_label("I want to start or develop a social enterprise").check()
    page.get_by_label("Your municipality").select_option("Boden")
    page.locator("#id_email").fill("oksana@example.org")
    page.locator("#id_message").fill("I would like to start a bakery.")
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(r"/knowledge/contact/thanks/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your message")
    inquiry = Inquiry.objects.get()
    expect(page.locator("main")).to_contain_text(inquiry.reference)
    assert inquiry.organisation == public_world["boden"]
    assert inquiry.kind == "entrepreneur"
    assert_accessible(page)


def test_the_honeypot_is_hidden_from_people(
    page: Page, live_server: object, public_world: dict[str, Any]
) -> None:
    page.goto(f"{live_server}/knowledge/contact/")
    expect(page.locator("#id_website")).not_to_be_in_viewport()
    expect(page.locator("#id_website")).to_have_attribute("tabindex", "-1")
