from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from brygga.api.tests.conftest import call
from brygga.core.models import Organisation, User
from brygga.enterprises import services
from brygga.enterprises.models import Stage

TODAY = timezone.localdate()


def test_public_directory_needs_no_token(client: Client, profile: Any) -> None:
    listed = call(client, "get", "/enterprises/directory?q=clean&section=N", None)
    assert listed.status_code == 200
    assert [p["name"] for p in listed.json()] == ["Grön Framtid ASF"]
    detail = call(client, "get", f"/enterprises/directory/{profile.pk}", None)
    assert detail.status_code == 200
    assert detail.json()["work_integrating"] is True
    assert call(client, "get", "/enterprises/directory?section=Z", None).status_code == 422
    profile.published = False
    profile.save()
    assert call(client, "get", f"/enterprises/directory/{profile.pk}", None).status_code == 404


def test_public_support_map(client: Client, erik: User, erhvervshus: Organisation) -> None:
    services.save_support_offer(
        erik,
        erhvervshus,
        services.SupportData("bank", "Micro loans", "d", ["start_up"], ["funding"], "DK"),
    )
    fits = call(client, "get", "/enterprises/support?stage=start_up&need=funding&country=DK", None)
    assert fits.status_code == 200
    assert fits.json()[0]["offer"]["title"] == "Micro loans"
    assert call(client, "get", "/enterprises/support?stage=nonsense", None).status_code == 422


def test_staff_put_their_profile_and_years(
    client: Client, charlie_token: str, asf: Organisation
) -> None:
    body = {"org_number": "5566778899", "sectors": ["81.2"], "services": ["Cleaning"]}
    saved = call(client, "put", f"/enterprises/organisations/{asf.pk}/profile", charlie_token, body)
    assert saved.status_code == 200, saved.content
    assert saved.json()["org_number"] == "5566778899"
    bad = call(
        client,
        "put",
        f"/enterprises/organisations/{asf.pk}/profile",
        charlie_token,
        {"org_number": "1"},
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "org_number"
    year = call(
        client,
        "put",
        f"/enterprises/organisations/{asf.pk}/years/2024",
        charlie_token,
        {"private_sales": 750, "grants": 250},
    )
    assert year.status_code == 200
    assert year.json()["independence"] == "75.0"
    mine = call(client, "get", "/enterprises/profiles", charlie_token)
    assert [p["name"] for p in mine.json()] == ["Grön Framtid ASF"]


def test_guidance_api(client: Client, erik_token: str, erhvervshus: Organisation) -> None:
    opened = call(
        client,
        "post",
        "/enterprises/guidance/cases",
        erik_token,
        {
            "advising_organisation": erhvervshus.pk,
            "name": "Café",
            "stage": "idea",
            "opened_on": str(TODAY - datetime.timedelta(days=120)),
        },
    )
    assert opened.status_code == 201, opened.content
    case_id = opened.json()["id"]
    foreign = call(
        client,
        "post",
        "/enterprises/guidance/cases",
        erik_token,
        {
            "advising_organisation": erhvervshus.pk,
            "name": "X",
            "stage": "idea",
            "opened_on": str(TODAY),
            "advisor": 999999,
        },
    )
    assert foreign.status_code == 400
    assert foreign.json()["field"] == "advisor"
    assert opened.json()["stuck"] is True
    stuck = call(client, "get", "/enterprises/guidance/cases?stuck=true", erik_token)
    assert [c["id"] for c in stuck.json()] == [case_id]
    session = call(
        client,
        "post",
        f"/enterprises/guidance/cases/{case_id}/sessions",
        erik_token,
        {"held_on": str(TODAY), "topic": "Budget", "next_step": "Bank"},
    )
    assert session.status_code == 201
    moved = call(
        client,
        "post",
        f"/enterprises/guidance/cases/{case_id}/stage",
        erik_token,
        {"stage": "pre_start", "changed_on": str(TODAY)},
    )
    assert moved.json()["stuck"] is False
    sessions = call(client, "get", f"/enterprises/guidance/cases/{case_id}/sessions", erik_token)
    assert [s["topic"] for s in sessions.json()] == ["Budget"]


def test_partnership_and_procurement_api(
    client: Client,
    charlie_token: str,
    asf: Organisation,
    employer: Organisation,
    adam: User,
    boden: Organisation,
    profile: Any,
) -> None:
    created = call(
        client,
        "post",
        "/enterprises/partnerships",
        charlie_token,
        {
            "enterprise": asf.pk,
            "partner": employer.pk,
            "kind": "mentoring",
            "start_date": str(TODAY),
            "value": 1000,
        },
    )
    assert created.status_code == 201, created.content
    graph = call(client, "get", "/enterprises/partnerships/graph", charlie_token)
    assert graph.json()["edges"] == [
        {"enterprise_id": asf.pk, "partner_id": employer.pk, "kind": "mentoring"}
    ]
    assert graph.json()["without_business_bridge"] == []
    from brygga.core.models import ApiToken

    adam_token = ApiToken.issue(adam, "t")[1]
    need = call(
        client,
        "post",
        "/enterprises/procurement/needs",
        adam_token,
        {"buyer": boden.pk, "title": "Cleaning", "services": "cleaning", "start_date": str(TODAY)},
    )
    assert need.status_code == 201, need.content
    matches = call(
        client, "get", f"/enterprises/procurement/needs/{need.json()['id']}/matches", adam_token
    )
    assert matches.json()[0]["name"] == "Grön Framtid ASF"
    assert "Offers Cleaning" in matches.json()[0]["reasons"]


# --- outsiders and anonymous callers ------------------------------------------------------


@pytest.fixture
def others(
    erik: User,
    erhvervshus: Organisation,
    charlie: User,
    asf: Organisation,
    employer: Organisation,
    adam: User,
    boden: Organisation,
    profile: Any,
) -> dict[str, int]:
    case = services.open_case(erik, erhvervshus, "Café", Stage.IDEA, TODAY)
    partnership = services.save_partnership(
        charlie, services.PartnershipData(asf, employer, "mentoring", TODAY)
    )
    need = services.post_need(adam, boden, services.NeedData("Cleaning", "cleaning", TODAY))
    return {
        "case": case.pk,
        "partnership": partnership.pk,
        "need": need.pk,
        "asf": asf.pk,
        "erhvervshus": erhvervshus.pk,
        "employer": employer.pk,
        "profile": profile.pk,
    }


OUTSIDER_REFUSED = [
    ("put", "/enterprises/organisations/{asf}/profile", {}),
    ("put", "/enterprises/organisations/{asf}/years/2024", {}),
    ("get", "/enterprises/guidance/cases/{case}", None),
    ("get", "/enterprises/guidance/cases/{case}/sessions", None),
    (
        "post",
        "/enterprises/guidance/cases/{case}/sessions",
        {"held_on": "2025-01-01", "topic": "x"},
    ),
    (
        "post",
        "/enterprises/guidance/cases/{case}/stage",
        {"stage": "growing", "changed_on": "2025-01-01"},
    ),
    (
        "post",
        "/enterprises/guidance/cases",
        {
            "advising_organisation": "{erhvervshus}",
            "name": "x",
            "stage": "idea",
            "opened_on": "2025-01-01",
        },
    ),
    ("get", "/enterprises/procurement/needs/{need}/matches", None),
    (
        "post",
        "/enterprises/support/offers",
        {
            "provider": "{erhvervshus}",
            "actor_kind": "bank",
            "title": "t",
            "description": "d",
            "stages": ["idea"],
            "needs": ["funding"],
            "country": "DK",
        },
    ),
    (
        "post",
        "/enterprises/procurement/needs",
        {"buyer": "{asf}", "title": "t", "services": "x", "start_date": "2025-01-01"},
    ),
]


def _fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("method", "path", "body"), OUTSIDER_REFUSED)
def test_an_outsider_is_refused(
    client: Client, olga_token: str, others: dict[str, int], method: str, path: str, body: Any
) -> None:
    response = call(client, method, path.format(**others), olga_token, _fill(body, others))
    assert response.status_code in {403, 404}, response.content


def test_an_outsider_cannot_record_a_partnership_of_others(
    client: Client, olga_token: str, others: dict[str, int]
) -> None:
    response = call(
        client,
        "post",
        "/enterprises/partnerships",
        olga_token,
        {
            "enterprise": others["asf"],
            "partner": others["employer"],
            "kind": "mentoring",
            "start_date": str(TODAY),
        },
    )
    assert response.status_code == 403


def test_an_outsider_sees_empty_lists(
    client: Client, olga_token: str, others: dict[str, int]
) -> None:
    for path in [
        "/enterprises/guidance/cases",
        "/enterprises/partnerships",
        "/enterprises/procurement/needs",
        "/enterprises/profiles",
    ]:
        response = call(client, "get", path, olga_token)
        assert response.status_code == 200
        assert response.json() == []


@pytest.mark.parametrize(
    "path",
    [
        "/enterprises/profiles",
        "/enterprises/profiles/1",
        "/enterprises/guidance/cases",
        "/enterprises/partnerships",
        "/enterprises/partnerships/graph",
        "/enterprises/procurement/needs",
    ],
)
def test_staff_endpoints_need_a_token(client: Client, path: str, db: None) -> None:
    assert call(client, "get", path, None).status_code == 401


def test_an_unpublished_profile_is_hidden_from_an_outsider(
    client: Client, profile: Any, olga_token: str, charlie_token: str
) -> None:
    profile.published = False
    profile.save()
    assert call(client, "get", f"/enterprises/profiles/{profile.pk}", olga_token).status_code == 404
    own = call(client, "get", f"/enterprises/profiles/{profile.pk}", charlie_token)
    assert own.status_code == 200


def test_the_graph_needs_an_organisation(client: Client, db: None) -> None:
    from brygga.core.models import ApiToken

    loner = User.objects.create_user("loner")
    token = ApiToken.issue(loner, "t")[1]
    assert call(client, "get", "/enterprises/partnerships/graph", token).status_code == 404
