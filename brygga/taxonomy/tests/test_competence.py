from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brygga.core.models import User
from brygga.people.models import Participant
from brygga.taxonomy.models import CompetenceEvidence

pytestmark = pytest.mark.django_db

CLEANER = "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
CLEANING = "http://data.europa.eu/esco/skill/2bf2c727-ee42-4fc5-a4d7-2cd62b880433"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_coach_maps_competences_with_evidence(alice: User, participant: Participant) -> None:
    client = logged_in(alice)
    url = reverse("people:competence_edit", args=[participant.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "occupation": [CLEANER],
            "occupation_evidence": ["tried_at_work"],
            "skill": [CLEANING, CLEANING],
            "skill_evidence": ["certificate", "certificate"],
            "language": ["uk", "sv", ""],
            "level": ["C2", "A2", ""],
            "hours_available_per_week": "30",
            "driving_licences": ["B"],
            "adaptations_needed": ["interpreter"],
            "validation_needs": "Nursing training from Kharkiv",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert {(c.kind, c.code) for c in participant.competences.all()} == {
        ("occupation", CLEANER),
        ("skill", CLEANING),
    }
    assert participant.competences.get(kind="occupation").label == "lokalvårdare"
    assert dict(participant.languages.values_list("language", "level")) == {"uk": "C2", "sv": "A2"}
    profile = participant.competence_profile
    assert profile.hours_available_per_week == 30
    assert profile.adaptations_needed == ["interpreter"]
    evidence = dict(
        CompetenceEvidence.objects.filter(participant=participant).values_list("code", "evidence")
    )
    assert evidence == {CLEANER: "tried_at_work", CLEANING: "certificate"}
    again = client.get(url).content.decode()
    assert "lokalvårdare" in again
    assert 'value="tried_at_work" selected' in again


def test_a_refused_mapping_keeps_what_was_entered(alice: User, participant: Participant) -> None:
    client = logged_in(alice)
    url = reverse("people:competence_edit", args=[participant.pk])
    response = client.post(
        url,
        {
            "occupation": [CLEANER],
            "occupation_evidence": ["self_reported"],
            "skill": ["http://example.org/made-up"],
            "skill_evidence": ["self_reported"],
            "language": ["sv", "sv"],
            "level": ["B1", "A1"],
            "hours_available_per_week": "20",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "http://example.org/made-up" in body  # the refused code is named
    assert "lokalvårdare" in body  # the chosen occupation is still on the form
    assert not participant.competences.exists()
    response = client.post(url, {"language": ["sv", "sv"], "level": ["B1", "A1"]})
    assert response.status_code == 400
    response = client.post(
        url, {"language": ["sv"], "level": [""], "hours_available_per_week": "90"}
    )
    assert response.status_code == 400
    assert not participant.languages.exists()


def test_an_unknown_code_is_refused(alice: User, participant: Participant) -> None:
    client = logged_in(alice)
    response = client.post(
        reverse("people:competence_edit", args=[participant.pk]),
        {"skill": ["http://example.org/made-up"], "skill_evidence": ["self_reported"]},
    )
    assert response.status_code == 400
    assert not participant.competences.exists()


def test_outsiders_get_404_on_the_mapping_page(
    olga: User, bob: User, charlie: User, participant: Participant
) -> None:
    url = reverse("people:competence_edit", args=[participant.pk])
    for user in (olga, bob, charlie):
        assert logged_in(user).get(url).status_code == 404
        assert logged_in(user).post(url, {"hours_available_per_week": "5"}).status_code == 404
    assert Client().get(url).status_code == 302


def test_type_ahead_search_and_row(alice: User, olga: User) -> None:
    client = logged_in(alice)
    response = client.get(reverse("taxonomy:concept_search"), {"kind": "occupation", "q": "städ"})
    assert response.status_code == 200
    assert "lokalvårdare" in response.content.decode()
    row = client.get(reverse("taxonomy:chosen_row"), {"kind": "skill", "uri": CLEANING})
    assert row.status_code == 200
    assert f'value="{CLEANING}"' in row.content.decode()
    assert (
        client.get(reverse("taxonomy:chosen_row"), {"kind": "skill", "uri": CLEANER}).status_code
        == 404
    )
    assert (
        client.get(reverse("taxonomy:concept_search"), {"kind": "x", "q": "ab"}).status_code == 404
    )
    # the taxonomy is public data: any signed-in user may search; anonymous users may not
    assert (
        Client().get(reverse("taxonomy:concept_search"), {"kind": "skill", "q": "ab"}).status_code
        == 302
    )
    assert (
        Client().get(reverse("taxonomy:chosen_row"), {"kind": "skill", "uri": CLEANING}).status_code
        == 302
    )


def test_api_concept_search(alice: User) -> None:
    from brygga.core.models import ApiToken

    raw = ApiToken.issue(alice, "t")[1]
    client = Client()
    response = client.get(
        "/api/v1/taxonomy/concepts",
        {"q": "прибиральник", "kind": "occupation", "language": "uk", "semantic": "false"},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 200
    assert response.json()[0]["uri"] == CLEANER
    assert response.json()[0]["label"] == "прибиральник приміщень"
    bad = client.get(
        "/api/v1/taxonomy/concepts", {"q": "x"}, headers={"Authorization": f"Bearer {raw}"}
    )
    assert bad.status_code == 422
    assert client.get("/api/v1/taxonomy/concepts", {"q": "städ"}).status_code == 401


def test_removed_row_is_empty_and_needs_login(alice: User) -> None:
    response = logged_in(alice).get(reverse("taxonomy:removed_row"))
    assert response.status_code == 200
    assert response.content == b""
    assert Client().get(reverse("taxonomy:removed_row")).status_code == 302
