"""Shapes of knowledge-centre, network and inquiry data in the API."""

import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from brygga.people.schemas import Day, Label, Note

from .models import ContentLanguage, InquiryKind, ItemKind

Slug = Annotated[str, StringConstraints(max_length=50, pattern=r"^[-a-z0-9_]*$")]


class ItemQuery(Schema):
    q: Label = Field("", description="Words to search for (full text, prefixes match).")
    kind: ItemKind | None = None
    tag: Slug = ""
    language: ContentLanguage | None = None


class TranslationOut(Schema):
    language: str
    title: str
    summary: str
    body: str


class HitOut(Schema):
    id: int
    kind: str
    visibility: str
    published_on: datetime.date
    language: str
    title: str
    summary: str
    tags: list[str]


class ItemOut(Schema):
    id: int
    kind: str
    visibility: str
    published_on: datetime.date
    event_start: datetime.datetime | None
    event_place: str
    organisation: str
    tags: list[str]
    translations: list[TranslationOut]


class InquiryIn(Schema):
    kind: InquiryKind
    municipality: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]
    email: Annotated[str, StringConstraints(min_length=3, max_length=254)]
    phone: Annotated[str, StringConstraints(max_length=40, pattern=r"^[^\x00]*$")] = ""
    message: Annotated[str, StringConstraints(min_length=1, max_length=5000, pattern=r"^[^\x00]*$")]
    language: Literal["sv", "da", "en", "uk"] = "sv"


class ReceiptOut(Schema):
    reference: str
    due_on: datetime.date


InquiryState = Literal["open", "due", "overdue", "answered"]


class InquiryOut(Schema):
    id: int
    reference: str
    organisation_id: int
    kind: str
    municipality: str
    name: str
    email: str
    phone: str
    message: str
    received_at: datetime.datetime
    due_on: datetime.date
    answered_at: datetime.datetime | None
    state: InquiryState
    answered_in_time: bool | None


class InquiryListOut(Schema):
    items: list[InquiryOut]
    open: int
    due_today: int
    overdue: int
    answered: int
    answered_in_time: int
    share_answered_in_time: float | None


class AnswerIn(Schema):
    note: Note = ""


class MemberOut(Schema):
    id: int
    name: str
    kind: str
    municipality: str
    profile_id: int | None


class MeetingIn(Schema):
    held_on: Day
    place: Label = ""
    agenda: Note = ""
    minutes: Note = ""


class MeetingOut(Schema):
    id: int
    held_on: datetime.date
    place: str
    agenda: str
    minutes: str


class DocumentOut(Schema):
    id: int
    title: str
    file_name: str
    content_type: str
    size: int
    uploaded_at: datetime.datetime


class NetworkOut(Schema):
    id: int
    name: str
    description: str
    coordinator_id: int


class NetworkDetailOut(NetworkOut):
    members: list[MemberOut]
    meetings: list[MeetingOut]
    documents: list[DocumentOut]
