from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from brygga.api.tests.conftest import call
from brygga.core.models import ApiToken, Organisation, User
from brygga.knowledge import services
from brygga.knowledge.models import InquiryRoute


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def items(charlie: User, asf: Organisation) -> dict[str, Any]:
    public = services.publish_item(
        charlie,
        asf,
        services.ItemData("guide", "public", "da", "Guide til socialøkonomi", "Virksomheder."),
    )
    members = services.publish_item(
        charlie,
        asf,
        services.ItemData("template", "members", "sv", "Budgetmall", "Virksomheder och budget."),
    )
    return {"public": public, "members": members}


@pytest.fixture
def route(boden: Organisation) -> None:
    InquiryRoute.objects.create(organisation=boden, municipality="Boden")


@pytest.fixture
def adam_token(adam: User) -> str:
    return ApiToken.issue(adam, "t")[1]


INQUIRY = {
    "kind": "employer",
    "municipality": "Boden",
    "name": "Test",
    "email": "t@example.org",
    "message": "We have jobs.",
}


def test_public_search_hides_members_items(client: Client, items: dict[str, Any]) -> None:
    found = call(client, "get", "/knowledge/items?q=virksomheder", None)
    assert found.status_code == 200
    assert [h["id"] for h in found.json()] == [items["public"].pk]
    assert call(client, "get", f"/knowledge/items/{items['members'].pk}", None).status_code == 404
    detail = call(client, "get", f"/knowledge/items/{items['public'].pk}", None)
    assert detail.json()["translations"][0]["language"] == "da"
    assert call(client, "get", "/knowledge/items?kind=poem", None).status_code == 422


def test_members_search_everything(client: Client, items: dict[str, Any], olga_token: str) -> None:
    found = call(client, "get", "/knowledge/members/items", olga_token)
    assert {h["id"] for h in found.json()} == {items["public"].pk, items["members"].pk}
    assert (
        call(
            client, "get", f"/knowledge/members/items/{items['members'].pk}", olga_token
        ).status_code
        == 200
    )
    assert call(client, "get", "/knowledge/members/items", None).status_code == 401
    member_item = f"/knowledge/members/items/{items['members'].pk}"
    assert call(client, "get", member_item, None).status_code == 401


def test_an_inquiry_by_api_is_routed_and_rate_limited(
    client: Client, route: None, adam_token: str, olga_token: str
) -> None:
    sent = call(client, "post", "/knowledge/inquiries", None, INQUIRY)
    assert sent.status_code == 201, sent.content
    assert sent.json()["reference"].startswith("BRY-")
    bad = call(client, "post", "/knowledge/inquiries", None, {**INQUIRY, "municipality": "Oslo"})
    assert bad.status_code == 400
    assert bad.json()["field"] == "municipality"
    assert (
        call(client, "post", "/knowledge/inquiries", None, {**INQUIRY, "kind": "x"}).status_code
        == 422
    )
    for _ in range(3):
        call(client, "post", "/knowledge/inquiries", None, INQUIRY)
    assert call(client, "post", "/knowledge/inquiries", None, INQUIRY).status_code == 429
    listed = call(client, "get", "/knowledge/inquiries", adam_token)
    assert listed.status_code == 200
    assert len(listed.json()["items"]) == 4
    first = listed.json()["items"][0]["id"]
    answered = call(
        client, "post", f"/knowledge/inquiries/{first}/answer", adam_token, {"note": "ok"}
    )
    assert answered.status_code == 200
    assert answered.json()["answered_in_time"] is True
    assert (
        call(client, "get", "/knowledge/inquiries", adam_token).json()["share_answered_in_time"]
        == 100.0
    )
    # the outsider
    assert call(client, "get", "/knowledge/inquiries", olga_token).json()["items"] == []
    assert (
        call(client, "post", f"/knowledge/inquiries/{first}/answer", olga_token, {}).status_code
        == 404
    )


def test_networks_for_members_only(
    client: Client,
    erik: User,
    erhvervshus: Organisation,
    asf: Organisation,
    charlie_token: str,
    olga_token: str,
    profile: Any,
) -> None:
    network = services.create_network(erik, erhvervshus, "ERFA Nord")
    services.add_member(erik, network, asf)
    services.record_meeting(erik, network, datetime.date(2025, 2, 2), "Aalborg")
    listed = call(client, "get", "/knowledge/networks", charlie_token)
    assert [n["name"] for n in listed.json()] == ["ERFA Nord"]
    detail = call(client, "get", f"/knowledge/networks/{network.pk}", charlie_token)
    assert detail.status_code == 200
    members = {m["name"]: m["profile_id"] for m in detail.json()["members"]}
    assert members == {"Erhvervshus Nord": None, "Grön Framtid ASF": profile.pk}
    assert call(client, "get", f"/knowledge/networks/{network.pk}", olga_token).status_code == 404
    meeting = {"held_on": "2025-04-01", "place": "Boden", "minutes": "Shared experiences."}
    added = call(
        client, "post", f"/knowledge/networks/{network.pk}/meetings", charlie_token, meeting
    )
    assert added.status_code == 201
    refused = call(
        client, "post", f"/knowledge/networks/{network.pk}/meetings", olga_token, meeting
    )
    assert refused.status_code == 404
    assert call(client, "get", "/knowledge/networks", olga_token).json() == []
    assert call(client, "get", "/knowledge/networks", None).status_code == 401
