from __future__ import annotations

import datetime

import pytest

from brygga.core.errors import ConflictError, DomainError, NotPermitted
from brygga.core.models import Organisation, User
from brygga.matching import services
from brygga.matching.models import AllocationResult, Opportunity, OpportunityStatus, ReferralStatus
from brygga.matching.selectors import opportunities_for, referrals_for
from brygga.people.models import Participant
from brygga.people.selectors import participants_for
from brygga.people.services import ParticipantData, register_participant

from .conftest import CLEANER, CLEANING, COOK, COOKING, OFFICE_CLEANING, map_competences

pytestmark = pytest.mark.django_db


def test_opportunity_rules(charlie: User, asf: Organisation, alice: User) -> None:
    good = services.OpportunityData(title="Städ", type="job", required_skills=[CLEANING])
    with pytest.raises(DomainError) as exc:
        services.create_opportunity(
            charlie, asf, services.OpportunityData(title="x", type="job", required_skills=[CLEANER])
        )
    assert exc.value.field == "required_skills"  # an occupation is not a skill
    for change, field in (
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"municipality": "Atlantis"}, "municipality"),
        ({"languages_required": {"sv": "B3"}}, "languages_required"),
        ({"adaptations_offered": ["jetpack"]}, "adaptations_offered"),
        (
            {"start_date": datetime.date(2026, 5, 1), "end_date": datetime.date(2026, 4, 1)},
            "end_date",
        ),
        ({"title": "  "}, "title"),
    ):
        with pytest.raises(DomainError) as exc:
            services.create_opportunity(
                charlie, asf, services.OpportunityData(**{**good.__dict__, **change})
            )
        assert exc.value.field == field
    with pytest.raises(NotPermitted):
        services.create_opportunity(alice, asf, good)  # alice is not a member of the ASF
    opportunity = services.create_opportunity(charlie, asf, good)
    assert opportunity.required_skills == [CLEANING]
    assert Opportunity.objects.count() == 1


def test_visibility_of_opportunities(
    cleaning_job: Opportunity, alice: User, bob: User, olga: User, charlie: User
) -> None:
    assert cleaning_job in opportunities_for(charlie)  # owner
    assert cleaning_job in opportunities_for(alice)  # a case worker elsewhere, for matching
    assert cleaning_job in opportunities_for(olga)
    assert cleaning_job not in opportunities_for(bob)  # analysts handle no participants
    cleaning_job.status = OpportunityStatus.DRAFT
    cleaning_job.save()
    assert cleaning_job in opportunities_for(charlie)
    assert cleaning_job not in opportunities_for(alice)


def test_suggestions_rank_and_explain(
    alice: User, mapped: Participant, cleaning_job: Opportunity, kitchen_job: Opportunity
) -> None:
    suggestions = services.suggest_opportunities(
        alice, services.with_profiles(participants_for(alice)).get()
    )
    assert suggestions[0].opportunity == cleaning_job
    best = suggestions[0]
    assert 0 < best.match.score <= 1
    assert sum(p["points"] for p in best.parts) == pytest.approx(best.match.score)
    codes = {p["code"] for p in best.parts}
    assert {"skills_required", "occupation_near", "language", "hours", "distance"} <= codes
    # the kitchen job asks for a skill she lacks: lower, if shown at all
    assert all(s.match.score <= best.match.score for s in suggestions)


def test_hard_filters_hide_infeasible_openings(
    alice: User, participant: Participant, cleaning_job: Opportunity
) -> None:
    map_competences(alice, participant, [CLEANING], languages=[("uk", "C2")], hours=30)
    person = services.with_profiles(participants_for(alice)).get()
    assert services.suggest_opportunities(alice, person) == []  # no Swedish A2
    map_competences(alice, participant, [CLEANING], languages=[("sv", "A2")], hours=10)
    person = services.with_profiles(participants_for(alice)).get()
    assert services.suggest_opportunities(alice, person) == []  # 20 hours asked, 10 available
    map_competences(alice, participant, [OFFICE_CLEANING], languages=[("sv", "A2")], hours=20)
    person = services.with_profiles(participants_for(alice)).get()
    (only,) = services.suggest_opportunities(alice, person)
    skills = next(p for p in only.parts if p["code"] == "skills_required")
    assert skills["near"] == 1  # a sibling skill in the ESCO hierarchy counts partly


def test_suggested_participants_are_only_those_the_user_may_see(
    alice: User, olga: User, charlie: User, mapped: Participant, cleaning_job: Opportunity
) -> None:
    (suggestion,) = services.suggest_participants(alice, cleaning_job)
    assert suggestion.participant == mapped
    assert services.suggest_participants(olga, cleaning_job) == []
    assert services.suggest_participants(charlie, cleaning_job) == []  # the owner sees nobody


def test_referral_needs_consent_and_is_answered_by_the_receiver(
    alice: User, olga: User, charlie: User, participant: Participant, cleaning_job: Opportunity
) -> None:
    map_competences(alice, participant, [CLEANING], languages=[("sv", "B1")])
    with pytest.raises(DomainError, match=r"consent|samtyck"):
        services.refer(alice, participant, cleaning_job)
    from brygga.people.services import record_consent

    record_consent(alice, participant, "referral", datetime.date(2024, 2, 1))
    participant = services.with_profiles(participants_for(alice)).get()
    with pytest.raises(NotPermitted):
        services.refer(olga, participant, cleaning_job)
    referral = services.refer(alice, participant, cleaning_job, "Punctual and careful.")
    assert referral.score is not None and referral.score > 0.5
    assert referral.explanation
    with pytest.raises(ConflictError):
        services.refer(alice, participant, cleaning_job)
    # the receiving organisation sees the referral (and through it the person); olga does not
    assert referral in referrals_for(charlie)
    assert referral not in referrals_for(olga)
    with pytest.raises(NotPermitted):
        services.answer_referral(alice, referral, accept=True)
    services.answer_referral(charlie, referral, accept=True, note="Start Monday")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    cleaning_job.refresh_from_db()
    assert cleaning_job.status == OpportunityStatus.FILLED  # its one seat is taken
    with pytest.raises(ConflictError):
        services.answer_referral(charlie, referral, accept=False)
    services.withdraw_referral(alice, referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


def test_allocation_fills_seats_optimally_and_explains(
    alice: User, boden: Organisation, charlie: User, asf: Organisation
) -> None:
    people = []
    for i, (skills, occupations) in enumerate(
        [([CLEANING], [CLEANER]), ([CLEANING], []), ([COOKING], [COOK]), ([], [])]
    ):
        p = register_participant(
            alice,
            boden,
            ParticipantData(first_name=f"P{i}", last_name="Test", municipality="Boden"),
        )
        map_competences(alice, p, skills, occupations, languages=[("sv", "B1")], hours=30)
        people.append(p)
    clean = services.create_opportunity(
        charlie,
        asf,
        services.OpportunityData(
            title="Städ",
            type="job",
            required_skills=[CLEANING],
            occupations=[CLEANER],
            municipality="Boden",
            seats=1,
            hours_per_week=20,
        ),
    )
    cook = services.create_opportunity(
        charlie,
        asf,
        services.OpportunityData(
            title="Kök", type="job", required_skills=[COOKING], municipality="Luleå", seats=1
        ),
    )
    run = services.run_allocation(
        alice,
        boden,
        "Cohort",
        participants_for(alice),
        Opportunity.objects.filter(pk__in=[clean.pk, cook.pk]),
        min_score=0.6,
    )
    results = {r.participant.first_name: r for r in AllocationResult.objects.filter(run=run)}
    assert results["P0"].opportunity == clean  # the best cleaner gets the one cleaning seat
    assert results["P2"].opportunity == cook
    assert results["P1"].outcome == "outbid"
    assert results["P3"].outcome == "no_candidate"
    assert run.assigned == 2
    assert run.total_score >= run.greedy_total_score
    assert run.model == "brygga.matching" and run.params["min_score"] == 0.6
    assigned = results["P0"]
    assert sum(p["points"] for p in assigned.explanation) == pytest.approx(assigned.score, abs=1e-5)
    with pytest.raises(DomainError):
        services.run_allocation(
            alice, boden, "x", participants_for(alice), Opportunity.objects.all(), min_score=2
        )
