from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection
from django.utils import timezone

from brygga.core.errors import DomainError, NotPermitted
from brygga.core.models import Organisation, User
from brygga.knowledge import search, selectors, services
from brygga.knowledge.models import InquiryRoute, Translation

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _item(user: User, organisation: Organisation, **change: Any) -> Any:
    data: dict[str, Any] = {
        "kind": "article",
        "visibility": "public",
        "language": "sv",
        "title": "Så startar du ett arbetsintegrerande socialt företag",
        "body": "Företagen återinvesterar vinsten och skapar arbetstillfällen.",
        "tags": ["ASF", "start"],
    }
    data.update(change)
    return services.publish_item(user, organisation, services.ItemData(**data))


# --- knowledge centre and search (runs on SQLite and PostgreSQL) ----------------------


@pytest.fixture
def library(charlie: User, asf: Organisation) -> dict[str, Any]:
    swedish = _item(charlie, asf)
    danish = _item(
        charlie,
        asf,
        language="da",
        title="Socialøkonomiske virksomheder i Nordjylland",
        body="Virksomhederne skaber arbejdspladser til borgere på kanten af arbejdsmarkedet.",
        tags=["erfa"],
    )
    english = _item(
        charlie,
        asf,
        language="en",
        kind="guide",
        title="Reserved contracts for work-integrating enterprises",
        body="Public buyers may reserve contracts for enterprises whose purpose is integration.",
        visibility="members",
    )
    return {"sv": swedish, "da": danish, "en": english}


def test_search_finds_words_in_each_language(library: dict[str, Any], charlie: User) -> None:
    found = [h.item for h in selectors.find(charlie, "arbetstillfällen")]
    assert found == [library["sv"]]
    assert [h.item for h in selectors.find(charlie, "arbejdspladser")] == [library["da"]]
    assert [h.item for h in selectors.find(charlie, "contracts")] == [library["en"]]


def test_search_matches_inflected_or_prefixed_words(library: dict[str, Any], charlie: User) -> None:
    # PostgreSQL stems ("företag" ~ "företagen"); FTS5 matches the prefix.
    assert library["sv"] in [h.item for h in selectors.find(charlie, "företag")]
    assert library["en"] in [h.item for h in selectors.find(charlie, "reserved contract")]


def test_search_needs_all_words(library: dict[str, Any], charlie: User) -> None:
    assert selectors.find(charlie, "arbetstillfällen contracts") == []


def test_members_only_items_are_hidden_from_the_public(library: dict[str, Any]) -> None:
    public = [h.item for h in selectors.find(AnonymousUser(), "")]
    assert library["en"] not in public
    assert library["sv"] in public
    assert selectors.find(AnonymousUser(), "contracts") == []


def test_search_survives_operators_and_quotes(library: dict[str, Any], charlie: User) -> None:
    for nasty in ['"', "AND OR NOT", "a*b", "(", "NEAR(", "title:x", "-", "'; DROP"]:
        selectors.find(charlie, nasty)  # no error
    assert search.fts5_query('x" OR y') == '"x"* "OR"* "y"*'


def test_an_edited_translation_is_found_by_its_new_words(
    library: dict[str, Any], charlie: User
) -> None:
    services.update_item(
        charlie,
        library["sv"],
        services.ItemData("article", "public", "sv", "Ny rubrik", "Växthus och odling."),
    )
    assert [h.item for h in selectors.find(charlie, "växthus")] == [library["sv"]]
    assert selectors.find(charlie, "arbetstillfällen") == []
    Translation.objects.filter(item=library["da"]).delete()
    assert selectors.find(charlie, "arbejdspladser") == []


def test_the_index_matches_the_database(library: dict[str, Any]) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM knowledge_translation_fts")
            assert cursor.fetchone()[0] == Translation.objects.count()
        search.rebuild_sqlite_index()
    else:
        assert not Translation.objects.filter(search__isnull=True).exists()


def test_tags_kinds_and_languages_filter(library: dict[str, Any], charlie: User) -> None:
    assert [h.item for h in selectors.find(charlie, tag="erfa")] == [library["da"]]
    assert [h.item for h in selectors.find(charlie, kind="guide")] == [library["en"]]
    assert [h.item for h in selectors.find(charlie, language="da")] == [library["da"]]


def test_items_are_checked(charlie: User, asf: Organisation, olga: User) -> None:
    with pytest.raises(DomainError):
        _item(charlie, asf, language="de")
    with pytest.raises(DomainError):
        _item(charlie, asf, kind="event")  # without a start
    with pytest.raises(NotPermitted):
        _item(olga, asf)


# --- networks -------------------------------------------------------------------------


@pytest.fixture
def network(erik: User, erhvervshus: Organisation, asf: Organisation) -> Any:
    network = services.create_network(erik, erhvervshus, "ERFA Nord")
    services.add_member(erik, network, asf)
    return network


def test_members_meet_and_share(network: Any, charlie: User, olga: User) -> None:
    meeting = services.record_meeting(
        charlie, network, datetime.date(2025, 3, 1), "Boden", "Agenda", "Minutes"
    )
    assert meeting.minutes == "Minutes"
    document = services.share_document(charlie, network, "Budget", "budget 2025.pdf", b"%PDF-1.7")
    assert document.file_name == "budget-2025.pdf"
    assert document.content_type == "application/pdf"
    with pytest.raises(NotPermitted):
        services.record_meeting(olga, network, datetime.date(2025, 3, 1))
    with pytest.raises(NotPermitted):
        services.share_document(olga, network, "x", "x.txt", b"x")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.exe", b"MZ"),
        ("fake.pdf", b"<html>"),
        ("notes.txt", b"\xff\xfe\x00"),
        ("empty.pdf", b""),
        ("huge.pdf", b"%PDF-" + b"0" * services.MAX_DOCUMENT_BYTES),
    ],
)
def test_documents_are_limited_in_size_and_type(name: str, content: bytes) -> None:
    with pytest.raises(DomainError) as refused:
        services.check_document(name, content)
    assert refused.value.field == "file"


def test_fellow_members_see_unpublished_profiles(
    network: Any, erik: User, profile: Any, olga: User
) -> None:
    from brygga.enterprises.selectors import visible_profiles

    profile.published = False
    profile.save()
    assert profile in visible_profiles(erik)
    assert profile not in visible_profiles(olga)


def test_only_the_coordinator_adds_members(
    network: Any, charlie: User, jammerbugt: Organisation
) -> None:
    with pytest.raises(NotPermitted):
        services.add_member(charlie, network, jammerbugt)


# --- inquiries ------------------------------------------------------------------------


@pytest.fixture
def routes(boden: Organisation, jammerbugt: Organisation, erhvervshus: Organisation) -> None:
    InquiryRoute.objects.create(organisation=boden, municipality="Boden")
    InquiryRoute.objects.create(organisation=jammerbugt, municipality="Jammerbugt")
    InquiryRoute.objects.create(
        organisation=erhvervshus, municipality="Jammerbugt", kind="entrepreneur"
    )


def _inquiry(kind: str = "participant", municipality: str = "Boden", **change: Any) -> Any:
    data = {
        "kind": kind,
        "municipality": municipality,
        "name": "Test Person",
        "email": "test@example.org",
        "message": "Hello",
    }
    data.update(change)
    return services.InquiryData(**data)


def test_an_inquiry_is_routed_due_and_acknowledged(
    routes: None,
    boden: Organisation,
    erhvervshus: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    received = datetime.datetime(2025, 4, 16, 10, 0, tzinfo=STOCKHOLM)
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = services.receive_inquiry(_inquiry(), received)
    assert inquiry.organisation == boden
    assert inquiry.due_on == datetime.date(2025, 4, 22)  # across Easter
    assert len(mail.outbox) == 1
    assert inquiry.reference in mail.outbox[0].subject
    inquiry.refresh_from_db()
    assert inquiry.acknowledged_at is not None
    danish = services.receive_inquiry(
        _inquiry("entrepreneur", "jammerbugt", language="da"),
        datetime.datetime(2025, 6, 4, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen")),
    )
    assert danish.organisation == erhvervshus
    assert danish.due_on == datetime.date(2025, 6, 10)  # across Constitution Day


def test_an_inquiry_from_an_unrouted_place_is_refused(routes: None) -> None:
    with pytest.raises(DomainError) as refused:
        services.receive_inquiry(_inquiry(municipality="Oslo"))
    assert refused.value.field == "municipality"
    with pytest.raises(DomainError) as bad_email:
        services.receive_inquiry(_inquiry(email="not-an-address"))
    assert bad_email.value.field == "email"


def test_a_failed_acknowledgement_keeps_the_inquiry(
    routes: None, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT = 1  # nothing listens there
    settings.EMAIL_TIMEOUT = 1
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = services.receive_inquiry(_inquiry())
    inquiry.refresh_from_db()
    assert inquiry.acknowledged_at is None


def test_the_share_answered_in_time(routes: None, adam: User, olga: User) -> None:
    monday = datetime.datetime(2025, 11, 17, 9, 0, tzinfo=STOCKHOLM)
    first = services.receive_inquiry(_inquiry(), monday)  # due Wednesday 19th
    second = services.receive_inquiry(_inquiry(), monday)
    services.receive_inquiry(_inquiry(), monday)
    services.mark_answered(adam, first, "Called back", monday + datetime.timedelta(days=2))
    services.mark_answered(adam, second, "", monday + datetime.timedelta(days=3))
    figures = selectors.inquiry_figures(selectors.inquiries_for(adam), datetime.date(2025, 11, 20))
    assert (figures.answered, figures.answered_in_time, figures.overdue) == (2, 1, 1)
    assert figures.share_in_time == 50.0
    assert selectors.inquiry_state(first, datetime.date(2025, 11, 20)) == "answered"
    with pytest.raises(DomainError):
        services.mark_answered(adam, first)
    with pytest.raises(NotPermitted):
        services.mark_answered(olga, second)
    assert not selectors.inquiries_for(olga).exists()


def test_inquiry_states_by_due_day(routes: None) -> None:
    inquiry = services.receive_inquiry(
        _inquiry(), datetime.datetime(2025, 11, 17, 9, 0, tzinfo=STOCKHOLM)
    )
    assert selectors.inquiry_state(inquiry, datetime.date(2025, 11, 18)) == "open"
    assert selectors.inquiry_state(inquiry, datetime.date(2025, 11, 19)) == "due"
    assert selectors.inquiry_state(inquiry, datetime.date(2025, 11, 20)) == "overdue"
    assert timezone.is_aware(inquiry.received_at)


def test_filters_apply_before_the_limit(charlie: User, asf: Organisation) -> None:
    for n in range(6):  # better matches without the tag
        _item(charlie, asf, title=f"Odling odling {n}", body="odling odling odling", tags=[])
    tagged = _item(charlie, asf, title="Annat", body="Lite odling.", tags=["sällsynt"])
    hits = selectors.find(charlie, "odling", tag="sallsynt", limit=1)
    assert [h.item for h in hits] == [tagged]
    assert len(selectors.find(charlie, "odling", limit=3)) == 3
