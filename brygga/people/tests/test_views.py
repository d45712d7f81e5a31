import datetime
import re

import pytest
from django.test import Client

from brygga.core.models import User
from brygga.people.models import Participant
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_case_worker_registers_a_participant(alice: User) -> None:
    response = logged_in(alice).post(
        "/participants/new/",
        {
            "first_name": "Olena",
            "last_name": "Bondarenko",
            "identity_number": "199005171237",
            "identity_country": "SE",
            "gender": "woman",
        },
    )
    participant = Participant.objects.get(last_name="Bondarenko")
    assert response.status_code == 302
    assert response["Location"] == f"/participants/{participant.pk}/"
    assert str(participant.birth_date) == "1990-05-17"


def test_a_bad_identity_number_is_shown_on_its_field_and_nothing_is_saved(alice: User) -> None:
    response = logged_in(alice).post(
        "/participants/new/",
        {
            "first_name": "Olena",
            "last_name": "B",
            "identity_number": "199005171238",
            "identity_country": "SE",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["identity_number"]
    assert not Participant.objects.exists()


def test_the_list_shows_own_participants_only(alice: User, olga: User, participant) -> None:  # type: ignore[no-untyped-def]
    assert "Lind" in logged_in(alice).get("/participants/").content.decode()
    assert "Lind" not in logged_in(olga).get("/participants/").content.decode()


def test_the_list_filters_by_target_group(alice: User, participant) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(alice)
    assert "Lind" in client.get("/participants/?target_group=income_support").content.decode()
    assert (
        "Lind"
        not in client.get("/participants/?target_group=long_term_sick_leave").content.decode()
    )


def test_an_outsider_gets_404_on_the_participant_page(olga: User, bob: User, participant) -> None:  # type: ignore[no-untyped-def]
    for user in (olga, bob):
        assert logged_in(user).get(f"/participants/{participant.pk}/").status_code == 404


def test_anonymous_users_are_sent_to_log_in(participant) -> None:  # type: ignore[no-untyped-def]
    for url in ("/participants/", "/participants/new/", f"/participants/{participant.pk}/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_case_worker_edits_a_participant_and_keeps_the_case_worker(
    alice: User, participant: Participant
) -> None:
    client = logged_in(alice)
    form = client.get(f"/participants/{participant.pk}/edit/").context["form"]
    assert form.initial["identity_number"] == participant.identity_number
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data.update(last_name="Lindqvist", municipality="Luleå")
    response = client.post(f"/participants/{participant.pk}/edit/", data)
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (participant.last_name, participant.municipality) == ("Lindqvist", "Luleå")
    assert participant.income_support  # untouched facts stay as they were


def test_an_edit_that_breaks_a_rule_shows_it_on_the_field_and_changes_nothing(
    alice: User,
    participant: Participant,
) -> None:
    response = logged_in(alice).post(
        f"/participants/{participant.pk}/edit/",
        {
            "first_name": "Sara",
            "last_name": "Lind",
            "identity_number": "19900517-1237",
            "identity_country": "SE",
            "birth_date": "1991-01-01",
            "version": participant.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"]
    participant.refresh_from_db()
    assert str(participant.birth_date) == "1990-05-17"


def test_consent_is_recorded_and_withdrawn(alice: User, participant) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(alice)
    url = f"/participants/{participant.pk}/consents/"
    response = client.post(url, {"consent-purpose": "referral", "consent-given_on": "2024-02-01"})
    assert response.status_code == 302
    consent = participant.consents.get()
    assert (consent.purpose, consent.recorded_by) == ("referral", alice)
    page = client.get(f"/participants/{participant.pk}/").content.decode()
    assert "Överlämning till en annan organisation" in page  # consents in force, in Swedish

    withdraw = f"{url}{consent.pk}/withdraw/"
    refused = client.post(withdraw, {f"withdraw-{consent.pk}-withdrawn_on": "2024-01-01"})
    assert refused.status_code == 200 and "withdrawn_on" in refused.context["rows"][0][1].errors
    consent.refresh_from_db()
    assert consent.withdrawn_on is None

    assert (
        client.post(withdraw, {f"withdraw-{consent.pk}-withdrawn_on": "2024-03-01"}).status_code
        == 302
    )
    consent.refresh_from_db()
    assert str(consent.withdrawn_on) == "2024-03-01"


def test_a_second_consent_for_the_same_purpose_is_refused_on_its_field(
    alice: User, participant: Participant
) -> None:
    client = logged_in(alice)
    url = f"/participants/{participant.pk}/consents/"
    data = {"consent-purpose": "statistics", "consent-given_on": "2024-02-01"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors["purpose"]
    assert participant.consents.count() == 1


def test_an_outsider_gets_404_on_edit_and_consent_pages(
    olga: User, bob: User, alice: User, participant: Participant
) -> None:
    from brygga.people.services import record_consent

    consent = record_consent(alice, participant, "registration", datetime.date(2024, 1, 2))
    base = f"/participants/{participant.pk}"
    for user in (olga, bob):
        client = logged_in(user)
        assert client.get(f"{base}/edit/").status_code == 404
        assert (
            client.post(f"{base}/edit/", {"first_name": "X", "last_name": "Y"}).status_code == 404
        )
        assert client.get(f"{base}/consents/").status_code == 404
        assert client.post(f"{base}/consents/", {"consent-purpose": "referral"}).status_code == 404
        withdraw = f"{base}/consents/{consent.pk}/withdraw/"
        assert (
            client.post(withdraw, {f"withdraw-{consent.pk}-withdrawn_on": "2024-03-01"}).status_code
            == 404
        )
    participant.refresh_from_db()
    assert participant.first_name == "Sara"
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_the_second_of_two_editors_is_refused_and_keeps_what_they_typed(
    alice: User, adam: User, participant: Participant
) -> None:
    url = f"/participants/{participant.pk}/edit/"
    first, second = logged_in(alice), logged_in(adam)
    opened = {
        name: value
        for name, value in first.get(url).context["form"].initial.items()
        if value not in (None, False)
    }
    assert second.get(url).status_code == 200  # both have the form open

    assert first.post(url, {**opened, "municipality": "Luleå"}).status_code == 302
    refused = second.post(url, {**opened, "municipality": "Kiruna"})
    assert refused.status_code == 200
    errors = refused.context["form"].non_field_errors()
    assert "Någon annan har sparat" in errors[0]
    assert refused.context["form"]["municipality"].value() == "Kiruna"  # nothing typed is lost
    participant.refresh_from_db()
    assert participant.municipality == "Luleå" and participant.version == 2


def test_a_search_by_identity_number_posts_and_page_links_keep_filters_without_it(
    alice: User, boden: object, participant: Participant, settings: object
) -> None:
    from brygga.people.services import ParticipantData, register_participant

    settings.PAGE_SIZE = 1  # type: ignore[attr-defined]
    for name in ("Lindberg", "Lindgren"):
        register_participant(alice, boden, ParticipantData(first_name="A", last_name=name))  # type: ignore[arg-type]
    client = logged_in(alice)
    found = client.post("/participants/", {"q": "19900517-1237"}, HTTP_HX_REQUEST="true")
    assert "Lind" in found.content.decode()
    paged = client.post("/participants/", {"q": "Lind 19900517-1237", "status": "registered"})
    assert paged.context["page_query"] == "q=Lind&status=registered"
    links = re.findall(r'href="([^"]*)"', paged.content.decode())
    assert links and not [link for link in links if "19900517" in link]
