"""The shared cast of the test suite.

alice   case worker at Bodens kommun (Swedish municipality)
adam    organisation admin at Bodens kommun
bob     analyst at Bodens kommun (aggregates only, no personal data)
charlie enterprise staff at Grön Framtid ASF (a social enterprise)
olga    case worker at Jammerbugt Kommune: the outsider from another organisation
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator

import pytest
from django.test import override_settings
from pytest_django.fixtures import Settings

from brygga.core.models import Membership, Organisation, OrganisationKind, Role, User

PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config: pytest.Config) -> None:
    # Playwright's sync API runs an event loop in the test thread; let the ORM work beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _plain_http() -> Iterator[None]:
    """The test client and the live server speak plain HTTP: no HTTPS redirect, and no
    HSTS (which would make the browser insist on HTTPS for localhost). Session-wide,
    so the live server's middleware, built once, sees it too."""
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        yield


@pytest.fixture(autouse=True)
def _quick_login(request: pytest.FixtureRequest, settings: Settings) -> None:
    """Fast password hashing, no login lockout and no second factor, except in the
    tests marked ``security`` that try exactly those (brygga/core/tests/test_login_security.py).

    """
    if request.node.get_closest_marker("security"):
        return
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.TWO_FACTOR_REQUIRED_ROLES = []


def make_user(username: str, organisation: Organisation, role: str) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title()
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def boden(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Bodens kommun",
        kind=OrganisationKind.MUNICIPALITY,
        country="SE",
        org_number="2120002841",
    )


@pytest.fixture
def jammerbugt(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Jammerbugt Kommune",
        kind=OrganisationKind.MUNICIPALITY,
        country="DK",
        org_number="29189587",
    )


@pytest.fixture
def asf(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Grön Framtid ASF", kind=OrganisationKind.SOCIAL_ENTERPRISE
    )


@pytest.fixture
def samordningsforbund(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Samordningsförbundet Södra Norrbotten",
        kind=OrganisationKind.COORDINATION_ASSOCIATION,
        org_number="2220002204",
    )


@pytest.fixture
def alice(boden: Organisation) -> User:
    return make_user("alice", boden, Role.CASE_WORKER)


@pytest.fixture
def adam(boden: Organisation) -> User:
    return make_user("adam", boden, Role.ORG_ADMIN)


@pytest.fixture
def bob(boden: Organisation) -> User:
    return make_user("bob", boden, Role.ANALYST)


@pytest.fixture
def charlie(asf: Organisation) -> User:
    return make_user("charlie", asf, Role.ENTERPRISE_STAFF)


@pytest.fixture
def olga(jammerbugt: Organisation) -> User:
    return make_user("olga", jammerbugt, Role.CASE_WORKER)


@pytest.fixture
def project(samordningsforbund: Organisation, boden: Organisation):  # type: ignore[no-untyped-def]
    from brygga.projects.models import Project

    project = Project.objects.create(
        owner=samordningsforbund,
        name="Samverkan för ASF i södra Norrbotten 2.0",
        diarienummer="23-051-S06",
        start_date=datetime.date(2024, 1, 2),
        end_date=datetime.date(2030, 6, 30),
    )
    project.partners.add(boden)
    return project


@pytest.fixture
def participant(alice: User, boden: Organisation):  # type: ignore[no-untyped-def]
    from brygga.people.services import ParticipantData, register_participant

    return register_participant(
        alice,
        boden,
        ParticipantData(
            first_name="Sara",
            last_name="Lind",
            identity_number="19900517-1237",
            gender="woman",
            municipality="Boden",
            education_level=2,
            labour_market_status="unemployed",
            labour_market_status_since=datetime.date(2023, 1, 10),
            income_support=True,
            income_support_since=datetime.date(2023, 3, 1),
        ),
    )


@pytest.fixture
def enrolment(alice: User, participant, project):  # type: ignore[no-untyped-def]
    from brygga.journeys.services import enrol

    return enrol(alice, participant, project, datetime.date(2024, 3, 1), ["income_support"])
