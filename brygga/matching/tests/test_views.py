from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brygga.core.models import User
from brygga.matching import services
from brygga.matching.models import AllocationRun, Opportunity, Referral, ReferralStatus
from brygga.people.models import Participant

from .conftest import CLEANER, CLEANING

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_owner_publishes_and_edits_an_opportunity(charlie: User, alice: User) -> None:
    client = logged_in(charlie)
    assert client.get(reverse("matching:opportunity_create")).status_code == 200
    data = {
        "title": "Växthusarbete",
        "type": "placement",
        "status": "open",
        "seats": "2",
        "hours_per_week": "25",
        "municipality": "Boden",
        "required_skills": [CLEANING],
        "occupations": [CLEANER],
        "required_language": ["sv", ""],
        "required_level": ["A2", ""],
        "adaptations_offered": ["quiet_workplace"],
    }
    response = client.post(reverse("matching:opportunity_create"), data)
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert opportunity.languages_required == {"sv": "A2"}
    assert opportunity.occupations == [CLEANER]
    page = client.get(reverse("matching:opportunity_detail", args=[opportunity.pk]))
    assert "lokalvårdare" in page.content.decode()
    bad = client.post(
        reverse("matching:opportunity_edit", args=[opportunity.pk]),
        {**data, "required_skills": ["http://example.org/x"], "hours_per_week": "30"},
    )
    assert bad.status_code == 400
    assert "http://example.org/x" in bad.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.hours_per_week == 25  # nothing saved
    # a case worker elsewhere sees the open opportunity but may not edit it
    assert (
        logged_in(alice)
        .get(reverse("matching:opportunity_detail", args=[opportunity.pk]))
        .status_code
        == 200
    )
    assert (
        logged_in(alice)
        .get(reverse("matching:opportunity_edit", args=[opportunity.pk]))
        .status_code
        == 404
    )


def test_outsiders_are_refused_everywhere(
    alice: User,
    olga: User,
    bob: User,
    charlie: User,
    mapped: Participant,
    cleaning_job: Opportunity,
) -> None:
    referral = services.refer(alice, mapped, cleaning_job)
    client = logged_in(olga)
    for url in (
        reverse("matching:participant_suggestions", args=[mapped.pk]),
        reverse("matching:referral_detail", args=[referral.pk]),
        reverse("matching:opportunity_edit", args=[cleaning_job.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("matching:refer", args=[mapped.pk, cleaning_job.pk]),
        reverse("matching:referral_answer", args=[referral.pk]),
        reverse("matching:referral_withdraw", args=[referral.pk]),
    ):
        assert client.post(url, {"decision": "accept"}).status_code == 404, url
    # the analyst handles no personal data and cannot see the opening or allocate
    analyst = logged_in(bob)
    assert (
        analyst.get(reverse("matching:opportunity_detail", args=[cleaning_job.pk])).status_code
        == 404
    )
    assert analyst.get(reverse("matching:allocation_list")).status_code == 404
    assert (
        analyst.get(reverse("matching:participant_suggestions", args=[mapped.pk])).status_code
        == 404
    )
    # the receiver (charlie) may answer but not withdraw, and sees no suggestions page
    assert (
        logged_in(charlie)
        .post(reverse("matching:referral_withdraw", args=[referral.pk]))
        .status_code
        == 404
    )
    assert (
        logged_in(charlie)
        .get(reverse("matching:participant_suggestions", args=[mapped.pk]))
        .status_code
        == 404
    )
    # anonymous users are sent to log in
    assert Client().get(reverse("matching:opportunity_list")).status_code == 302


def test_allocation_run_of_other_organisation_is_404(
    alice: User, olga: User, mapped: Participant, cleaning_job: Opportunity
) -> None:
    from brygga.people.selectors import participants_for

    run = services.run_allocation(
        alice, mapped.organisation, "Run", participants_for(alice), Opportunity.objects.all()
    )
    assert (
        logged_in(alice).get(reverse("matching:allocation_detail", args=[run.pk])).status_code
        == 200
    )
    assert (
        logged_in(olga).get(reverse("matching:allocation_detail", args=[run.pk])).status_code == 404
    )


def test_suggest_refer_answer_flow(
    alice: User, charlie: User, mapped: Participant, cleaning_job: Opportunity
) -> None:
    client = logged_in(alice)
    partial = client.get(
        reverse("matching:participant_suggestions", args=[mapped.pk]),
        headers={"HX-Request": "true"},
    )
    body = partial.content.decode()
    assert "Lokalvård på kontor" in body
    assert "<html" not in body  # a partial for the participant page
    response = client.post(
        reverse("matching:refer", args=[mapped.pk, cleaning_job.pk]),
        {"note": "Careful worker", "next": reverse("people:participant_detail", args=[mapped.pk])},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.note == "Careful worker"
    again = client.post(reverse("matching:refer", args=[mapped.pk, cleaning_job.pk]), follow=True)
    assert Referral.objects.count() == 1
    assert again.status_code == 200
    receiver = logged_in(charlie)
    assert "Sara Lind" in receiver.get(reverse("matching:referral_list")).content.decode()
    detail = receiver.get(reverse("matching:referral_detail", args=[referral.pk])).content.decode()
    assert "Sara Lind" in detail
    assert "Hotellstädare" in detail or "hotellstädare" in detail  # her occupation, in Swedish
    receiver.post(
        reverse("matching:referral_answer", args=[referral.pk]),
        {"decision": "decline", "note": "Full"},
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.answer_note == "Full"


def test_allocation_page_runs_and_shows_results(
    alice: User, mapped: Participant, cleaning_job: Opportunity
) -> None:
    client = logged_in(alice)
    assert client.get(reverse("matching:allocation_list")).status_code == 200
    response = client.post(
        reverse("matching:allocation_list"),
        {"title": "Våren", "min_score": "0.3", "use_priority": "on", "project": "", "type": ""},
    )
    run = AllocationRun.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("matching:allocation_detail", args=[run.pk])).content.decode()
    assert "Sara Lind" in page
    assert "Lokalvård på kontor" in page
    bad = client.post(reverse("matching:allocation_list"), {"title": "", "min_score": "3"})
    assert bad.status_code == 400
