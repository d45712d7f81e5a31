"""No N+1: the participant list, page and API answer in a fixed number of queries,
whether the organisation has 3 participants or 30."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brygga.core.models import ApiToken, Organisation, User
from brygga.devtools.demo import FIRST, LAST
from brygga.journeys import services as journeys
from brygga.people.identity import swedish_number
from brygga.people.models import Participant
from brygga.people.services import ParticipantData, record_consent, register_participant
from brygga.projects.models import Project

pytestmark = pytest.mark.django_db

#: Session, user, two-factor device, organisations, count, projects, page, then the audit log's
#: entry for the people shown (savepoint, head, entry, subjects, head update).
LIST_QUERIES = 17
#: Token, token's last use, organisations, page (+1 row to know if more follow), enrolments, audit.
API_LIST_QUERIES = 14
#: Token, last use, participant, the seven prefetched relations, audit.
API_DETAIL_QUERIES = 22


def _people(alice: User, boden: Organisation, project: Project, count: int) -> list[Participant]:
    rng = random.Random(count)
    made = []
    for i in range(count):
        birth = datetime.date(1980, 1, 1) + datetime.timedelta(days=rng.randint(0, 9000))
        person = register_participant(
            alice,
            boden,
            ParticipantData(
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                identity_number=swedish_number(birth, i),
                labour_market_status="unemployed",
                labour_market_status_since=datetime.date(2024, 1, 1),
                income_support=i % 2 == 0,
            ),
        )
        enrolment = journeys.enrol(alice, person, project, datetime.date(2024, 3, 1))
        for day in (5, 20):
            journeys.add_activity(
                alice,
                enrolment,
                "training",
                datetime.date(2024, 3, day),
                datetime.date(2024, 3, day + 5),
                hours_per_week=Decimal(10),
            )
        if i % 3 == 0:
            journeys.exit_enrolment(alice, enrolment, datetime.date(2024, 4, 1), "work")
        record_consent(alice, person, "registration", datetime.date(2024, 3, 1))
        made.append(person)
    return made


def _queries(action: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = action()
        assert response.status_code == 200
    return len(captured)


@pytest.fixture
def client(alice: User) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.mark.parametrize("count", [3, 30])
def test_participant_list_does_not_grow_with_the_rows(
    count: int,
    alice: User,
    boden: Organisation,
    project: Project,
    client: Client,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    _people(alice, boden, project, count)
    url = reverse("people:participant_list")
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(url, {"q": "a", "status": "active"}).status_code == 200
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(url, {"target_group": "income_support"}).status_code == 200


def test_participant_list_costs_the_same_for_3_and_25_rows(
    alice: User, boden: Organisation, project: Project, client: Client
) -> None:
    url = reverse("people:participant_list")
    _people(alice, boden, project, 3)
    client.get(url)  # the first read also starts the audit log
    few = _queries(lambda: client.get(url))
    _people(alice, boden, project, 22)
    many = _queries(lambda: client.get(url))
    assert many == few


def test_participant_page_costs_the_same_for_a_short_and_a_long_journey(
    alice: User, boden: Organisation, project: Project, client: Client
) -> None:
    person = _people(alice, boden, project, 2)[1]  # the second stays enrolled
    url = reverse("people:participant_detail", args=[person.pk])
    client.get(url)  # the first read also starts the audit log
    short = _queries(lambda: client.get(url))
    enrolment = person.enrolments.get()
    for day in range(1, 20):
        journeys.add_activity(alice, enrolment, "job", datetime.date(2024, 3, day))
    long = _queries(lambda: client.get(url))
    assert long == short
    assert long <= 25


def test_api_list_and_detail_do_not_grow_with_the_rows(
    alice: User,
    boden: Organisation,
    project: Project,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    raw = ApiToken.issue(alice, "perf")[1]
    headers = {"Authorization": f"Bearer {raw}"}
    client = Client()
    people = _people(alice, boden, project, 30)
    with django_assert_max_num_queries(API_LIST_QUERIES):
        page = client.get("/api/v1/participants", {"limit": 25}, headers=headers)
    assert page.status_code == 200
    assert len(page.json()["items"]) == 25
    cursor = page.json()["next_cursor"]
    with django_assert_max_num_queries(API_LIST_QUERIES):
        rest = client.get("/api/v1/participants", {"limit": 25, "cursor": cursor}, headers=headers)
    assert len(rest.json()["items"]) == 5
    with django_assert_max_num_queries(API_DETAIL_QUERIES):
        detail = client.get(f"/api/v1/participants/{people[0].pk}", headers=headers)
    assert detail.status_code == 200
