from __future__ import annotations

import datetime

import pytest

from brygga.core.models import Organisation, User
from brygga.matching.models import Opportunity
from brygga.matching.services import OpportunityData, create_opportunity
from brygga.people.models import Participant
from brygga.people.services import CompetenceData, record_consent
from brygga.taxonomy.services import MappedCompetence, save_competence_mapping

CLEANER = "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
ROOM_ATTENDANT = "http://data.europa.eu/esco/occupation/731ecac4-06e8-4ec2-a559-101fecbd9183"
COOK = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"
CLEANING = "http://data.europa.eu/esco/skill/2bf2c727-ee42-4fc5-a4d7-2cd62b880433"
OFFICE_CLEANING = "http://data.europa.eu/esco/skill/d69e45d3-1f3f-4e6a-8933-82e949277811"
COOKING = "http://data.europa.eu/esco/skill/89f8435a-ebc1-42b6-bf5c-496999e99776"


def map_competences(
    actor: User,
    participant: Participant,
    skills: list[str],
    occupations: list[str] = (),  # type: ignore[assignment]
    languages: list[tuple[str, str]] = (),  # type: ignore[assignment]
    hours: int | None = 30,
    adaptations: list[str] = (),  # type: ignore[assignment]
) -> None:
    save_competence_mapping(
        actor,
        participant,
        [MappedCompetence("skill", s, "self_reported") for s in skills]
        + [MappedCompetence("occupation", o, "tried_at_work") for o in occupations],
        CompetenceData(
            hours_available_per_week=hours,
            languages=list(languages),
            adaptations_needed=list(adaptations),
        ),
    )


@pytest.fixture
def cleaning_job(charlie: User, asf: Organisation) -> Opportunity:
    return create_opportunity(
        charlie,
        asf,
        OpportunityData(
            title="Lokalvård på kontor",
            type="placement",
            required_skills=[CLEANING],
            occupations=[CLEANER],
            languages_required={"sv": "A2"},
            hours_per_week=20,
            municipality="Boden",
            seats=1,
            adaptations_offered=["reduced_hours", "written_instructions"],
        ),
    )


@pytest.fixture
def kitchen_job(charlie: User, asf: Organisation) -> Opportunity:
    return create_opportunity(
        charlie,
        asf,
        OpportunityData(
            title="Köksbiträde i café",
            type="small_job",
            required_skills=[COOKING],
            occupations=[COOK],
            hours_per_week=10,
            municipality="Luleå",
            seats=2,
        ),
    )


@pytest.fixture
def mapped(alice: User, participant: Participant) -> Participant:
    map_competences(
        alice,
        participant,
        skills=[CLEANING],
        occupations=[ROOM_ATTENDANT],
        languages=[("sv", "B1"), ("uk", "C2")],
        hours=30,
    )
    record_consent(alice, participant, "referral", datetime.date(2024, 1, 5))
    return participant
