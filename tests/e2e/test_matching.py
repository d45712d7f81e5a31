"""A coach maps a participant's competences in Swedish and refers them; the social enterprise
accepts. Every page visited is checked with axe-core."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from brygga.core.models import Organisation, User
from brygga.matching.models import Referral, ReferralStatus
from brygga.matching.services import OpportunityData, create_opportunity
from brygga.people.models import Participant
from brygga.people.services import record_consent
from brygga.taxonomy.loaders import read_starter
from brygga.taxonomy.services import load_batch

from .conftest import assert_accessible

PASSWORD = "correct-horse-battery-staple"
CLEANING = "http://data.europa.eu/esco/skill/2bf2c727-ee42-4fc5-a4d7-2cd62b880433"
CLEANER = "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form [type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def test_coach_maps_competences_refers_and_the_enterprise_accepts(
    page: Page,
    live_server: object,
    alice: User,
    charlie: User,
    asf: Organisation,
    participant: Participant,
) -> None:
    base_url = str(live_server)
    load_batch(read_starter())  # an earlier browser test may have flushed the migration's data
    create_opportunity(
        charlie,
        asf,
        OpportunityData(
            title="Lokalvård på kontor",
            type="placement",
            required_skills=[CLEANING],
            occupations=[CLEANER],
            languages_required={"sv": "A2"},
            hours_per_week=20,
            municipality="Boden",
        ),
    )
    record_consent(alice, participant, "referral", datetime.date(2024, 1, 5))

    log_in(page, base_url, "alice")
    page.goto(f"{base_url}/participants/{participant.pk}/")
    page.get_by_role("link", name="Kartlägg kompetenser").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sara Lind")
    assert_accessible(page)

    # An occupation by an alternative Swedish label, with its evidence.
    page.get_by_label("Sök yrken").fill("städare")
    page.get_by_role("button", name="Lägg till lokalvårdare").click()
    chosen = page.locator("#chosen-occupation li")
    expect(chosen).to_have_count(1)
    chosen.get_by_label("Belägg").select_option("tried_at_work")
    # A skill.
    page.get_by_label("Sök färdigheter").fill("städning")
    page.get_by_role("button", name="Lägg till städning").first.click()
    expect(page.locator("#chosen-skill li")).to_have_count(1)
    assert_accessible(page)
    # A mistaken choice is removed again.
    page.get_by_label("Sök färdigheter").fill("kassa")
    page.get_by_role("button", name=re.compile("^Lägg till kassahantering")).click()
    expect(page.locator("#chosen-skill li")).to_have_count(2)
    page.get_by_role("button", name="Ta bort kassahantering").click()
    expect(page.locator("#chosen-skill li")).to_have_count(1)

    page.get_by_label("Språk 1", exact=True).select_option("sv")
    page.get_by_label("Nivå för språk 1").select_option("B1")
    page.get_by_label("Språk 2", exact=True).select_option("uk")
    page.get_by_label("Nivå för språk 2").select_option("C2")
    page.get_by_label("Tillgängliga timmar per vecka").fill("30")
    page.get_by_role("button", name="Spara kompetenser").click()
    expect(page.get_by_text("Kompetensprofilen är sparad.")).to_be_visible()

    # Suggestions, explained; refer.
    page.goto(f"{base_url}/matching/participants/{participant.pk}/suggestions/")
    expect(page.get_by_role("heading", name="Lokalvård på kontor")).to_be_visible()
    expect(page.get_by_text("har arbetat som lokalvårdare")).to_be_visible()
    expect(page.get_by_text("Svenska B1 där A2 efterfrågas")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Meddelande till den mottagande organisationen").fill("Noggrann.")
    page.get_by_role("button", name="Anvisa till Lokalvård på kontor").click()
    expect(page.get_by_text("Sara Lind är anvisad till Lokalvård på kontor.")).to_be_visible()
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.PENDING

    # The social enterprise answers.
    page.get_by_role("button", name=re.compile("Logga ut|Log out")).click()
    log_in(page, base_url, "charlie")
    page.goto(f"{base_url}/matching/referrals/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Sara Lind → Lokalvård på kontor")).click()
    expect(page.get_by_text("Noggrann.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Svar").select_option("accept")
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.get_by_text("Ditt svar är registrerat.")).to_be_visible()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_enterprise_publishes_and_coordinator_allocates(
    page: Page,
    live_server: object,
    alice: User,
    charlie: User,
    asf: Organisation,
    participant: Participant,
) -> None:
    from brygga.people.services import CompetenceData
    from brygga.taxonomy.services import MappedCompetence, save_competence_mapping

    base_url = str(live_server)
    load_batch(read_starter())
    save_competence_mapping(
        alice,
        participant,
        [MappedCompetence("skill", CLEANING, "certificate")],
        CompetenceData(hours_available_per_week=30, languages=[("sv", "B2")]),
    )

    log_in(page, base_url, "charlie")
    page.goto(f"{base_url}/matching/new/")
    assert_accessible(page)
    page.get_by_label("Rubrik").fill("Städning av trapphus")
    page.get_by_label("Typ").select_option("small_job")
    page.get_by_label("Timmar per vecka").fill("10")
    page.get_by_label(re.compile("^Platser")).fill("2")
    page.get_by_label("Kommun").select_option("Boden")
    page.get_by_label("Sök krävda färdigheter").fill("städning")
    page.get_by_role("button", name="Lägg till städning").first.click()
    expect(page.locator("#chosen-required_skills li")).to_have_count(1)
    page.get_by_label("Krav: språk 1").select_option("sv")
    page.get_by_label("Krav: nivå 1").select_option("A2")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Städning av trapphus")
    expect(page.get_by_text("Möjligheten är sparad.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("Logga ut|Log out")).click()
    log_in(page, base_url, "alice")
    page.goto(f"{base_url}/matching/allocations/")
    assert_accessible(page)
    page.get_by_label("Rubrik").fill("Höstens småjobb")
    page.get_by_role("button", name="Kör fördelningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Höstens småjobb")
    row = page.get_by_role("row", name=re.compile("Sara Lind"))
    expect(row).to_contain_text("Städning av trapphus")
    expect(row).to_contain_text("har 1 av 1 krävd färdighet")
    assert_accessible(page)
