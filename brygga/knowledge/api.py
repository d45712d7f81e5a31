"""Knowledge centre, inquiries and networks over HTTP, mounted at /api/v1/knowledge/.

Searching public items and sending an inquiry need no login (``auth=None``);
the inquiry is rate-limited per address. Members-only items, inquiries and
networks need a token and are scoped to the user's organisations.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from brygga.api.auth import api_user
from brygga.core.errors import DomainError
from brygga.core.models import User
from brygga.people.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, ValidationErrorOut

from . import ratelimit, selectors, services
from .models import Inquiry, Item
from .schemas import (
    AnswerIn,
    HitOut,
    InquiryIn,
    InquiryListOut,
    InquiryOut,
    ItemOut,
    ItemQuery,
    MeetingIn,
    MeetingOut,
    NetworkDetailOut,
    NetworkOut,
    ReceiptOut,
)

router = Router(tags=["knowledge"])


class TooManyRequests(DomainError):
    status_code = 429


def _hits(user: Any, query: ItemQuery) -> list[dict[str, Any]]:
    hits = selectors.find(user, query.q, query.kind or "", query.tag, query.language or "")
    return [
        {
            "id": h.item.pk,
            "kind": h.item.kind,
            "visibility": h.item.visibility,
            "published_on": h.item.published_on,
            "language": h.translation.language,
            "title": h.translation.title,
            "summary": h.translation.summary,
            "tags": [t.slug for t in h.item.tags.all()],
        }
        for h in hits
    ]


def _item(item: Item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "kind": item.kind,
        "visibility": item.visibility,
        "published_on": item.published_on,
        "event_start": item.event_start,
        "event_place": item.event_place,
        "organisation": item.organisation.name,
        "tags": [t.slug for t in item.tags.all()],
        "translations": list(item.translations.all()),
    }


@router.get(
    "/items",
    auth=None,
    response={200: list[HitOut], 422: ValidationErrorOut},
    summary="Search the public knowledge centre",
)
def search_items(request: HttpRequest, query: Query[ItemQuery]) -> list[dict[str, Any]]:
    from django.contrib.auth.models import AnonymousUser

    return _hits(AnonymousUser(), query)


@router.get(
    "/items/{item_id}",
    auth=None,
    response={200: ItemOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="A public item in all its languages",
)
def get_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser

    item = selectors.get_item_for(AnonymousUser(), item_id)
    return _item(item)


@router.get(
    "/members/items",
    response={200: list[HitOut], 401: ErrorOut, 422: ValidationErrorOut},
    summary="Search the knowledge centre including members-only items",
)
def search_member_items(request: HttpRequest, query: Query[ItemQuery]) -> list[dict[str, Any]]:
    return _hits(api_user(request), query)


@router.get(
    "/members/items/{item_id}",
    response={200: ItemOut, **READ_ERRORS},
    summary="An item (public or members-only) in all its languages",
)
def get_member_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item(selectors.get_item_for(api_user(request), item_id))


# --- inquiries ------------------------------------------------------------------------


@router.post(
    "/inquiries",
    auth=None,
    response={201: ReceiptOut, 400: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    summary="Send an inquiry; it is routed and answered within two business days",
)
def create_inquiry(request: HttpRequest, payload: InquiryIn) -> tuple[int, dict[str, Any]]:
    if not ratelimit.allow(request, "contact"):
        raise TooManyRequests(_("Too many messages from your address. Please try again later."))
    inquiry = services.receive_inquiry(services.InquiryData(**payload.dict()))
    return 201, {"reference": inquiry.reference, "due_on": inquiry.due_on}


def _inquiry(inquiry: Inquiry, today: Any) -> dict[str, Any]:
    state = selectors.inquiry_state(inquiry, today)
    return {
        "id": inquiry.pk,
        "reference": inquiry.reference,
        "organisation_id": inquiry.organisation_id,
        "kind": inquiry.kind,
        "municipality": inquiry.municipality,
        "name": inquiry.name,
        "email": inquiry.email,
        "phone": inquiry.phone,
        "message": inquiry.message,
        "received_at": inquiry.received_at,
        "due_on": inquiry.due_on,
        "answered_at": inquiry.answered_at,
        "state": state,
        "answered_in_time": selectors.answered_in_time(inquiry) if inquiry.answered_at else None,
    }


@router.get(
    "/inquiries",
    response={200: InquiryListOut, 401: ErrorOut},
    summary="Inquiries your organisations answer, with the share answered in time",
)
def list_inquiries(request: HttpRequest, state: str = "") -> dict[str, Any]:
    user: User = api_user(request)
    today = timezone.localdate()
    inquiries = selectors.inquiries_for(user)
    figures = selectors.inquiry_figures(inquiries, today)
    items = [_inquiry(i, today) for i in inquiries]
    if state:
        items = [i for i in items if i["state"] == state]
    return {
        "items": items,
        "open": figures.open,
        "due_today": figures.due_today,
        "overdue": figures.overdue,
        "answered": figures.answered,
        "answered_in_time": figures.answered_in_time,
        "share_answered_in_time": figures.share_in_time,
    }


@router.post(
    "/inquiries/{inquiry_id}/answer",
    response={200: InquiryOut, **WRITE_ERRORS},
    summary="Mark an inquiry as answered",
)
def answer_inquiry(request: HttpRequest, inquiry_id: int, payload: AnswerIn) -> dict[str, Any]:
    user = api_user(request)
    inquiry = selectors.get_inquiry_for(user, inquiry_id)
    inquiry = services.mark_answered(user, inquiry, payload.note)
    return _inquiry(inquiry, timezone.localdate())


# --- networks -------------------------------------------------------------------------


@router.get(
    "/networks",
    response={200: list[NetworkOut], 401: ErrorOut},
    summary="Networks your organisations belong to",
)
def list_networks(request: HttpRequest) -> Any:
    return selectors.networks_for(api_user(request))


@router.get(
    "/networks/{network_id}",
    response={200: NetworkDetailOut, **READ_ERRORS},
    summary="A network with its members' profiles, meetings and documents",
)
def get_network(request: HttpRequest, network_id: int) -> dict[str, Any]:
    network = selectors.get_network_for(api_user(request), network_id)
    members = []
    for member in network.members.all():
        profile = getattr(member, "enterprise_profile", None)
        members.append(
            {
                "id": member.pk,
                "name": member.name,
                "kind": member.kind,
                "municipality": member.municipality,
                "profile_id": profile.pk if profile else None,
            }
        )
    return {
        "id": network.pk,
        "name": network.name,
        "description": network.description,
        "coordinator_id": network.coordinator_id,
        "members": members,
        "meetings": list(network.meetings.all()),
        "documents": list(network.documents.defer("content")),
    }


@router.post(
    "/networks/{network_id}/meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
    summary="Record a meeting of a network with its agenda and minutes",
)
def add_meeting(request: HttpRequest, network_id: int, payload: MeetingIn) -> tuple[int, Any]:
    user = api_user(request)
    network = selectors.get_network_for(user, network_id)
    meeting = services.record_meeting(
        user, network, payload.held_on, payload.place, payload.agenda, payload.minutes
    )
    return 201, meeting
