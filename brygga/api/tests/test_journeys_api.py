"""The journeys API, and the outsider's view of every operation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from brygga.core.models import Organisation, User
from brygga.journeys.models import AssessmentScale, Enrolment, FollowUp
from brygga.journeys.services import enrol, exit_enrolment
from brygga.people.models import Consent, Participant
from brygga.people.services import record_consent
from brygga.projects.models import Project

from .conftest import call

pytestmark = pytest.mark.django_db


@pytest.fixture
def scale(db: None) -> AssessmentScale:
    return AssessmentScale.objects.get(name="Distance to work", organisation__isnull=True)


def exited(alice: User, enrolment: Enrolment, on: datetime.date) -> Enrolment:
    return exit_enrolment(alice, enrolment, on, "work", income_sources_after=["salary"])


# --- projects and enrolments ------------------------------------------------------


def test_list_projects(client: Client, token: str, project: Project) -> None:
    response = call(client, "get", "/projects", token)
    assert response.status_code == 200
    assert [p["diarienummer"] for p in response.json()] == ["23-051-S06"]


def test_enrol_participant(
    client: Client, token: str, participant: Participant, project: Project
) -> None:
    body = {"project": project.pk, "entry_date": "2024-03-01", "income_sources_before": ["other"]}
    response = call(client, "post", f"/participants/{participant.pk}/enrolments", token, body)
    assert response.status_code == 201, response.content
    enrolment = Enrolment.objects.get(participant=participant)
    assert response.json()["id"] == enrolment.pk
    assert enrolment.income_sources_before == ["other"]
    listed = call(client, "get", f"/participants/{participant.pk}/enrolments", token).json()
    assert [e["id"] for e in listed] == [enrolment.pk]


def test_second_enrolment_is_a_conflict(
    client: Client, token: str, enrolment: Enrolment, project: Project
) -> None:
    path = f"/participants/{enrolment.participant_id}/enrolments"
    response = call(
        client, "post", path, token, {"project": project.pk, "entry_date": "2024-04-01"}
    )
    assert response.status_code == 409
    assert response.json()["field"] == "project"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"project": 999_999, "entry_date": "2024-03-01"}, 400, "project"),
        ({"project": "{project}", "entry_date": "2023-12-31"}, 400, "entry_date"),
        ({"project": 2**63, "entry_date": "2024-03-01"}, 422, None),
        ({"project": "{project}", "entry_date": "10000-01-01"}, 422, None),
        (
            {"project": "{project}", "entry_date": "2024-03-01", "income_sources_before": ["x"]},
            422,
            None,
        ),
    ],
)
def test_enrol_refuses_bad_input(
    client: Client,
    token: str,
    participant: Participant,
    project: Project,
    body: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    body = {k: project.pk if v == "{project}" else v for k, v in body.items()}
    path = f"/participants/{participant.pk}/enrolments"
    response = call(client, "post", path, token, body)
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field


def test_enrol_in_a_project_of_other_organisations_is_refused(
    client: Client, token: str, participant: Participant, jammerbugt: Organisation
) -> None:
    other = Project.objects.create(
        owner=jammerbugt, name="Andet projekt", start_date=datetime.date(2024, 1, 1)
    )
    body = {"project": other.pk, "entry_date": "2024-03-01"}
    response = call(client, "post", f"/participants/{participant.pk}/enrolments", token, body)
    assert response.status_code == 400


def test_show_enrolment(client: Client, token: str, enrolment: Enrolment) -> None:
    response = call(client, "get", f"/enrolments/{enrolment.pk}", token)
    assert response.status_code == 200
    assert response.json()["entry_date"] == "2024-03-01"
    assert response.json()["follow_ups"] == []


@pytest.mark.parametrize("pk", ["0", "-3", "abc", str(2**64), "999999"])
def test_unknown_enrolment_is_not_found(client: Client, token: str, pk: str) -> None:
    assert call(client, "get", f"/enrolments/{pk}", token).status_code in (404, 422)


# --- activities and assessments ---------------------------------------------------


def test_add_activity(client: Client, token: str, enrolment: Enrolment, asf: Organisation) -> None:
    body = {
        "kind": "work_practice",
        "start_date": "2024-04-01",
        "end_date": "2024-06-30",
        "provider": asf.pk,
        "hours_per_week": 20.5,
    }
    response = call(client, "post", f"/enrolments/{enrolment.pk}/activities", token, body)
    assert response.status_code == 201, response.content
    assert response.json()["provider"] == asf.pk
    assert response.json()["hours_per_week"] == 20.5
    assert enrolment.activities.get().kind == "work_practice"


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"kind": "sailing"}, 422, None),
        ({"hours_per_week": 81}, 422, None),
        ({"hours_per_week": -1}, 422, None),
        ({"hours_per_week": 1e308}, 422, None),
        ({"provider": 999_999}, 400, "provider"),
        ({"start_date": "2024-01-01"}, 400, "start_date"),
        ({"end_date": "2024-03-31"}, 400, "end_date"),
    ],
)
def test_add_activity_refuses_bad_input(
    client: Client,
    token: str,
    enrolment: Enrolment,
    change: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    body = {"kind": "training", "start_date": "2024-04-01", **change}
    response = call(client, "post", f"/enrolments/{enrolment.pk}/activities", token, body)
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field


def test_record_assessment(
    client: Client, token: str, enrolment: Enrolment, scale: AssessmentScale
) -> None:
    body = {"scale": scale.pk, "assessed_on": "2024-04-15", "step": 2}
    response = call(client, "post", f"/enrolments/{enrolment.pk}/assessments", token, body)
    assert response.status_code == 201, response.content
    assert response.json()["step_label"] == scale.step_label(2)


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"scale": 999_999}, 400, "scale"),
        ({"step": 99}, 400, "step"),
        ({"step": 0}, 422, None),
        ({"assessed_on": "2024-02-01"}, 400, "assessed_on"),
    ],
)
def test_record_assessment_refuses_bad_input(
    client: Client,
    token: str,
    enrolment: Enrolment,
    scale: AssessmentScale,
    change: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    body = {"scale": scale.pk, "assessed_on": "2024-04-15", "step": 2, **change}
    response = call(client, "post", f"/enrolments/{enrolment.pk}/assessments", token, body)
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field


# --- exit and follow-ups ----------------------------------------------------------


def test_exit_creates_follow_ups(client: Client, token: str, enrolment: Enrolment) -> None:
    body = {"exit_date": "2024-09-30", "outcome": "work", "income_sources_after": ["salary"]}
    response = call(client, "post", f"/enrolments/{enrolment.pk}/exit", token, body)
    assert response.status_code == 200, response.content
    shown = response.json()
    assert shown["exit_date"] == "2024-09-30"
    assert shown["exit_outcome"] == "work"
    assert sorted((f["kind"], f["due_date"]) for f in shown["follow_ups"]) == [
        ("d28", "2024-10-28"),
        ("m6", "2025-03-30"),
    ]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"exit_date": "2024-02-29", "outcome": "work"}, 400, "exit_date"),
        ({"exit_date": "2024-09-30", "outcome": "lottery"}, 422, None),
        ({"exit_date": "0001-01-01", "outcome": "work"}, 422, None),
        ({"exit_date": "9999-12-31", "outcome": "work"}, 422, None),
    ],
)
def test_exit_refuses_bad_input(
    client: Client,
    token: str,
    enrolment: Enrolment,
    body: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    response = call(client, "post", f"/enrolments/{enrolment.pk}/exit", token, body)
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field


def test_follow_ups_by_state(client: Client, alice: User, token: str, enrolment: Enrolment) -> None:
    today = timezone.localdate()
    exited(alice, enrolment, today)

    def kinds(state: str) -> list[str]:
        response = call(client, "get", f"/follow-ups?state={state}", token)
        return [f["kind"] for f in response.json()]

    assert kinds("upcoming") == ["d28", "m6"]
    assert kinds("due") == []
    follow_up = FollowUp.objects.get(enrolment=enrolment, kind="d28")
    body = {"completed_on": today.isoformat(), "situation": "work", "better_situation": True}
    response = call(client, "post", f"/follow-ups/{follow_up.pk}/complete", token, body)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    assert kinds("done") == ["d28"]
    assert kinds("upcoming") == ["m6"]
    assert call(client, "get", "/follow-ups?state=late", token).status_code == 422


def test_overdue_follow_ups_count_as_due(
    client: Client, alice: User, token: str, enrolment: Enrolment
) -> None:
    exited(alice, enrolment, datetime.date(2024, 6, 1))
    response = call(client, "get", "/follow-ups?state=due", token)
    assert [f["status"] for f in response.json()] == ["overdue", "overdue"]


def test_completing_a_follow_up_twice_is_a_conflict(
    client: Client, alice: User, token: str, enrolment: Enrolment
) -> None:
    exited(alice, enrolment, datetime.date(2024, 6, 1))
    follow_up = FollowUp.objects.get(enrolment=enrolment, kind="d28")
    body = {"completed_on": "2024-07-01", "situation": "work"}
    path = f"/follow-ups/{follow_up.pk}/complete"
    assert call(client, "post", path, token, body).status_code == 200
    assert call(client, "post", path, token, body).status_code == 409


# --- the outsider -----------------------------------------------------------------

#: Every operation that names one of alice's objects, with a body that would be valid.
OPERATIONS_ON_ALICES_OBJECTS = [
    ("get", "/participants/{participant}", None),
    ("patch", "/participants/{participant}", {"municipality": "Aalborg"}),
    ("put", "/participants/{participant}/competence-profile", {"validation_needs": "x"}),
    (
        "post",
        "/participants/{participant}/consents",
        {"purpose": "follow_up", "given_on": "2024-05-01"},
    ),
    ("post", "/consents/{consent}/withdraw", {"withdrawn_on": "2024-06-01"}),
    ("get", "/participants/{participant}/enrolments", None),
    (
        "post",
        "/participants/{participant}/enrolments",
        {"project": "{project}", "entry_date": "2024-08-01"},
    ),
    ("get", "/enrolments/{enrolment}", None),
    (
        "post",
        "/enrolments/{enrolment}/activities",
        {"kind": "training", "start_date": "2024-04-01", "end_date": "2024-05-01"},
    ),
    (
        "post",
        "/enrolments/{enrolment}/assessments",
        {"scale": "{scale}", "assessed_on": "2024-04-15", "step": 1},
    ),
    ("post", "/enrolments/{enrolment}/exit", {"exit_date": "2024-06-01", "outcome": "work"}),
    (
        "post",
        "/follow-ups/{follow_up}/complete",
        {"completed_on": "2024-07-01", "situation": "work"},
    ),
]


@pytest.fixture
def alices_objects(
    alice: User,
    boden: Organisation,
    participant: Participant,
    project: Project,
    scale: AssessmentScale,
) -> dict[str, Any]:
    consent: Consent = record_consent(alice, participant, "registration", datetime.date(2024, 1, 2))
    earlier = Project.objects.create(
        owner=boden, name="Tidigare", start_date=datetime.date(2023, 1, 1)
    )
    left = exited(
        alice,
        enrol(alice, participant, earlier, datetime.date(2023, 2, 1)),
        datetime.date(2023, 12, 1),
    )
    current = enrol(alice, participant, project, datetime.date(2024, 3, 1))
    return {
        "participant": participant.pk,
        "consent": consent.pk,
        "enrolment": current.pk,
        "follow_up": left.follow_ups.get(kind="d28").pk,
        "project": earlier.pk,  # re-entry after the exit
        "scale": scale.pk,
    }


def fill(template: Any, ids: dict[str, Any]) -> Any:
    if isinstance(template, str) and template.startswith("{") and template[1:-1] in ids:
        return ids[template[1:-1]]
    if isinstance(template, str):
        return template.format(**ids)
    if isinstance(template, dict):
        return {key: fill(value, ids) for key, value in template.items()}
    return template


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS_ON_ALICES_OBJECTS)
def test_outsider_gets_404_on_every_operation(
    client: Client,
    token: str,
    olga_token: str,
    alices_objects: dict[str, Any],
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    before = Participant.objects.get().updated_at
    response = call(
        client, method, fill(path, alices_objects), olga_token, fill(body, alices_objects)
    )
    assert response.status_code == 404, response.content
    assert Participant.objects.get().updated_at == before
    # The same call is fine for alice: the 404 comes from the scope, not from the body.
    response = call(client, method, fill(path, alices_objects), token, fill(body, alices_objects))
    assert response.status_code < 300, response.content


def test_outsider_lists_are_empty(
    client: Client, olga_token: str, alices_objects: dict[str, Any]
) -> None:
    assert call(client, "get", "/participants", olga_token).json()["items"] == []
    assert call(client, "get", "/follow-ups", olga_token).json() == []
    assert call(client, "get", "/projects", olga_token).json() == []
