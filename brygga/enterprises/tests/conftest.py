"""Fixtures of the enterprises and knowledge tests, on top of the shared cast.

erik    advisor (case worker) at Erhvervshus Nord, a Danish business-development body
charlie enterprise staff at Grön Framtid ASF (shared cast), whose profile exists here
olga    the outsider (shared cast)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from brygga.core.models import ApiToken, Organisation, OrganisationKind, Role, User
from brygga.enterprises import services
from conftest import make_user


@pytest.fixture(autouse=True)
def english(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests read English messages: the services' language and the test client's choice."""
    if "client" in request.fixturenames:
        client: Client = request.getfixturevalue("client")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def erhvervshus(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Erhvervshus Nord",
        kind=OrganisationKind.BUSINESS_DEVELOPMENT,
        country="DK",
        municipality="Aalborg",
    )


@pytest.fixture
def erik(erhvervshus: Organisation) -> User:
    return make_user("erik", erhvervshus, Role.CASE_WORKER)


@pytest.fixture
def employer(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Arbetsgivare 1 AB", kind=OrganisationKind.EMPLOYER, municipality="Boden"
    )


@pytest.fixture
def profile(charlie: User, asf: Organisation) -> Any:
    return services.save_profile(
        charlie,
        asf,
        services.ProfileData(
            org_number="556677-8899",
            municipality="Boden",
            legal_form="se_ab_svb",
            description="Greenhouse and cleaning services.",
            placements=6,
            supervisors=2,
            sectors=["81.2", "01"],
            services=["Cleaning", "Vegetables"],
            adaptations=["reduced_hours"],
            checklist=["purpose", "reinvested", "independent", "influence"],
        ),
    )


def _token(user: User) -> str:
    return ApiToken.issue(user, "test")[1]


@pytest.fixture
def charlie_token(charlie: User) -> str:
    return _token(charlie)


@pytest.fixture
def olga_token(olga: User) -> str:
    return _token(olga)


@pytest.fixture
def erik_token(erik: User) -> str:
    return _token(erik)


@pytest.fixture
def alice_token(alice: User) -> str:
    return _token(alice)
