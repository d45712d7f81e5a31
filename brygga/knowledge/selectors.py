"""Read queries: knowledge items by visibility, networks of the user's
organisations, inquiries of the organisations that answer them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from brygga.core.models import Organisation, User
from brygga.core.selectors import organisations_for

from . import search as fulltext
from .models import Document, Inquiry, Item, Network, Translation, Visibility

AnyUser = User | AnonymousUser


# --- knowledge centre -----------------------------------------------------------------


def is_member(user: AnyUser) -> bool:
    """Members-only items are for users who belong to any organisation."""
    return organisations_for(user).exists()


def items_for(user: AnyUser) -> QuerySet[Item]:
    items = Item.objects.all()
    if not is_member(user):
        items = items.filter(visibility=Visibility.PUBLIC)
    return items.prefetch_related("translations", "tags").select_related("organisation")


def get_item_for(user: AnyUser, pk: int) -> Item:
    return get_object_or_404(items_for(user), pk=pk)


def editable_items(user: AnyUser) -> QuerySet[Item]:
    from brygga.enterprises.services import STAFF_ROLES

    return Item.objects.filter(organisation__in=organisations_for(user, STAFF_ROLES))


@dataclass(frozen=True)
class Hit:
    item: Item
    translation: Translation


def find(
    user: AnyUser,
    text: str = "",
    kind: str = "",
    tag: str = "",
    language: str = "",
    limit: int = 100,
) -> list[Hit]:
    """Items the user may read, one hit per item in the best-matching translation
    (at most ``limit`` items)."""
    translations = Translation.objects.select_related("item")
    if not is_member(user):  # a join, not an IN (subquery): SQLite plans that badly
        translations = translations.filter(item__visibility=Visibility.PUBLIC)
    if kind:
        translations = translations.filter(item__kind=kind)
    if tag:
        translations = translations.filter(item__tags__slug=tag)
    if language:
        translations = translations.filter(language=language)
    hits: list[Hit] = []
    seen: set[int] = set()
    ordered = translations.order_by("-item__published_on", "-item_id", "pk")
    # Each item has at most one translation per language: 3 × limit rows hold limit items.
    for translation in fulltext.search(ordered, text, 3 * limit):
        if translation.item_id in seen:
            continue
        seen.add(translation.item_id)
        hits.append(Hit(translation.item, translation))
        if len(hits) == limit:
            break
    return hits


def pick_translation(item: Item, language: str) -> Translation | None:
    """The translation in ``language``, else English, else the first there is."""
    translations = {t.language: t for t in item.translations.all()}
    return (
        translations.get(language)
        or translations.get("en")
        or next(iter(translations.values()), None)
    )


# --- networks -------------------------------------------------------------------------


def networks_for(user: AnyUser) -> QuerySet[Network]:
    """Networks in which one of the user's organisations is a member or the coordinator."""
    mine = organisations_for(user)
    return Network.objects.filter(Q(members__in=mine) | Q(coordinator__in=mine)).distinct()


def get_network_for(user: AnyUser, pk: int) -> Network:
    return get_object_or_404(
        networks_for(user).prefetch_related(
            Prefetch("members", queryset=Organisation.objects.select_related("enterprise_profile"))
        ),
        pk=pk,
    )


def get_document_for(user: AnyUser, network: Network, pk: int) -> Document:
    return get_object_or_404(Document.objects.filter(network=network), pk=pk)


def fellow_member_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations that share a network with one of the user's organisations."""
    return Organisation.objects.filter(
        Q(networks__in=networks_for(user)) | Q(coordinated_networks__in=networks_for(user))
    ).distinct()


# --- inquiries ------------------------------------------------------------------------


def inquiries_for(user: AnyUser) -> QuerySet[Inquiry]:
    from brygga.enterprises.services import STAFF_ROLES

    return Inquiry.objects.filter(
        organisation__in=organisations_for(user, STAFF_ROLES)
    ).select_related("organisation", "answered_by")


def get_inquiry_for(user: AnyUser, pk: int) -> Inquiry:
    return get_object_or_404(inquiries_for(user), pk=pk)


@dataclass(frozen=True)
class InquiryFigures:
    open: int
    due_today: int
    overdue: int
    answered: int
    answered_in_time: int

    @property
    def share_in_time(self) -> float | None:
        """Share of answered inquiries answered by their due day, in per cent."""
        if not self.answered:
            return None
        return round(100 * self.answered_in_time / self.answered, 1)


def inquiry_state(inquiry: Inquiry, today: datetime.date) -> str:
    if inquiry.answered_at is not None:
        return "answered"
    if inquiry.due_on < today:
        return "overdue"
    if inquiry.due_on == today:
        return "due"
    return "open"


def answered_in_time(inquiry: Inquiry) -> bool:
    from .services import local_date

    return inquiry.answered_at is not None and (
        local_date(inquiry.answered_at, inquiry.organisation.country) <= inquiry.due_on
    )


def inquiry_figures(inquiries: QuerySet[Inquiry], today: datetime.date) -> InquiryFigures:
    rows = list(inquiries)
    states = [inquiry_state(i, today) for i in rows]
    answered = [i for i in rows if i.answered_at is not None]
    return InquiryFigures(
        open=states.count("open") + states.count("due"),
        due_today=states.count("due"),
        overdue=states.count("overdue"),
        answered=len(answered),
        answered_in_time=sum(1 for i in answered if answered_in_time(i)),
    )
