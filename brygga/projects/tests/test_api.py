"""The projects API: outsiders get 404, analysts get suppressed counts, owners write."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from brygga.core.models import ApiToken, Organisation, User
from brygga.journeys import services as journeys
from brygga.people.services import ParticipantData, register_participant
from brygga.projects.models import Project

pytestmark = pytest.mark.django_db
D = datetime.date


def call(client: Client, method: str, path: str, user: User, body: Any = None) -> Any:
    token = ApiToken.issue(user, "test")[1]
    kwargs: dict[str, Any] = {"headers": {"Authorization": f"Bearer {token}"}}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(f"/api/v1/projects{path}", **kwargs)


@pytest.fixture
def two_men(alice: User, boden: Organisation, project: Project) -> None:
    for i in range(2):
        person = register_participant(
            alice,
            boden,
            ParticipantData(
                first_name=f"Man{i}",
                last_name="Test",
                birth_date=D(1980, 1, 1),
                gender="man",
                education_level=5,
                labour_market_status="inactive",
            ),
        )
        journeys.enrol(alice, person, project, D(2024, 3, 1))


def test_an_outsider_gets_404_from_every_operation(
    client: Client, olga: User, project: Project
) -> None:
    p = project.pk
    for method, path, body in [
        ("get", f"/{p}", None),
        ("get", f"/{p}/funding", None),
        ("get", f"/{p}/esf", None),
        ("get", f"/{p}/follow-up", None),
        ("get", f"/{p}/dashboard", None),
        ("post", f"/{p}/funders", {"name": "X", "kind": "region"}),
        ("put", f"/{p}/funders/1/amounts", {"year": 2025, "amount": "1"}),
        ("post", f"/{p}/costs", {"incurred_on": "2025-01-01", "category": "staff", "amount": "1"}),
    ]:
        response = call(client, method, path, olga, body)
        assert response.status_code == 404, path


def test_without_a_token_the_api_answers_401(client: Client, project: Project) -> None:
    assert client.get(f"/api/v1/projects/{project.pk}").status_code == 401


def test_indicators_are_suppressed_for_analysts_and_full_for_the_owner(
    client: Client, owen: User, anna: User, project: Project, two_men: None
) -> None:
    body = call(client, "get", f"/{project.pk}/esf?as_of=2025-01-01", owen).json()
    total = body["indicators"][0]
    assert (total["code"], total["total"], total["by_gender"]["man"]) == ("EECO01", 2, 2)
    body = call(client, "get", f"/{project.pk}/esf?as_of=2025-01-01", anna).json()
    assert body["indicators"][0]["total"] is None and body["suppressed"]
    body = call(client, "get", f"/{project.pk}/follow-up", anna).json()
    assert body["still_in"] is None
    body = call(client, "get", f"/{project.pk}/follow-up", owen).json()
    assert body["still_in"] == 2
    body = call(client, "get", f"/{project.pk}/dashboard", owen).json()
    assert (body["participants"], body["active"]) == (2, 2)
    body = call(client, "get", f"/{project.pk}/dashboard", anna).json()
    assert (body["participants"], body["cost_per_participant"]) == (None, None)


def test_the_owner_funds_the_project_and_reads_the_check(
    client: Client, owen: User, alice: User, project: Project
) -> None:
    p = project.pk
    response = call(client, "post", f"/{p}/funders", alice, {"name": "ESF+", "kind": "eu_fund"})
    assert response.status_code == 403
    response = call(client, "post", f"/{p}/funders", owen, {"name": "ESF+", "kind": "eu_fund"})
    assert response.status_code == 201
    funder = response.json()["id"]
    response = call(
        client, "put", f"/{p}/funders/{funder}/amounts", owen, {"year": 2040, "amount": "5"}
    )
    assert response.status_code == 400 and response.json()["field"] == "year"
    response = call(
        client, "put", f"/{p}/funders/{funder}/amounts", owen, {"year": 2025, "amount": "5"}
    )
    assert response.status_code == 200
    body = call(client, "get", f"/{p}/funding", alice).json()
    assert body["funders"][0]["amounts"] == [{"year": 2025, "amount": "5.00", "currency": "SEK"}]
    assert body["checks"][-1]["reason"] == "no_rate"
    response = call(
        client,
        "post",
        f"/{p}/costs",
        owen,
        {"incurred_on": "2025-01-01", "category": "staff", "amount": "-1"},
    )
    assert response.status_code == 422


def test_records_are_imported_by_the_owners_admin_with_field_errors(
    client: Client, owen: User, alice: User, samordningsforbund: Organisation, seed_record_text: str
) -> None:
    response = call(client, "post", "/records", alice, {"content": seed_record_text})
    assert response.status_code == 403
    bad = seed_record_text.replace("40%", "400%")
    response = call(client, "post", "/records", owen, {"content": bad})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "eu_cofinancing_rate"
    response = call(client, "post", "/records", owen, {"content": seed_record_text})
    assert response.status_code == 201
    created = response.json()[0]
    assert created["diarienummer"] == "23-051-S06"
    assert float(created["eu_cofinancing_rate"]) == 40
    assert created["owner_id"] == samordningsforbund.pk
    shown = call(client, "get", f"/{created['id']}", owen).json()
    assert shown["nuts2_code"] == "SE33" and shown["strategic_importance"] is False
