from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from brygga.core.models import Organisation, User
from brygga.knowledge import services
from brygga.knowledge.forms import issue_stamp
from brygga.knowledge.models import Inquiry, InquiryRoute, Network
from conftest import PASSWORD


def login(client: Client, user: User) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def item(charlie: User, asf: Organisation) -> Any:
    return services.publish_item(
        charlie,
        asf,
        services.ItemData(
            "article",
            "public",
            "sv",
            "Växthuset i Boden",
            "Grödor och människor.",
            tags=["växthus"],
        ),
    )


@pytest.fixture
def members_item(charlie: User, asf: Organisation) -> Any:
    return services.publish_item(
        charlie,
        asf,
        services.ItemData("template", "members", "en", "Budget template", "Rows and columns."),
    )


@pytest.fixture
def network(erik: User, erhvervshus: Organisation, asf: Organisation) -> Any:
    network = services.create_network(erik, erhvervshus, "ERFA Nord")
    services.add_member(erik, network, asf)
    services.share_document(erik, network, "Plan", "plan.txt", b"Hello")
    services.record_meeting(erik, network, datetime.date(2025, 3, 1), "Hjørring", "", "Notes")
    return network


@pytest.fixture
def route(boden: Organisation) -> None:
    InquiryRoute.objects.create(organisation=boden, municipality="Boden")


def _contact(**change: Any) -> dict[str, Any]:
    data = {
        "kind": "participant",
        "municipality": "Boden",
        "name": "Test Person",
        "email": "test@example.org",
        "message": "I would like a placement.",
        "website": "",
        "stamp": issue_stamp(0.0),  # long ago
    }
    data.update(change)
    return data


# --- knowledge centre -----------------------------------------------------------------


def test_the_centre_is_public_and_searchable(client: Client, item: Any, members_item: Any) -> None:
    page = client.get(reverse("knowledge:centre"), {"q": "växthuset"})
    assert page.status_code == 200
    assert "Växthuset i Boden" in page.content.decode()
    everything = client.get(reverse("knowledge:centre")).content.decode()
    assert "Budget template" not in everything
    assert client.get(reverse("knowledge:item", args=[item.pk])).status_code == 200
    assert client.get(reverse("knowledge:item", args=[members_item.pk])).status_code == 404


def test_members_read_members_only_items(client: Client, olga: User, members_item: Any) -> None:
    login(client, olga)
    assert client.get(reverse("knowledge:item", args=[members_item.pk])).status_code == 200


def test_staff_publish_and_translate(client: Client, charlie: User, item: Any) -> None:
    login(client, charlie)
    created = client.post(
        reverse("knowledge:item_new"),
        {
            "organisation": item.organisation_id,
            "kind": "event",
            "visibility": "public",
            "language": "da",
            "title": "ERFA-møde",
            "body": "Møde i Frederikshavn.",
            "event_start": "2026-03-01T10:00",
        },
    )
    assert created.status_code == 302
    translated = client.post(
        reverse("knowledge:item_edit", args=[item.pk]),
        {
            "kind": "article",
            "visibility": "public",
            "language": "en",
            "title": "The greenhouse in Boden",
            "body": "Crops and people.",
        },
    )
    assert translated.status_code == 302
    assert sorted(t.language for t in item.translations.all()) == ["en", "sv"]
    english = client.get(reverse("knowledge:item", args=[item.pk]), {"lang": "en"})
    assert "The greenhouse in Boden" in english.content.decode()


def test_outsiders_cannot_edit_items(
    client: Client, olga: User, item: Any, asf: Organisation
) -> None:
    login(client, olga)
    assert client.get(reverse("knowledge:item_edit", args=[item.pk])).status_code == 404
    foreign = client.post(
        reverse("knowledge:item_new"),
        {
            "organisation": asf.pk,
            "kind": "article",
            "visibility": "public",
            "language": "sv",
            "title": "In someone else's name",
            "body": "x",
        },
    )
    assert foreign.status_code == 200  # not a choice for Jammerbugt's case worker
    assert item.organisation.knowledge_items.count() == 1


# --- networks -------------------------------------------------------------------------


def test_members_see_the_network(client: Client, charlie: User, network: Any, profile: Any) -> None:
    login(client, charlie)
    page = client.get(reverse("knowledge:network", args=[network.pk]))
    assert page.status_code == 200
    assert "Erhvervshus Nord" in page.content.decode()
    assert reverse("enterprises:profile", args=[profile.pk]) in page.content.decode()
    document = network.documents.get()
    download = client.get(reverse("knowledge:document", args=[network.pk, document.pk]))
    assert download.content == b"Hello"
    assert download["Content-Disposition"] == 'attachment; filename="plan.txt"'


def test_members_upload_documents_within_limits(
    client: Client, charlie: User, network: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, charlie)
    url = reverse("knowledge:document_add", args=[network.pk])
    bad = client.post(url, {"title": "x", "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert bad.status_code == 200
    assert "Allowed files" in bad.content.decode()
    good = client.post(url, {"title": "Minutes", "file": SimpleUploadedFile("m.pdf", b"%PDF-1")})
    assert good.status_code == 302
    meeting = client.post(
        reverse("knowledge:meeting_add", args=[network.pk]),
        {"held_on": "2025-05-01", "place": "Boden", "agenda": "", "minutes": "Decided"},
    )
    assert meeting.status_code == 302


def test_staff_start_a_network(
    client: Client, charlie: User, asf: Organisation, olga: User
) -> None:
    login(client, charlie)
    created = client.post(
        reverse("knowledge:network_new"), {"coordinator": asf.pk, "name": "ERFA Syd"}
    )
    assert created.status_code == 302
    client.logout()
    login(client, olga)
    refused = client.post(
        reverse("knowledge:network_new"), {"coordinator": asf.pk, "name": "Hijack"}
    )
    assert refused.status_code == 200  # the choice is not offered: a field error
    assert "Hijack" not in [n.name for n in Network.objects.all()]


def test_the_coordinator_adds_members(
    client: Client, erik: User, network: Any, jammerbugt: Organisation
) -> None:
    login(client, erik)
    url = reverse("knowledge:member_add", args=[network.pk])
    assert client.post(url, {"organisation": "x"}).status_code == 404
    assert client.post(url, {"organisation": jammerbugt.pk}).status_code == 302
    assert jammerbugt in network.members.all()


@pytest.mark.parametrize(
    ("route_name", "extra"),
    [
        ("knowledge:network", ()),
        ("knowledge:meeting_add", ()),
        ("knowledge:document_add", ()),
        ("knowledge:member_add", ()),
        ("knowledge:document", ("doc",)),
    ],
)
def test_non_members_are_refused(
    client: Client, olga: User, network: Any, route_name: str, extra: tuple[str, ...]
) -> None:
    login(client, olga)
    args = [network.pk] + [network.documents.get().pk for _ in extra]
    url = reverse(route_name, args=args)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"organisation": 1}).status_code == 404
    assert "ERFA Nord" not in client.get(reverse("knowledge:network_list")).content.decode()


# --- contact form ---------------------------------------------------------------------


def test_the_contact_form_creates_a_routed_inquiry(
    client: Client, route: None, boden: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    assert client.get(reverse("knowledge:contact")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("knowledge:contact"), _contact())
    assert sent.status_code == 302, sent.content.decode()
    inquiry = Inquiry.objects.get()
    assert inquiry.organisation == boden
    assert len(mail.outbox) == 1
    thanks = client.get(sent["Location"])
    assert inquiry.reference in thanks.content.decode()


def test_the_honeypot_swallows_bots(client: Client, route: None) -> None:
    sent = client.post(reverse("knowledge:contact"), _contact(website="http://spam.example"))
    assert sent.status_code == 302
    assert not Inquiry.objects.exists()


def test_a_form_sent_too_fast_is_refused(client: Client, route: None) -> None:
    sent = client.post(reverse("knowledge:contact"), _contact(stamp=issue_stamp()))
    assert sent.status_code == 200
    assert "very fast" in sent.content.decode()
    assert not Inquiry.objects.exists()
    forged = client.post(reverse("knowledge:contact"), _contact(stamp="1"))
    assert "expired" in forged.content.decode()


def test_the_rate_limit_stops_a_flood(client: Client, route: None) -> None:
    for _ in range(5):
        assert client.post(reverse("knowledge:contact"), _contact()).status_code == 302
    flooded = client.post(reverse("knowledge:contact"), _contact())
    assert flooded.status_code == 429
    assert Inquiry.objects.count() == 5


def test_field_errors_keep_the_input(client: Client, route: None) -> None:
    sent = client.post(reverse("knowledge:contact"), _contact(email="nope", municipality="Oslo"))
    assert sent.status_code == 200
    assert "I would like a placement." in sent.content.decode()


# --- inquiries for staff --------------------------------------------------------------


def test_staff_list_and_answer_inquiries(
    client: Client, adam: User, route: None, olga: User
) -> None:
    inquiry = services.receive_inquiry(
        services.InquiryData("participant", "Boden", "Test", "t@example.org", "Hej")
    )
    login(client, adam)
    page = client.get(reverse("knowledge:inquiry_list"))
    assert inquiry.reference in page.content.decode()
    answered = client.post(reverse("knowledge:inquiry", args=[inquiry.pk]), {"note": "Called"})
    assert answered.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.answered_by == adam
    assert "100" in client.get(reverse("knowledge:inquiry_list")).content.decode()
    client.logout()
    login(client, olga)
    assert client.get(reverse("knowledge:inquiry", args=[inquiry.pk])).status_code == 404
    assert inquiry.reference not in client.get(reverse("knowledge:inquiry_list")).content.decode()


@pytest.mark.parametrize(
    "route_name",
    ["knowledge:network_list", "knowledge:inquiry_list", "knowledge:item_new"],
)
def test_anonymous_visitors_must_log_in(client: Client, route_name: str) -> None:
    response = client.get(reverse(route_name))
    assert response.status_code == 302
