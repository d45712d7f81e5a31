"""The auditor's view of the log, and the reason asked outside one's own caseload."""

from __future__ import annotations

import pytest
from django.test import Client

from brygga.core.models import ApiToken, AuditEntry, Organisation, Role, User
from brygga.people.models import Participant
from brygga.people.services import ParticipantData, update_participant
from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def audrey(boden: Organisation) -> User:
    return make_user("audrey", boden, Role.AUDITOR)


@pytest.fixture
def carl(boden: Organisation) -> User:
    """Another case worker at Boden, whose caseload Sara is in."""
    return make_user("carl", boden, Role.CASE_WORKER)


@pytest.fixture
def in_carls_caseload(participant: Participant, carl: User) -> Participant:
    data = ParticipantData.from_participant(participant)
    data.case_worker = carl
    return update_participant(carl, participant, data)


def test_an_auditor_finds_who_read_a_participant(
    audrey: User, alice: User, participant: Participant
) -> None:
    logged_in(alice).get(f"/participants/{participant.pk}/")
    page = logged_in(audrey).get("/audit/", {"participant": str(participant.pk)})
    assert page.status_code == 200
    assert [e.actor_name for e in page.context["page"]] == ["alice"]
    assert (
        logged_in(audrey).get("/audit/", {"actor": "nobody"}).context["page"].paginator.count == 0
    )


def test_the_auditor_sees_only_their_organisations_entries(
    audrey: User, alice: User, olga: User, participant: Participant, jammerbugt: Organisation
) -> None:
    from brygga.people.services import register_participant

    dane = register_participant(olga, jammerbugt, ParticipantData(first_name="K", last_name="J"))
    logged_in(olga).get(f"/participants/{dane.pk}/")
    logged_in(alice).get(f"/participants/{participant.pk}/")
    shown = logged_in(audrey).get("/audit/").context["page"]
    assert {e.organisation_id for e in shown} == {participant.organisation_id}


def test_nobody_but_an_auditor_opens_the_log(alice: User, adam: User, olga: User) -> None:
    for user in (alice, adam, olga):
        assert logged_in(user).get("/audit/").status_code == 403
    assert Client().get("/audit/").status_code == 302


def test_another_caseload_asks_for_a_reason_first_and_logs_it(
    alice: User, in_carls_caseload: Participant
) -> None:
    client = logged_in(alice)
    url = f"/participants/{in_carls_caseload.pk}/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/participants/{in_carls_caseload.pk}/reason/")
    assert "Sara" not in client.get(response["Location"]).content.decode()
    assert not AuditEntry.objects.filter(actor_name="alice", action="read").exists()

    refused = client.post(response["Location"], {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    given = client.post(response["Location"], {"reason": "covering for Carl"})
    assert given["Location"] == url
    assert client.get(url).status_code == 200
    entry = AuditEntry.objects.get(actor_name="alice", action="read")
    assert entry.reason == "covering for Carl"


def test_the_reason_form_does_not_leave_the_site(
    alice: User, in_carls_caseload: Participant
) -> None:
    url = f"/participants/{in_carls_caseload.pk}/reason/?next=https://evil.example/"
    response = logged_in(alice).post(url, {"reason": "x"})
    assert response["Location"] == f"/participants/{in_carls_caseload.pk}/"


def test_the_own_case_worker_is_not_asked(carl: User, in_carls_caseload: Participant) -> None:
    assert logged_in(carl).get(f"/participants/{in_carls_caseload.pk}/").status_code == 200


def test_an_outsider_cannot_use_the_reason_form(olga: User, participant: Participant) -> None:
    url = f"/participants/{participant.pk}/reason/"
    assert logged_in(olga).get(url).status_code == 404
    assert logged_in(olga).post(url, {"reason": "curious"}).status_code == 404


def test_the_api_asks_for_the_reason_header(alice: User, in_carls_caseload: Participant) -> None:
    _token, raw = ApiToken.issue(alice, "t")
    url = f"/api/v1/participants/{in_carls_caseload.pk}"
    refused = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert refused.status_code == 403 and "X-Brygga-Reason" in refused.json()["detail"]
    given = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_X_BRYGGA_REASON="review")
    assert given.status_code == 200
    assert AuditEntry.objects.get(actor_name="alice", action="read").reason == "review"
