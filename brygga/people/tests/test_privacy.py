"""GDPR rights: a copy of the data, erasure that keeps the statistics, retention."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from brygga.core.models import AuditAction, AuditEntry, User
from brygga.journeys.models import Activity, Enrolment
from brygga.people import privacy
from brygga.people.models import Consent, Participant
from brygga.people.rules import age_on
from brygga.people.services import record_consent
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def journey(alice: User, enrolment: Enrolment) -> Enrolment:
    from brygga.journeys.services import add_activity

    record_consent(alice, enrolment.participant, "referral", datetime.date(2024, 3, 1))
    activity = add_activity(
        alice, enrolment, "language_course", datetime.date(2024, 3, 4), None, None, None
    )
    Activity.objects.filter(pk=activity.pk).update(note="Talks about her divorce")
    return enrolment


def test_the_copy_holds_every_record_and_who_read_it(alice: User, journey: Enrolment) -> None:
    client = logged_in(alice)
    url = f"/participants/{journey.participant_id}/"
    client.get(url)
    response = client.get(f"{url}export.json")
    assert response["Content-Disposition"].endswith('.json"')
    data = json.loads(response.content)
    records = data["records"]
    assert records["people.participant"][0]["identity_number"] == "199005171237"
    assert records["people.consent"][0]["purpose"] == "referral"
    assert records["journeys.enrolment"][0]["entry_date"] == "2024-03-01"
    assert records["journeys.activity"][0]["note"] == "Talks about her divorce"
    assert any(entry["user"] == "alice" for entry in data["audit_log"])
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_the_copy_is_also_a_readable_pdf(alice: User, journey: Enrolment) -> None:
    response = logged_in(alice).get(f"/participants/{journey.participant_id}/export.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_outsiders_get_no_copy_and_cannot_erase(olga: User, journey: Enrolment) -> None:
    base = f"/participants/{journey.participant_id}"
    client = logged_in(olga)
    for url in (f"{base}/export.json", f"{base}/export.pdf", f"{base}/erase/"):
        assert client.get(url).status_code == 404
    assert client.post(f"{base}/erase/", {"reason": "x", "confirm": "on"}).status_code == 404
    assert client.get(f"{base}/export.csv").status_code == 404


def test_erasure_removes_the_person_and_keeps_the_statistics(
    adam: User, alice: User, journey: Enrolment
) -> None:
    participant = journey.participant
    entry = journey.entry_date
    groups_before = participant.target_groups(entry)
    age_before = age_on(participant.birth_date, entry)  # type: ignore[arg-type]

    response = logged_in(adam).post(
        f"/participants/{participant.pk}/erase/",
        {"reason": "asked to be forgotten", "confirm": "on"},
    )
    assert response.status_code == 302

    participant.refresh_from_db()
    assert (participant.first_name, participant.last_name, participant.identity_number) == (
        "",
        "",
        "",
    )
    assert participant.erased_at is not None and participant.full_name == "Raderad person"
    assert not Consent.objects.filter(participant=participant).exists()
    enrolment = Enrolment.objects.get(pk=journey.pk)
    assert enrolment.entry_date == entry  # the indicators still count the entry
    assert Activity.objects.get(enrolment=enrolment).note == ""
    assert age_on(participant.birth_date, entry) == age_before  # type: ignore[arg-type]
    assert participant.target_groups(entry) == groups_before
    tombstone = AuditEntry.objects.get(action=AuditAction.ERASE)
    assert (tombstone.actor_name, tombstone.reason) == ("adam", "asked to be forgotten")
    assert tombstone.subjects == [str(participant.pk)]


def test_only_an_organisation_admin_erases(alice: User, journey: Enrolment) -> None:
    response = logged_in(alice).post(
        f"/participants/{journey.participant_id}/erase/", {"reason": "x", "confirm": "on"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Participant.objects.get(pk=journey.participant_id).erased_at is None


def test_an_erasure_needs_a_reason_and_a_confirmation(adam: User, journey: Enrolment) -> None:
    response = logged_in(adam).post(
        f"/participants/{journey.participant_id}/erase/", {"reason": ""}
    )
    assert set(response.context["form"].errors) == {"reason", "confirm"}


def test_retention_erases_people_whose_last_event_is_old(
    adam: User, participant: Participant, journey: Enrolment
) -> None:
    from brygga.people.services import ParticipantData, register_participant

    old = register_participant(
        adam, participant.organisation, ParticipantData(first_name="Old", last_name="Case")
    )
    Participant.objects.filter(pk=old.pk).update(
        created_at=datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    )
    assert privacy.apply_retention(today=datetime.date(2026, 1, 1)) == 1
    old.refresh_from_db()
    assert old.erased_at is not None and old.first_name == ""
    journey.participant.refresh_from_db()
    assert journey.participant.erased_at is None  # entered in 2024: kept
    # Ten years after the journey's last event, it goes too.
    assert privacy.apply_retention(today=datetime.date(2036, 1, 1)) == 1
