"""The OpenAPI document is public, complete and truthful about errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

#: The foundation's operations (participants and journeys); the other domains'
#: operations are checked by their own tests and by the authorization matrix.
OPERATIONS = {
    ("get", "/api/v1/participants"),
    ("post", "/api/v1/participants"),
    ("get", "/api/v1/participants/{participant_id}"),
    ("patch", "/api/v1/participants/{participant_id}"),
    ("put", "/api/v1/participants/{participant_id}/competence-profile"),
    ("post", "/api/v1/participants/{participant_id}/consents"),
    ("post", "/api/v1/consents/{consent_id}/withdraw"),
    ("get", "/api/v1/participants/{participant_id}/enrolments"),
    ("post", "/api/v1/participants/{participant_id}/enrolments"),
    ("get", "/api/v1/enrolments/{enrolment_id}"),
    ("post", "/api/v1/enrolments/{enrolment_id}/activities"),
    ("post", "/api/v1/enrolments/{enrolment_id}/assessments"),
    ("post", "/api/v1/enrolments/{enrolment_id}/exit"),
    ("get", "/api/v1/follow-ups"),
    ("post", "/api/v1/follow-ups/{follow_up_id}/complete"),
    ("get", "/api/v1/projects"),
}


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method, path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def test_document_lists_every_operation(document: dict[str, Any]) -> None:
    assert set(operations(document)) >= OPERATIONS


def test_every_operation_is_summarised(document: dict[str, Any]) -> None:
    for key, operation in operations(document).items():
        assert operation.get("summary"), key


def test_every_participant_operation_needs_a_token(document: dict[str, Any]) -> None:
    for key, operation in operations(document).items():
        if key not in OPERATIONS:
            continue
        assert operation["security"] == [{"TokenAuth": []}], key
        assert "401" in operation["responses"], key


def test_writes_document_their_refusals(document: dict[str, Any]) -> None:
    for (method, path), operation in operations(document).items():
        if method != "get" and (method, path) in OPERATIONS:
            assert {"400", "404", "409", "422"} <= set(operation["responses"]), path


def test_identity_number_is_absent_from_list_items(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert "identity_number" not in schemas["ParticipantListItemOut"]["properties"]
    assert "identity_number" in schemas["ParticipantDetailOut"]["properties"]


def test_choices_are_documented_as_enums(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["Gender"]["enum"] == ["woman", "man", "non_binary"]
    assert "work" in schemas["ExitOutcome"]["enum"]
    assert "income_support" in schemas["TargetGroup"]["enum"]
