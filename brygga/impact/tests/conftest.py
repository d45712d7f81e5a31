"""Fixtures of the impact app's database tests (the cast is in the root conftest)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from brygga.core.models import Organisation, User
from brygga.impact import services
from brygga.impact.models import Basis, ParameterSet, Scenario, ScenarioResult
from brygga.people.models import Participant
from brygga.projects.models import Project
from conftest import PASSWORD


def logged_in(user: User, language: str = "en") -> Client:
    """A client logged in as ``user`` that chose ``language`` in the switcher."""
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def se_set(db: None) -> ParameterSet:
    return next(s for s in services.ensure_shipped_parameter_sets() if s.key == "se-2025")


@pytest.fixture
def boden_copy(adam: User, boden: Organisation, se_set: ParameterSet) -> ParameterSet:
    return services.copy_parameter_set(adam, boden, se_set)


def scenario_values(parameter_set: ParameterSet, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Växtzon 2026",
        "parameter_set": parameter_set,
        "basis": Basis.ASSUMPTIONS,
        "persons": 40,
        "start_state": "income_support",
        "start_age": 28,
        "horizon_years": 10,
        "success_state": "full_time_job",
        "success_rate": 0.25,
        "persistence": 0.85,
        "cost_per_participant": 60_000.0,
        "paid_by": {"municipality": 1.0},
        "draws": 300,
        "seed": 7,
        "ranges": {"success_rate": [0.15, 0.35]},
    }
    values.update(changes)
    return values


@pytest.fixture
def scenario(adam: User, boden: Organisation, boden_copy: ParameterSet) -> Scenario:
    return services.save_scenario(adam, boden, scenario_values(boden_copy))


@pytest.fixture
def result(scenario: Scenario, adam: User) -> ScenarioResult:
    created = ScenarioResult.objects.create(scenario=scenario, created_by=adam)
    return services.compute_result(created.pk)


@pytest.fixture
def worked(alice: User, participant: Participant, project: Project) -> Participant:
    """Sara: enrolled on income support two years ago, a job after four months, exited to work."""
    from brygga.journeys import services as journeys

    entry = datetime.date(2024, 3, 1)
    enrolment = journeys.enrol(alice, participant, project, entry, ["income_support"])
    journeys.add_activity(
        alice, enrolment, "job", datetime.date(2024, 7, 1), None, None, Decimal(40)
    )
    journeys.exit_enrolment(alice, enrolment, datetime.date(2024, 9, 1), "work", False, ["salary"])
    return participant


@pytest.fixture
def records_scenario(
    adam: User, boden: Organisation, boden_copy: ParameterSet, project: Project
) -> Scenario:
    return services.save_scenario(
        adam,
        boden,
        scenario_values(
            boden_copy,
            name="ESF+ from records",
            basis=Basis.RECORDS,
            project=project,
            horizon_years=6,
            ranges={},
        ),
    )
