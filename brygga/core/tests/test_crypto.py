"""Identity numbers encrypted at rest, found by a keyed hash, re-encrypted on key rotation."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from pytest_django.fixtures import Settings

from brygga.core import crypto
from brygga.core.models import ApiToken, Organisation, User
from brygga.people.models import Participant
from conftest import PASSWORD

KEY_A = "a:" + base64.b64encode(b"A" * 32).decode()
KEY_B = "b:" + base64.b64encode(b"B" * 32).decode()


def stored_number(participant: Participant) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT identity_number FROM people_participant WHERE id = %s",
            [participant.pk.hex if connection.vendor == "sqlite" else participant.pk],
        )
        return str(cursor.fetchone()[0])


@given(st.text(max_size=40))
def test_encryption_round_trips_and_never_repeats(text: str) -> None:
    sealed = crypto.encrypt(text)
    assert crypto.decrypt(sealed) == text
    assert crypto.encrypt(text) != sealed  # a fresh nonce every time


@given(st.from_regex(r"[0-9]{10,12}", fullmatch=True))
def test_a_number_does_not_show_in_its_ciphertext(number: str) -> None:
    assert number not in crypto.encrypt(number)


def test_a_tampered_ciphertext_is_refused() -> None:
    from cryptography.exceptions import InvalidTag

    sealed = crypto.encrypt("199005171237")
    prefix, key_id, body = sealed.split(":")
    raw = bytearray(base64.b64decode(body))
    raw[-1] ^= 1
    with pytest.raises(InvalidTag):
        crypto.decrypt(f"{prefix}:{key_id}:{base64.b64encode(bytes(raw)).decode()}")


@pytest.mark.django_db
def test_the_number_is_stored_encrypted_and_read_plain(participant: Participant) -> None:
    assert stored_number(participant).startswith("enc1:")
    assert "199005171237" not in stored_number(participant)
    assert Participant.objects.get(pk=participant.pk).identity_number == "199005171237"
    assert participant.identity_number_hash == crypto.lookup_hash("199005171237")


@pytest.mark.django_db
def test_bulk_created_rows_are_encrypted_and_hashed_too(boden: Organisation) -> None:
    (row,) = Participant.objects.bulk_create(
        [
            Participant(
                organisation=boden,
                first_name="B",
                last_name="C",
                identity_kind="se_personnummer",
                identity_number="198001011236",
            )
        ]
    )
    assert stored_number(row).startswith("enc1:")
    assert Participant.objects.filter(identity_number_hash=crypto.lookup_hash("198001011236"))


@pytest.mark.django_db
def test_looking_up_the_encrypted_column_fails_loudly(participant: Participant) -> None:
    with pytest.raises(FieldError, match="hash"):
        Participant.objects.filter(identity_number="199005171237").exists()


@pytest.mark.django_db
def test_the_list_finds_a_person_by_the_whole_number_in_any_form(
    alice: User, participant: Participant
) -> None:
    client = Client()
    client.login(username="alice", password=PASSWORD)
    for term in ("19900517-1237", "9005171237", "199005171237"):
        assert "Lind" in client.get("/participants/", {"q": term}).content.decode(), term
    assert "Lind" not in client.get("/participants/", {"q": "1990051712"}).content.decode()
    assert "199005171237" not in client.get("/participants/").content.decode()


@pytest.mark.django_db
def test_rotation_moves_every_value_to_the_new_key(
    settings: Settings, participant: Participant
) -> None:
    settings.BRYGGA_ENCRYPTION_KEYS = KEY_A
    call_command("rotate_encryption_keys")
    assert stored_number(participant).startswith("enc1:a:")

    settings.BRYGGA_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    call_command("rotate_encryption_keys")
    assert stored_number(participant).startswith("enc1:b:")
    settings.BRYGGA_ENCRYPTION_KEYS = KEY_B  # the old key can go now
    assert Participant.objects.get(pk=participant.pk).identity_number == "199005171237"


@pytest.mark.django_db
def test_a_new_lookup_key_takes_effect_after_rotation(
    settings: Settings, participant: Participant
) -> None:
    settings.BRYGGA_LOOKUP_KEY = base64.b64encode(b"L" * 32).decode()
    call_command("rotate_encryption_keys")
    participant.refresh_from_db()
    assert participant.identity_number_hash == crypto.lookup_hash("199005171237")


@pytest.mark.django_db
def test_the_api_refuses_a_change_based_on_an_old_version(
    alice: User, participant: Participant
) -> None:
    _token, raw = ApiToken.issue(alice, "t")
    auth = {"Authorization": f"Bearer {raw}"}
    url = f"/api/v1/participants/{participant.pk}"
    version = Client().get(url, headers=auth).json()["version"]
    first = Client().patch(
        url,
        {"municipality": "Luleå"},
        content_type="application/json",
        headers={**auth, "If-Match": f'"{version}"'},
    )
    assert first.status_code == 200 and first.json()["version"] == version + 1
    second = Client().patch(
        url,
        {"municipality": "Kiruna"},
        content_type="application/json",
        headers={**auth, "If-Match": str(version)},
    )
    assert second.status_code == 409 and second.json()["detail"]
    participant.refresh_from_db()
    assert participant.municipality == "Luleå"
