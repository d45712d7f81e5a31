"""The participants API: listing, registering, changing, consent, competence profile, auth."""

from __future__ import annotations

import base64
import datetime
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brygga.core.models import ApiToken, Membership, Organisation, Role, User
from brygga.people.identity import danish_number, swedish_number
from brygga.people.models import Participant
from brygga.people.schemas import ParticipantCreateIn
from brygga.people.services import ParticipantData, register_participant

from .conftest import call

pytestmark = pytest.mark.django_db


def register(user: User, organisation: Organisation, first: str, last: str) -> Participant:
    return register_participant(
        user, organisation, ParticipantData(first_name=first, last_name=last)
    )


# --- authentication ----------------------------------------------------------------


def test_missing_token_answers_401(client: Client, participant: Participant) -> None:
    response = call(client, "get", "/participants", None)
    assert response.status_code == 401


def test_wrong_token_answers_401(client: Client, token: str) -> None:
    response = call(client, "get", "/participants", token + "x")
    assert response.status_code == 401


def test_revoked_token_answers_401(client: Client, alice: User, token: str) -> None:
    ApiToken.objects.filter(user=alice).update(revoked_at=timezone.now())
    assert call(client, "get", "/participants", token).status_code == 401


def test_inactive_users_token_answers_401(client: Client, alice: User, token: str) -> None:
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert call(client, "get", "/participants", token).status_code == 401


def test_using_a_token_records_when(client: Client, alice: User, token: str) -> None:
    assert ApiToken.objects.get(user=alice).last_used_at is None
    assert call(client, "get", "/participants", token).status_code == 200
    assert ApiToken.objects.get(user=alice).last_used_at is not None


def test_create_api_token_prints_a_working_token(client: Client, alice: User) -> None:
    out = io.StringIO()
    call_command("create_api_token", "alice", "--name", "import", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("bry_")
    assert ApiToken.objects.get(user=alice).name == "import"
    assert call(client, "get", "/participants", raw).status_code == 200


def test_create_api_token_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", "--name", "import", stdout=io.StringIO())


# --- listing ----------------------------------------------------------------------


def test_list_shows_visible_participants_without_identity_number(
    client: Client, token: str, participant: Participant
) -> None:
    response = call(client, "get", "/participants", token)
    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    [item] = body["items"]
    assert item["id"] == str(participant.pk)
    assert item["birth_date"] == "1990-05-17"
    assert item["organisation"] == participant.organisation_id
    assert item["target_groups"] == ["income_support", "long_term_unemployed"]
    assert item["status"] == "registered"
    assert "identity_number" not in item
    assert "199005171237" not in response.content.decode()


def test_list_filters_by_target_group_and_status(
    client: Client, token: str, participant: Participant
) -> None:
    def names(query: str) -> list[str]:
        return [p["last_name"] for p in call(client, "get", query, token).json()["items"]]

    assert names("/participants?target_group=income_support") == ["Lind"]
    assert names("/participants?target_group=foreign_background") == []
    assert names("/participants?status=registered&q=lind") == ["Lind"]
    assert names("/participants?status=active") == []


@pytest.mark.parametrize(
    "query",
    [
        "target_group=unicorns",
        "status=asleep",
        "limit=0",
        "limit=201",
        "limit=99999999999999999999999",
        "project=-1",
        "project=99999999999999999999999",
    ],
)
def test_list_rejects_bad_parameters_with_422(client: Client, token: str, query: str) -> None:
    assert call(client, "get", f"/participants?{query}", token).status_code == 422


def forged_cursor(key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "bm90IGpzb24",
        forged_cursor(["Lind", "Sara"]),
        forged_cursor(["Lind", 1, "00000000-0000-0000-0000-000000000000"]),
        forged_cursor(["Lind\x00", "Sara", "00000000-0000-0000-0000-000000000000"]),
        forged_cursor(["Lind", "Sara", "not-a-uuid"]),
    ],
)
def test_list_rejects_a_forged_cursor_with_400(client: Client, token: str, cursor: str) -> None:
    response = call(client, "get", f"/participants?cursor={cursor}", token)
    assert response.status_code == 400
    assert response.json()["field"] == "cursor"


def test_pages_return_every_participant_exactly_once(
    client: Client, alice: User, boden: Organisation, token: str
) -> None:
    # Shared last and first names make the id decide the order within a name.
    expected = {
        register(alice, boden, first, last).pk
        for last in ("Berg", "Åberg", "Lind")
        for first in ("Anna", "Anna", "Erik")
    }
    seen: list[str] = []
    cursor = ""
    for _page in range(10):
        body = call(client, "get", f"/participants?limit=2&cursor={cursor}", token).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(str(pk) for pk in expected)


def test_analyst_sees_no_participants(client: Client, bob: User, participant: Participant) -> None:
    raw = ApiToken.issue(bob, "test")[1]
    assert call(client, "get", "/participants", raw).json()["items"] == []
    assert call(client, "get", f"/participants/{participant.pk}", raw).status_code == 404


# --- registering and changing -----------------------------------------------------


def test_register_participant(client: Client, token: str, boden: Organisation) -> None:
    number = swedish_number(datetime.date(1985, 2, 3), 42)
    response = call(
        client,
        "post",
        "/participants",
        token,
        {"first_name": "Nils", "last_name": "Holm", "identity_number": number, "gender": "man"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation"] == boden.pk
    assert body["birth_date"] == "1985-02-03"
    assert body["identity_number"] == number
    assert body["identity_kind"] == "se_personnummer"
    assert body["enrolments"] == []
    assert Participant.objects.filter(pk=body["id"], last_name="Holm").exists()


def test_register_danish_participant(client: Client, olga: User, jammerbugt: Organisation) -> None:
    raw = ApiToken.issue(olga, "test")[1]
    number = danish_number(datetime.date(1979, 11, 30), 7)
    body = {
        "first_name": "Mette",
        "last_name": "Sørensen",
        "identity_number": number,
        "identity_country": "DK",
    }
    response = call(client, "post", "/participants", raw, body)
    assert response.status_code == 201
    assert response.json()["identity_kind"] == "dk_cpr"


def test_register_with_a_bad_identity_number_says_why(client: Client, token: str) -> None:
    body = {"first_name": "Nils", "last_name": "Holm", "identity_number": "19850203-0000"}
    response = call(client, "post", "/participants", token, body)
    assert response.status_code == 400
    assert response.json()["field"] == "identity_number"
    assert response.json()["detail"]


def test_register_twice_with_one_number_is_a_conflict(
    client: Client, token: str, participant: Participant
) -> None:
    body = {"first_name": "Sara", "last_name": "Lind", "identity_number": "199005171237"}
    response = call(client, "post", "/participants", token, body)
    assert response.status_code == 409
    assert response.json()["field"] == "identity_number"


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"gender": "other"}, 422),
        ({"education_level": 9}, 422),
        ({"birth_date": "1850-01-01"}, 422),
        ({"birth_date": "2024-02-30"}, 422),
        ({"first_name": "x" * 101}, 422),
        ({"first_name": "nul\x00"}, 422),
        ({"first_name": "   "}, 400),
        ({"sick_leave": True}, 400),
        ({"birth_date": "2199-01-01"}, 400),
    ],
)
def test_register_refuses_bad_input(
    client: Client, token: str, change: dict[str, Any], status: int
) -> None:
    body = {"first_name": "Nils", "last_name": "Holm", **change}
    assert call(client, "post", "/participants", token, body).status_code == status


def test_register_in_another_organisation_is_refused(
    client: Client, token: str, jammerbugt: Organisation
) -> None:
    body = {"first_name": "Nils", "last_name": "Holm", "organisation": jammerbugt.pk}
    response = call(client, "post", "/participants", token, body)
    assert response.status_code == 400
    assert response.json()["field"] == "organisation"
    assert not Participant.objects.exists()


def test_register_asks_for_the_organisation_when_ambiguous(
    client: Client, alice: User, token: str, jammerbugt: Organisation
) -> None:
    Membership.objects.create(user=alice, organisation=jammerbugt, role=Role.CASE_WORKER)
    body: dict[str, Any] = {"first_name": "Nils", "last_name": "Holm"}
    response = call(client, "post", "/participants", token, body)
    assert response.status_code == 400
    assert response.json()["field"] == "organisation"
    body["organisation"] = jammerbugt.pk
    assert call(client, "post", "/participants", token, body).status_code == 201


def test_analyst_cannot_register(client: Client, bob: User) -> None:
    raw = ApiToken.issue(bob, "test")[1]
    response = call(client, "post", "/participants", raw, {"first_name": "A", "last_name": "B"})
    assert response.status_code == 400
    assert not Participant.objects.exists()


def test_show_participant_with_journey(
    client: Client, token: str, participant: Participant, enrolment: Any
) -> None:
    body = call(client, "get", f"/participants/{participant.pk}", token).json()
    assert body["identity_number"] == "199005171237"
    assert body["status"] == "active"
    assert body["competence_profile"]["languages"] == []
    [shown] = body["enrolments"]
    assert shown["id"] == enrolment.pk
    assert shown["project"]["name"] == enrolment.project.name
    assert shown["income_sources_before"] == ["income_support"]


@pytest.mark.parametrize("pk", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_unknown_participant_is_not_found(client: Client, token: str, pk: str) -> None:
    assert call(client, "get", f"/participants/{pk}", token).status_code in (404, 422)


def test_patch_changes_only_the_fields_sent(
    client: Client, token: str, participant: Participant
) -> None:
    path = f"/participants/{participant.pk}"
    response = call(client, "patch", path, token, {"municipality": "Luleå", "sick_leave": False})
    assert response.status_code == 200, response.content
    participant.refresh_from_db()
    assert participant.municipality == "Luleå"
    assert participant.first_name == "Sara"
    assert participant.identity_number == "199005171237"
    assert participant.income_support


def test_patch_a_new_identity_number_derives_the_birth_date(
    client: Client, token: str, participant: Participant
) -> None:
    number = swedish_number(datetime.date(1992, 8, 9), 3)
    path = f"/participants/{participant.pk}"
    response = call(client, "patch", path, token, {"identity_number": number})
    assert response.status_code == 200
    assert response.json()["birth_date"] == "1992-08-09"


def test_patch_null_empties_a_field(client: Client, token: str, participant: Participant) -> None:
    path = f"/participants/{participant.pk}"
    assert call(client, "patch", path, token, {"gender": None}).json()["gender"] == ""
    response = call(client, "patch", path, token, {"last_name": None})
    assert response.status_code == 400
    assert response.json()["field"] == "last_name"


# --- competence profile and consent ----------------------------------------------


def test_save_competence_profile(client: Client, token: str, participant: Participant) -> None:
    profile = {
        "hours_available_per_week": 20,
        "driving_licences": ["B"],
        "adaptations_needed": ["quiet_workplace"],
        "validation_needs": "Welding certificate",
        "competences": [{"kind": "occupation", "code": "7212", "label": "Welder"}],
        "languages": [{"language": "sv", "level": "B1"}, {"language": "ar", "level": "C2"}],
    }
    path = f"/participants/{participant.pk}/competence-profile"
    response = call(client, "put", path, token, profile)
    assert response.status_code == 200, response.content
    shown = call(client, "get", f"/participants/{participant.pk}", token).json()
    assert shown["competence_profile"] == {
        **profile,
        "languages": [{"language": "ar", "level": "C2"}, {"language": "sv", "level": "B1"}],
    }


@pytest.mark.parametrize(
    ("profile", "status"),
    [
        ({"hours_available_per_week": 81}, 422),
        ({"hours_available_per_week": -1}, 422),
        ({"driving_licences": ["Z"]}, 422),
        ({"languages": [{"language": "swedish", "level": "B1"}]}, 422),
        ({"languages": [{"language": "sv", "level": "B3"}]}, 422),
        (
            {"languages": [{"language": "sv", "level": "B1"}, {"language": "SV", "level": "A1"}]},
            400,
        ),
        ({"competences": [{"kind": "occupation", "label": " "}]}, 400),
    ],
)
def test_competence_profile_refuses_bad_input(
    client: Client, token: str, participant: Participant, profile: dict[str, Any], status: int
) -> None:
    path = f"/participants/{participant.pk}/competence-profile"
    assert call(client, "put", path, token, profile).status_code == status


def test_record_and_withdraw_consent(client: Client, token: str, participant: Participant) -> None:
    path = f"/participants/{participant.pk}/consents"
    body = {"purpose": "follow_up", "given_on": "2024-01-15"}
    response = call(client, "post", path, token, body)
    assert response.status_code == 201
    consent_id = response.json()["id"]
    assert call(client, "post", path, token, body).status_code == 409
    withdraw = f"/consents/{consent_id}/withdraw"
    early = call(client, "post", withdraw, token, {"withdrawn_on": "2024-01-01"})
    assert early.status_code == 400
    assert early.json()["field"] == "withdrawn_on"
    response = call(client, "post", withdraw, token, {"withdrawn_on": "2024-02-01"})
    assert response.status_code == 200
    assert response.json()["withdrawn_on"] == "2024-02-01"


def test_consent_needs_a_known_purpose(
    client: Client, token: str, participant: Participant
) -> None:
    path = f"/participants/{participant.pk}/consents"
    body = {"purpose": "marketing", "given_on": "2024-01-15"}
    assert call(client, "post", path, token, body).status_code == 422


# --- robustness -------------------------------------------------------------------


def test_malformed_json_answers_400(client: Client, token: str) -> None:
    response = client.post(
        "/api/v1/participants",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)
field_values = (
    json_values
    | st.dates().map(str)
    | st.sampled_from(["SE", "DK", "woman", "unemployed", "", "19900517-1237", "0101701234"])
    | st.builds(swedish_number, st.dates(), st.integers(0, 999), coordination=st.booleans())
)
participant_bodies = st.fixed_dictionaries(
    {}, optional=dict.fromkeys(ParticipantCreateIn.model_fields, field_values)
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=json_values | participant_bodies)
def test_random_bodies_never_cause_a_server_error(client: Client, token: str, body: Any) -> None:
    response = call(client, "post", "/participants", token, body)
    assert response.status_code in (201, 400, 403, 409, 422), (body, response.content)


@settings(
    max_examples=75, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=json_values | participant_bodies)
def test_random_changes_never_cause_a_server_error(
    client: Client, token: str, participant: Participant, body: Any
) -> None:
    response = call(client, "patch", f"/participants/{participant.pk}", token, body)
    assert response.status_code in (200, 400, 403, 409, 422), (body, response.content)


@settings(
    max_examples=75, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cursor=st.text(max_size=60) | st.binary(max_size=40).map(base64.urlsafe_b64encode))
def test_random_cursors_never_cause_a_server_error(
    client: Client, token: str, cursor: str | bytes
) -> None:
    text = cursor.decode() if isinstance(cursor, bytes) else cursor
    response = client.get(
        "/api/v1/participants",
        {"cursor": text},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code in (200, 400, 422), (text, response.content)


def test_an_identity_number_is_searched_in_the_body_never_in_the_url(
    client: Client, token: str, olga_token: str, participant: Participant
) -> None:
    refused = call(client, "get", "/participants?q=19900517-1237", token)
    assert refused.status_code == 400 and refused.json()["field"] == "q"
    found = call(client, "post", "/participants/search", token, {"q": "19900517-1237"})
    assert [item["last_name"] for item in found.json()["items"]] == ["Lind"]
    outsider = call(client, "post", "/participants/search", olga_token, {"q": "19900517-1237"})
    assert outsider.status_code == 200 and outsider.json()["items"] == []


def test_a_body_over_the_size_limit_gets_a_json_413(
    client: Client, token: str, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = call(client, "post", "/participants/search", token, {"q": "x" * 2000})
    assert response.status_code == 413
    assert response.json()["detail"]
