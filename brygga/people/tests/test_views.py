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
