"""The audit log: reads and changes of personal data, the hash chain, append-only."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from brygga.core import audit
from brygga.core.models import AuditAction, AuditEntry, AuditSubject, User
from brygga.people.models import Participant
from brygga.people.services import ParticipantData, record_consent, update_participant
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_nothing_is_noted_outside_a_request_or_an_acting_block(participant: Participant) -> None:
    assert Participant.objects.get(pk=participant.pk)
    assert not AuditEntry.objects.exists()


def test_opening_a_participant_writes_who_read_which_fields_of_whom(
    alice: User, participant: Participant
) -> None:
    logged_in(alice).get(f"/participants/{participant.pk}/")
    entry = AuditEntry.objects.get(action=AuditAction.READ)
    assert (entry.actor_id, entry.actor_name) == (alice.pk, "alice")
    assert entry.organisation_id == participant.organisation_id
    assert entry.subjects == [str(participant.pk)]
    assert "people.participant.identity_number" in entry.fields
    assert entry.path == f"GET /participants/{participant.pk}/"
    assert AuditSubject.objects.filter(participant_id=participant.pk, entry=entry).exists()


def test_a_list_page_is_one_entry_naming_everyone_shown(alice: User, boden: object) -> None:
    from brygga.people.services import register_participant

    people = [
        register_participant(alice, boden, ParticipantData(first_name="P", last_name=f"N{i}"))  # type: ignore[arg-type]
        for i in range(3)
    ]
    logged_in(alice).get("/participants/")
    entry = AuditEntry.objects.get(action=AuditAction.READ)
    assert sorted(entry.subjects) == sorted(str(p.pk) for p in people)


def test_an_outsider_refused_with_404_leaves_no_read(olga: User, participant: Participant) -> None:
    assert logged_in(olga).get(f"/participants/{participant.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.READ).exists()


def test_a_change_names_only_the_fields_that_changed(alice: User, participant: Participant) -> None:
    data = ParticipantData.from_participant(participant)
    data.municipality = "Luleå"
    with audit.acting(alice, reason="moved"):
        update_participant(alice, participant, data)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.fields == ["people.participant.municipality"]
    assert entry.reason == "moved"
    assert entry.subjects == [str(participant.pk)]


def test_a_new_consent_is_a_create_entry_about_its_participant(
    alice: User, participant: Participant
) -> None:
    with audit.acting(alice):
        record_consent(alice, participant, "referral", datetime.date(2024, 1, 5))
    entry = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert entry.subjects == [str(participant.pk)]
    assert "people.consent.purpose" in entry.fields


def test_reads_through_a_relation_are_resolved_to_the_participant(
    alice: User, enrolment: object
) -> None:
    from brygga.journeys.models import FollowUp
    from brygga.journeys.services import exit_enrolment

    exit_enrolment(alice, enrolment, datetime.date(2024, 6, 1), "work", False, ["salary"])  # type: ignore[arg-type]
    with audit.acting(alice):
        list(FollowUp.objects.all())
    entry = AuditEntry.objects.get(action=AuditAction.READ)
    assert entry.subjects == [str(enrolment.participant_id)]  # type: ignore[attr-defined]
    assert "journeys.followup.due_date" in entry.fields


def test_the_api_takes_the_reason_from_a_header(alice: User, participant: Participant) -> None:
    from brygga.core.models import ApiToken

    _token, raw = ApiToken.issue(alice, "t")
    Client().get(
        f"/api/v1/participants/{participant.pk}",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_X_BRYGGA_REASON="case conference",
    )
    entry = AuditEntry.objects.get(action=AuditAction.READ)
    assert (entry.actor_name, entry.reason) == ("alice", "case conference")


def test_the_chain_verifies_and_a_forged_entry_breaks_it(
    alice: User, participant: Participant
) -> None:
    client = logged_in(alice)
    for _ in range(3):
        client.get(f"/participants/{participant.pk}/")
    assert audit.verify_chain().intact
    call_command("verify_audit")
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.previous_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]

    # Somebody with database access slips in a row of their own.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditentry (at, actor_id, actor_name, organisation_id, action,"
            " subjects, fields, reason, path, previous_hash, hash)"
            " VALUES (%s, NULL, 'mallory', NULL, 'read', '[]', '[]', '', '', %s, %s)",
            [datetime.datetime.now(datetime.UTC), entries[-1].hash, "f" * 64],
        )
    report = audit.verify_chain()
    assert not report.intact and report.entries == 4
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit")


def test_the_orm_and_the_database_refuse_to_change_an_entry(
    alice: User, participant: Participant
) -> None:
    logged_in(alice).get(f"/participants/{participant.pk}/")
    entry = AuditEntry.objects.get()
    entry.reason = "covering tracks"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        AuditEntry.objects.update(reason="x")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET reason = 'x'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditentry")
    assert AuditEntry.objects.get().reason == ""


def test_the_head_row_exists_from_the_migration_and_comes_back_after_a_flush(
    alice: User,
) -> None:
    from brygga.core.models import AuditHead

    assert AuditHead.objects.filter(pk=1, last_hash=audit.GENESIS).exists()
    AuditHead.objects.all().delete()  # as a test database flush does
    entry = audit.append(
        AuditAction.READ, actor=alice, organisation_id=None, subjects=[], fields=[]
    )
    assert entry.previous_hash == audit.GENESIS
    assert audit.verify_chain().intact


def test_follow_ups_read_with_their_enrolment_are_resolved_without_a_query(
    alice: User, enrolment: object, django_assert_num_queries: object
) -> None:
    """The enrolments read in the same context name the participant: the follow-ups'
    relation is resolved from them, and the participant's organisation from the
    participant row read, so the entry costs no look-up (only its own write)."""
    from brygga.journeys.models import Enrolment, FollowUp
    from brygga.journeys.services import exit_enrolment

    exit_enrolment(alice, enrolment, datetime.date(2024, 6, 1), "work", False, ["salary"])  # type: ignore[arg-type]
    context = audit.AuditContext(actor=alice)
    token = audit._context.set(context)
    try:
        participants = list(Participant.objects.all())
        list(Enrolment.objects.all())
        list(FollowUp.objects.all())
        writes = 1 if connection.vendor == "postgresql" else 6  # one statement; or lock, save, …
        with django_assert_num_queries(writes):  # type: ignore[operator]
            audit.flush_reads(context)
    finally:
        audit._context.reset(token)
    entry = AuditEntry.objects.get(action=AuditAction.READ)
    assert entry.subjects == [str(participants[0].pk)]
    assert entry.organisation_id == participants[0].organisation_id
    assert {"journeys.followup.due_date", "journeys.enrolment.entry_date"} <= set(entry.fields)


def test_a_pointer_to_an_enrolment_not_read_is_looked_up(
    alice: User, enrolment: object, participant: Participant
) -> None:
    from brygga.journeys.models import Enrolment, FollowUp
    from brygga.journeys.services import exit_enrolment

    exit_enrolment(alice, enrolment, datetime.date(2024, 6, 1), "work", False, ["salary"])  # type: ignore[arg-type]
    with audit.acting(alice):
        # An enrolment of nobody in particular was read, not this one.
        list(Enrolment.objects.exclude(pk=enrolment.pk))  # type: ignore[attr-defined]
        list(FollowUp.objects.all())
    entry = AuditEntry.objects.get(action=AuditAction.READ)
    assert entry.subjects == [str(participant.pk)]
    assert entry.organisation_id == participant.organisation_id


def test_text_beyond_ascii_hashes_the_same_in_the_database_and_in_python(alice: User) -> None:
    """On PostgreSQL the database computes the hash; verify_chain recomputes it in Python."""
    alice.username = "åsa.öberg"
    for reason in ("tjänsteärende", "консультація", "emoji 🧾 and \\ backslash", 'a "quote"'):
        audit.append(
            AuditAction.READ,
            actor=alice,
            organisation_id=None,
            subjects=[],
            fields=["people.participant.first_name"],
            reason=reason,
            path="GET /ärenden/",
        )
    entries = list(AuditEntry.objects.order_by("id"))
    for previous, entry in zip([audit.GENESIS, *(e.hash for e in entries)], entries, strict=False):
        assert entry.previous_hash == previous
        assert entry.hash == audit.entry_hash(previous, audit.hashed_values(entry))
    assert audit.verify_chain().intact


def test_an_append_returns_the_entry_as_stored(alice: User, participant: Participant) -> None:
    entry = audit.append(
        AuditAction.READ,
        actor=alice,
        organisation_id=participant.organisation_id,
        subjects=[str(participant.pk)],
        fields=["people.participant.last_name"],
    )
    stored = AuditEntry.objects.get()
    assert (entry.pk, entry.previous_hash, entry.hash) == (
        stored.pk,
        stored.previous_hash,
        stored.hash,
    )
    assert list(AuditSubject.objects.values_list("entry_id", "participant_id")) == [
        (entry.pk, participant.pk)
    ]
