"""Read queries: the public directory and support map, and records scoped to the user.

Public reads (published profiles, active support offers) need no login. Guidance
cases, partnerships and procurement needs are read only through the user's
organisations (``organisations_for``); anything else is a 404.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Organisation, OrganisationKind, User
from brygga.core.selectors import organisations_for

from . import indicators, nace
from .models import (
    STUCK_AFTER_DAYS,
    EnterpriseProfile,
    GuidanceCase,
    Partnership,
    PartnershipKind,
    ProcurementNeed,
    Stage,
    SupportOffer,
)
from .services import STAFF_ROLES

AnyUser = User | AnonymousUser


# --- directory -------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilter:
    text: str = ""
    section: str = ""
    municipality: str = ""
    country: str = ""
    work_integrating: bool = False


def public_profiles() -> QuerySet[EnterpriseProfile]:
    return EnterpriseProfile.objects.filter(published=True).select_related("organisation")


def directory(criteria: DirectoryFilter) -> list[EnterpriseProfile]:
    profiles = public_profiles().prefetch_related("sectors", "services", "years")
    if criteria.text:
        profiles = profiles.filter(
            Q(organisation__name__icontains=criteria.text)
            | Q(services__name__icontains=criteria.text)
            | Q(description__icontains=criteria.text)
        ).distinct()
    if criteria.municipality:
        profiles = profiles.filter(organisation__municipality__iexact=criteria.municipality)
    if criteria.country:
        profiles = profiles.filter(organisation__country=criteria.country)
    result = list(profiles)
    if criteria.section:
        result = [
            p
            for p in result
            if any(nace.section_of(c) == criteria.section for c in p.sector_codes())
        ]
    if criteria.work_integrating:
        result = [p for p in result if p.is_work_integrating]
    return result


def municipalities() -> list[str]:
    names = (
        public_profiles()
        .exclude(organisation__municipality="")
        .values_list("organisation__municipality", flat=True)
        .distinct()
    )
    return sorted(set(names))


def get_public_profile(pk: int) -> EnterpriseProfile:
    return get_object_or_404(public_profiles(), pk=pk)


def visible_profiles(user: AnyUser) -> QuerySet[EnterpriseProfile]:
    """Published profiles, the user's own, and those of fellow network members."""
    from brygga.knowledge.selectors import fellow_member_organisations

    own = organisations_for(user)
    fellows = fellow_member_organisations(user)
    return EnterpriseProfile.objects.filter(
        Q(published=True) | Q(organisation__in=own) | Q(organisation__in=fellows)
    ).select_related("organisation")


def get_visible_profile(user: AnyUser, pk: int) -> EnterpriseProfile:
    return get_object_or_404(visible_profiles(user), pk=pk)


def editable_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations whose enterprise profile the user keeps."""
    return organisations_for(user, STAFF_ROLES).filter(
        kind__in=[OrganisationKind.SOCIAL_ENTERPRISE, OrganisationKind.EMPLOYER]
    )


def can_edit(user: AnyUser, organisation: Organisation) -> bool:
    return editable_organisations(user).filter(pk=organisation.pk).exists()


@dataclass(frozen=True)
class Independence:
    years: list[indicators.RevenueMix]
    trend: indicators.Trend | None

    @property
    def latest(self) -> indicators.RevenueMix | None:
        return self.years[-1] if self.years else None


def independence_of(profile: EnterpriseProfile) -> Independence:
    mixes = [figures.mix() for figures in profile.years.all()]
    return Independence(years=mixes, trend=indicators.trend(mixes))


# --- guidance ---------------------------------------------------------------------------


def cases_for(user: AnyUser) -> QuerySet[GuidanceCase]:
    """Cases of the user's advising organisations and of the user's own enterprises."""
    mine = organisations_for(user)
    return GuidanceCase.objects.filter(
        Q(advising_organisation__in=mine) | Q(enterprise__in=mine)
    ).select_related("advising_organisation", "enterprise", "advisor")


def get_case_for(user: AnyUser, pk: int) -> GuidanceCase:
    return get_object_or_404(cases_for(user), pk=pk)


def can_advise(user: AnyUser, case: GuidanceCase) -> bool:
    return organisations_for(user, STAFF_ROLES).filter(pk=case.advising_organisation_id).exists()


def advising_organisations(user: AnyUser) -> QuerySet[Organisation]:
    return organisations_for(user, STAFF_ROLES).exclude(kind=OrganisationKind.SOCIAL_ENTERPRISE)


@dataclass(frozen=True)
class StuckCase:
    case: GuidanceCase
    days_in_stage: int
    limit: int


def board(user: AnyUser, today: datetime.date) -> list[tuple[str, Promise, list[StuckCase]]]:
    """Open cases in columns by stage, each with its days in the stage."""
    cases = cases_for(user).filter(closed_on__isnull=True)
    columns: list[tuple[str, Promise, list[StuckCase]]] = []
    for value, label in Stage.choices:
        column = [
            StuckCase(case, (today - case.stage_since).days, STUCK_AFTER_DAYS[value])
            for case in cases
            if case.stage == value
        ]
        column.sort(key=lambda s: -s.days_in_stage)
        columns.append((value, label, column))
    return columns


def stuck(user: AnyUser, today: datetime.date) -> list[StuckCase]:
    """Open cases longer in their stage than the stage's limit, longest first."""
    found = [
        entry
        for _value, _label, column in board(user, today)
        for entry in column
        if entry.days_in_stage > entry.limit
    ]
    return sorted(found, key=lambda s: -s.days_in_stage)


# --- support map ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    offer: SupportOffer
    score: int
    reasons: list[str]


def active_offers() -> QuerySet[SupportOffer]:
    return SupportOffer.objects.filter(active=True).select_related("provider")


def fitting_support(stage: str, need: str, country: str, municipality: str) -> list[Fit]:
    """Offers for the stage and country (and the place, when the offer is local),
    those meeting the need first."""
    fits: list[Fit] = []
    place = municipality.strip().casefold()
    for offer in active_offers():
        if stage and stage not in offer.stages:
            continue
        if country and offer.country != country:
            continue
        local = [m.casefold() for m in offer.municipality_list()]
        if local and place and place not in local:
            continue
        reasons = [str(_("For your stage"))] if stage else []
        score = 1
        if need and need in offer.needs:
            score += 2
            reasons.append(str(_("Meets your need")))
        if local and place in local:
            score += 1
            reasons.append(str(_("Offered where you are")))
        fits.append(Fit(offer, score, reasons))
    fits.sort(key=lambda f: (-f.score, f.offer.title))
    return fits


def offers_for(user: AnyUser) -> QuerySet[SupportOffer]:
    return SupportOffer.objects.filter(provider__in=organisations_for(user, STAFF_ROLES))


# --- partnerships -----------------------------------------------------------------------


def partnerships_for(user: AnyUser) -> QuerySet[Partnership]:
    mine = organisations_for(user)
    return Partnership.objects.filter(Q(enterprise__in=mine) | Q(partner__in=mine)).select_related(
        "enterprise", "partner"
    )


def get_partnership_for(user: AnyUser, pk: int) -> Partnership:
    return get_object_or_404(partnerships_for(user), pk=pk)


def active_partnerships(today: datetime.date) -> QuerySet[Partnership]:
    return Partnership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today
    ).select_related("enterprise", "partner")


def without_business_bridge(today: datetime.date) -> QuerySet[Organisation]:
    """Social enterprises with no current partnership with an employer (a business)."""
    bridged = active_partnerships(today).filter(partner__kind=OrganisationKind.EMPLOYER)
    return Organisation.objects.filter(kind=OrganisationKind.SOCIAL_ENTERPRISE).exclude(
        pk__in=bridged.values("enterprise_id")
    )


@dataclass(frozen=True)
class Node:
    organisation: Organisation
    x: float
    y: float
    label_x: float
    anchor: str


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node
    kind: str
    label: str
    colour: str


#: Line colours of the partnership kinds in the graph (contrast ≥ 4.5:1 on white).
KIND_COLOURS = {
    PartnershipKind.PLACEMENT: "#0b3d5c",
    PartnershipKind.PROCUREMENT: "#7a4b00",
    PartnershipKind.RESERVED: "#a00000",
    PartnershipKind.IOP: "#6a1b9a",
    PartnershipKind.MENTORING: "#2e6b30",
}


@dataclass
class Graph:
    size: int
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def graph(today: datetime.date, size: int = 640) -> Graph:
    """Organisations linked by current partnerships, laid out on a circle.

    Enterprises come first and partners after, grouped by kind, so the links
    between the groups cross the circle.
    """
    partnerships = list(active_partnerships(today))
    organisations = {p.enterprise_id: p.enterprise for p in partnerships}
    organisations.update({p.partner_id: p.partner for p in partnerships})
    ordered = sorted(
        organisations.values(),
        key=lambda o: (o.kind != OrganisationKind.SOCIAL_ENTERPRISE, o.kind, o.name),
    )
    result = Graph(size=size)
    centre, radius = size / 2, size / 2 - 150
    by_pk: dict[int, Node] = {}
    for i, organisation in enumerate(ordered):
        angle = 2 * math.pi * i / max(len(ordered), 1) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        right = math.cos(angle) >= 0
        node = Node(
            organisation,
            round(x, 1),
            round(y, 1),
            round(x + (8 if right else -8), 1),
            "start" if right else "end",
        )
        by_pk[organisation.pk] = node
        result.nodes.append(node)
    kinds = dict(PartnershipKind.choices)
    for p in partnerships:
        result.edges.append(
            Edge(
                by_pk[p.enterprise_id],
                by_pk[p.partner_id],
                p.kind,
                str(kinds[p.kind]),
                KIND_COLOURS[PartnershipKind(p.kind)],
            )
        )
    return result


# --- procurement ------------------------------------------------------------------------


def needs_for(user: AnyUser) -> QuerySet[ProcurementNeed]:
    return ProcurementNeed.objects.filter(buyer__in=organisations_for(user)).select_related("buyer")


def get_need_for(user: AnyUser, pk: int) -> ProcurementNeed:
    return get_object_or_404(needs_for(user), pk=pk)


@dataclass(frozen=True)
class Match:
    profile: EnterpriseProfile
    score: int
    reasons: list[str]


def matches_for_need(need: ProcurementNeed) -> list[Match]:
    """Social enterprises that fit the need, each with why; a reserved contract
    takes only enterprises that tick the whole work-integration checklist."""
    wanted = [s.casefold() for s in need.service_list()]
    profiles = (
        EnterpriseProfile.objects.filter(
            organisation__kind=OrganisationKind.SOCIAL_ENTERPRISE,
            organisation__country=need.buyer.country,
        )
        .select_related("organisation")
        .prefetch_related("sectors", "services")
    )
    matches: list[Match] = []
    for profile in profiles:
        if need.reserved and not profile.is_work_integrating:
            continue
        reasons: list[str] = []
        score = 0
        for code in profile.sector_codes():
            fits = [nace.related(code, wanted_code) for wanted_code in need.sector_codes]
            if "code" in fits:
                score += 3
                reasons.append(str(_("Works in sector %(code)s") % {"code": code}))
                break
            if "section" in fits:
                score += 1
                reasons.append(str(_("Works in a related sector (%(code)s)") % {"code": code}))
                break
        for service in profile.services.all():
            name = service.name.casefold()
            if any(w in name or name in w for w in wanted):
                score += 3
                reasons.append(str(_("Offers %(service)s") % {"service": service.name}))
        if score == 0:
            continue
        if need.municipality and profile.organisation.municipality.casefold() == (
            need.municipality.casefold()
        ):
            score += 2
            reasons.append(str(_("Located in %(place)s") % {"place": need.municipality}))
        if profile.placements >= need.volume:
            score += 1
            reasons.append(str(_("Has room for %(n)s placements") % {"n": profile.placements}))
        if profile.is_work_integrating:
            score += 1
            reasons.append(str(_("Meets the work-integration checklist")))
        matches.append(Match(profile, score, reasons))
    matches.sort(key=lambda m: (-m.score, m.profile.organisation.name))
    return matches
