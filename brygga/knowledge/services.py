"""Every change to the knowledge centre, networks and inquiries."""

from __future__ import annotations

import datetime
import logging
import smtplib
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from brygga.core.errors import DomainError, NotPermitted
from brygga.core.models import Organisation, User
from brygga.core.selectors import organisations_for
from brygga.enterprises.services import STAFF_ROLES, require_staff

from .business_days import add_business_days
from .models import (
    ContentLanguage,
    Document,
    Inquiry,
    InquiryKind,
    InquiryRoute,
    Item,
    ItemKind,
    Meeting,
    Network,
    Tag,
    Translation,
    Visibility,
)

log = logging.getLogger(__name__)

ANSWER_WITHIN_BUSINESS_DAYS = 2
TIME_ZONES = {"SE": "Europe/Stockholm", "DK": "Europe/Copenhagen"}


# --- knowledge centre -----------------------------------------------------------------


@dataclass
class ItemData:
    kind: str
    visibility: str
    language: str
    title: str
    body: str
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    published_on: datetime.date | None = None
    event_start: datetime.datetime | None = None
    event_place: str = ""


def _check_item(data: ItemData) -> None:
    if data.kind not in ItemKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if data.visibility not in Visibility.values:
        raise DomainError(_("Unknown visibility."), field="visibility")
    if data.language not in ContentLanguage.values:
        raise DomainError(_("Choose Swedish, Danish or English."), field="language")
    if not data.title.strip():
        raise DomainError(_("Give a title."), field="title")
    if not data.body.strip():
        raise DomainError(_("Write the text."), field="body")
    if data.kind == ItemKind.EVENT and data.event_start is None:
        raise DomainError(_("An event needs its start."), field="event_start")


def _set_tags(item: Item, tags: list[str]) -> None:
    slugs = {slugify(t)[:50] for t in tags if slugify(t)}
    item.tags.set([Tag.objects.get_or_create(slug=s)[0] for s in sorted(slugs)])


@transaction.atomic
def publish_item(user: User, organisation: Organisation, data: ItemData) -> Item:
    """Create an item with its first translation."""
    require_staff(user, organisation)
    _check_item(data)
    item = Item.objects.create(
        organisation=organisation,
        kind=data.kind,
        visibility=data.visibility,
        published_on=data.published_on or timezone.localdate(),
        event_start=data.event_start,
        event_place=data.event_place,
    )
    Translation.objects.create(
        item=item,
        language=data.language,
        title=data.title.strip(),
        summary=data.summary,
        body=data.body,
    )
    _set_tags(item, data.tags)
    return item


@transaction.atomic
def update_item(user: User, item: Item, data: ItemData) -> Item:
    """Change the item and write (or replace) its translation in ``data.language``."""
    require_staff(user, item.organisation)
    _check_item(data)
    item.kind = data.kind
    item.visibility = data.visibility
    item.event_start = data.event_start
    item.event_place = data.event_place
    if data.published_on:
        item.published_on = data.published_on
    item.save()
    Translation.objects.update_or_create(
        item=item,
        language=data.language,
        defaults={"title": data.title.strip(), "summary": data.summary, "body": data.body},
    )
    _set_tags(item, data.tags)
    return item


# --- networks -------------------------------------------------------------------------

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

#: Allowed file types: extension → (content type, how the file must begin).
DOCUMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "txt": ("text/plain; charset=utf-8", ()),
    "csv": ("text/csv; charset=utf-8", ()),
}


def require_member(user: User, network: Network) -> None:
    mine = organisations_for(user)
    if not (
        mine.filter(pk=network.coordinator_id).exists()
        or network.members.filter(pk__in=mine).exists()
    ):
        raise NotPermitted(_("Only members of the network may do this."))


def require_coordinator(user: User, network: Network) -> None:
    require_staff(user, network.coordinator)


@transaction.atomic
def create_network(
    user: User, coordinator: Organisation, name: str, description: str = ""
) -> Network:
    require_staff(user, coordinator)
    if not name.strip():
        raise DomainError(_("Name the network."), field="name")
    network = Network.objects.create(coordinator=coordinator, name=name, description=description)
    network.members.add(coordinator)
    return network


@transaction.atomic
def add_member(user: User, network: Network, organisation: Organisation) -> None:
    require_coordinator(user, network)
    network.members.add(organisation)


@transaction.atomic
def remove_member(user: User, network: Network, organisation: Organisation) -> None:
    require_coordinator(user, network)
    if organisation.pk == network.coordinator_id:
        raise DomainError(_("The coordinator stays a member."), field="organisation")
    network.members.remove(organisation)


@transaction.atomic
def record_meeting(
    user: User,
    network: Network,
    held_on: datetime.date,
    place: str = "",
    agenda: str = "",
    minutes: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    require_member(user, network)
    meeting = meeting or Meeting(network=network)
    if meeting.network_id != network.pk:
        raise NotPermitted(_("This meeting belongs to another network."))
    meeting.held_on, meeting.place, meeting.agenda, meeting.minutes = (
        held_on,
        place,
        agenda,
        minutes,
    )
    meeting.save()
    return meeting


def check_document(file_name: str, content: bytes) -> str:
    """The content type to serve the file with; DomainError when it is not allowed."""
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DomainError(_("The file is larger than 5 MB."), field="file")
    if not content:
        raise DomainError(_("The file is empty."), field="file")
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension == "jpeg":
        extension = "jpg"
    if extension not in DOCUMENT_TYPES:
        raise DomainError(
            _("Allowed files: PDF, Word, Excel, OpenDocument, PNG, JPEG, text and CSV."),
            field="file",
        )
    content_type, magic = DOCUMENT_TYPES[extension]
    if magic and not content.startswith(magic):
        raise DomainError(_("The file's content does not match its type."), field="file")
    if not magic:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DomainError(_("A text file must be UTF-8."), field="file") from exc
    return content_type


@transaction.atomic
def share_document(
    user: User, network: Network, title: str, file_name: str, content: bytes
) -> Document:
    require_member(user, network)
    content_type = check_document(file_name, content)
    safe_name = (
        (slugify(file_name.rsplit(".", 1)[0])[:150] or "document")
        + "."
        + (file_name.rsplit(".", 1)[-1].lower())
    )
    return Document.objects.create(
        network=network,
        title=title.strip() or safe_name,
        file_name=safe_name,
        content_type=content_type,
        size=len(content),
        content=content,
        uploaded_by=user,
    )


# --- inquiries ------------------------------------------------------------------------


def local_date(moment: datetime.datetime, country: str) -> datetime.date:
    zone = zoneinfo.ZoneInfo(TIME_ZONES.get(country, "Europe/Stockholm"))
    return timezone.localtime(moment, zone).date()


def due_date(received_at: datetime.datetime, country: str) -> datetime.date:
    """Two business days after the day of receipt, in the answering organisation's country."""
    return add_business_days(local_date(received_at, country), ANSWER_WITHIN_BUSINESS_DAYS, country)


def route(kind: str, municipality: str) -> Organisation:
    """The organisation that answers ``kind`` from ``municipality``."""
    routes = InquiryRoute.objects.filter(municipality__iexact=municipality.strip()).select_related(
        "organisation"
    )
    chosen = routes.filter(kind=kind).first() or routes.filter(kind="").first()
    if chosen is None:
        raise DomainError(
            _("We cannot take inquiries from this municipality yet."), field="municipality"
        )
    return chosen.organisation


def routed_municipalities() -> list[str]:
    return sorted(set(InquiryRoute.objects.values_list("municipality", flat=True)))


@dataclass
class InquiryData:
    kind: str
    municipality: str
    name: str
    email: str
    message: str
    phone: str = ""
    language: str = "sv"


@transaction.atomic
def receive_inquiry(
    data: InquiryData,
    received_at: datetime.datetime | None = None,
    *,
    send_acknowledgement: bool = True,
) -> Inquiry:
    """Store the inquiry with the organisation that answers it, and acknowledge it.

    Without ``send_acknowledgement`` (imported or demo inquiries) no email goes out.
    """
    if data.kind not in InquiryKind.values:
        raise DomainError(_("Choose who you are."), field="kind")
    if not data.name.strip():
        raise DomainError(_("Give your name."), field="name")
    if not data.message.strip():
        raise DomainError(_("Write your message."), field="message")
    try:
        validate_email(data.email.strip())
    except ValidationError as exc:
        raise DomainError(_("Enter a valid email address."), field="email") from exc
    organisation = route(data.kind, data.municipality)
    received_at = received_at or timezone.now()
    inquiry = Inquiry.objects.create(
        organisation=organisation,
        kind=data.kind,
        municipality=data.municipality.strip(),
        name=data.name.strip(),
        email=data.email.strip(),
        phone=data.phone.strip(),
        message=data.message,
        language=data.language[:5],
        received_at=received_at,
        due_on=due_date(received_at, organisation.country),
    )
    if send_acknowledgement:
        transaction.on_commit(lambda: acknowledge(inquiry.pk))
    return inquiry


def acknowledge(inquiry_pk: int) -> bool:
    """Send the acknowledgement email; a failure is logged and the inquiry kept."""
    inquiry = Inquiry.objects.select_related("organisation").get(pk=inquiry_pk)
    with translation.override(inquiry.language):
        subject = gettext("We have received your message (%(reference)s)") % {
            "reference": inquiry.reference
        }
        body = gettext(
            "Hello %(name)s,\n\nThank you for your message. %(organisation)s will answer "
            "you by %(due)s at the latest.\n\nYour reference: %(reference)s\n"
        ) % {
            "name": inquiry.name,
            "organisation": inquiry.organisation.name,
            "due": inquiry.due_on.isoformat(),
            "reference": inquiry.reference,
        }
    try:
        send_mail(subject, body, None, [inquiry.email])
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("Could not acknowledge inquiry %s: %s", inquiry.pk, exc)
        return False
    Inquiry.objects.filter(pk=inquiry.pk).update(acknowledged_at=timezone.now())
    return True


@transaction.atomic
def mark_answered(
    user: User, inquiry: Inquiry, note: str = "", answered_at: datetime.datetime | None = None
) -> Inquiry:
    if not organisations_for(user, STAFF_ROLES).filter(pk=inquiry.organisation_id).exists():
        raise NotPermitted(_("You may not answer for this organisation."))
    if inquiry.answered_at is not None:
        raise DomainError(_("The inquiry is already answered."), field="note")
    answered_at = answered_at or timezone.now()
    if answered_at < inquiry.received_at:
        raise DomainError(_("The answer cannot precede the inquiry."), field="answered_at")
    inquiry.answered_at = answered_at
    inquiry.answered_by = user
    inquiry.answer_note = note
    inquiry.save(update_fields=["answered_at", "answered_by", "answer_note"])
    return inquiry
