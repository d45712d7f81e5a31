"""Enterprises over HTTP, mounted at /api/v1/enterprises/.

The directory and the support map are public (``auth=None``). Everything else
needs a token and reads through the scoped selectors: an outsider gets 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from brygga.api.auth import api_user
from brygga.core.errors import DomainError
from brygga.core.models import Organisation, User
from brygga.core.selectors import organisations_for
from brygga.people.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, ValidationErrorOut

from . import selectors, services
from .models import (
    STUCK_AFTER_DAYS,
    EnterpriseProfile,
    GuidanceCase,
    Partnership,
    ProcurementNeed,
    SupportOffer,
)
from .schemas import (
    CaseIn,
    CaseOut,
    DirectoryQuery,
    FitOut,
    GraphOut,
    MatchOut,
    NeedIn,
    NeedOut,
    OfferIn,
    OfferOut,
    PartnershipIn,
    PartnershipOut,
    ProfileDetailOut,
    ProfileIn,
    ProfileOut,
    SessionIn,
    SessionOut,
    StageIn,
    SupportQuery,
    YearIn,
    YearOut,
)

router = Router(tags=["enterprises"])

PUBLIC_ERRORS: dict[int, Any] = {404: ErrorOut, 422: ValidationErrorOut}


def _profile(profile: EnterpriseProfile) -> dict[str, Any]:
    organisation = profile.organisation
    return {
        "id": profile.pk,
        "organisation_id": organisation.pk,
        "name": organisation.name,
        "country": organisation.country,
        "municipality": organisation.municipality,
        "org_number": organisation.org_number,
        "legal_form": profile.legal_form,
        "sectors": profile.sector_codes(),
        "services": [s.name for s in profile.services.all()],
        "placements": profile.placements,
        "supervisors": profile.supervisors,
        "adaptations": profile.adaptations,
        "checklist": profile.checklist,
        "work_integrating": profile.is_work_integrating,
        "published": profile.published,
    }


def _year(figures: Any) -> dict[str, Any]:
    return {
        "year": figures.year,
        "private_sales": figures.private_sales,
        "public_sales": figures.public_sales,
        "grants": figures.grants,
        "wage_subsidies": figures.wage_subsidies,
        "employees": figures.employees,
        "participants": figures.participants,
        "independence": figures.independence,
    }


def _detail(profile: EnterpriseProfile) -> dict[str, Any]:
    independence = selectors.independence_of(profile)
    trend = independence.trend
    return {
        **_profile(profile),
        "description": profile.description,
        "website": profile.website,
        "email": profile.email,
        "phone": profile.phone,
        "years": [_year(y) for y in profile.years.all()],
        "trend": None
        if trend is None
        else {"points_per_year": trend.points_per_year, "direction": trend.direction.value},
    }


# --- public ---------------------------------------------------------------------------


@router.get(
    "/directory",
    auth=None,
    response={200: list[ProfileOut], 422: ValidationErrorOut},
    summary="The public directory of enterprises",
)
def list_directory(request: HttpRequest, filters: Query[DirectoryQuery]) -> list[dict[str, Any]]:
    criteria = selectors.DirectoryFilter(
        text=filters.q,
        section=filters.section,
        municipality=filters.municipality,
        country=filters.country or "",
        work_integrating=filters.work_integrating,
    )
    return [_profile(p) for p in selectors.directory(criteria)]


@router.get(
    "/directory/{profile_id}",
    auth=None,
    response={200: ProfileDetailOut, **PUBLIC_ERRORS},
    summary="One enterprise's public profile",
)
def get_directory_entry(request: HttpRequest, profile_id: int) -> dict[str, Any]:
    return _detail(selectors.get_public_profile(profile_id))


def _offer(offer: SupportOffer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "provider_id": offer.provider_id,
        "provider": offer.provider.name,
        "actor_kind": offer.actor_kind,
        "title": offer.title,
        "description": offer.description,
        "stages": offer.stages,
        "needs": offer.needs,
        "country": offer.country,
        "municipalities": offer.municipalities,
        "url": offer.url,
        "contact_email": offer.contact_email,
    }


@router.get(
    "/support",
    auth=None,
    response={200: list[FitOut], 422: ValidationErrorOut},
    summary="Support that fits a stage, a need and a place",
)
def list_support(request: HttpRequest, answers: Query[SupportQuery]) -> list[dict[str, Any]]:
    fits = selectors.fitting_support(
        answers.stage or "", answers.need or "", answers.country or "", answers.municipality
    )
    return [{"offer": _offer(f.offer), "score": f.score, "reasons": f.reasons} for f in fits]


# --- profiles -------------------------------------------------------------------------


@router.get(
    "/profiles",
    response={200: list[ProfileOut], 401: ErrorOut},
    summary="Profiles you keep",
)
def list_my_profiles(request: HttpRequest) -> list[dict[str, Any]]:
    user = api_user(request)
    profiles = EnterpriseProfile.objects.filter(
        organisation__in=selectors.editable_organisations(user)
    ).select_related("organisation")
    return [_profile(p) for p in profiles]


@router.get(
    "/profiles/{profile_id}",
    response={200: ProfileDetailOut, **READ_ERRORS},
    summary="A profile you may see (public, your own, or a fellow network member's)",
)
def get_profile(request: HttpRequest, profile_id: int) -> dict[str, Any]:
    return _detail(selectors.get_visible_profile(api_user(request), profile_id))


def _editable(request: HttpRequest, organisation_id: int) -> Organisation:
    return get_object_or_404(
        selectors.editable_organisations(api_user(request)), pk=organisation_id
    )


@router.put(
    "/organisations/{organisation_id}/profile",
    response={200: ProfileDetailOut, **WRITE_ERRORS},
    summary="Create or update your enterprise's profile",
)
def put_profile(request: HttpRequest, organisation_id: int, payload: ProfileIn) -> dict[str, Any]:
    organisation = _editable(request, organisation_id)
    data = payload.dict()
    data["legal_form"] = data["legal_form"] or ""
    profile = services.save_profile(api_user(request), organisation, services.ProfileData(**data))
    return _detail(profile)


@router.put(
    "/organisations/{organisation_id}/years/{year}",
    response={200: YearOut, **WRITE_ERRORS},
    summary="Record the revenue mix, employees and participants of a year",
)
def put_year(
    request: HttpRequest, organisation_id: int, year: int, payload: YearIn
) -> dict[str, Any]:
    organisation = _editable(request, organisation_id)
    profile = get_object_or_404(EnterpriseProfile, organisation=organisation)
    figures = services.record_year(
        api_user(request), profile, services.YearData(year=year, **payload.dict())
    )
    return _year(figures)


# --- support offers -------------------------------------------------------------------


@router.post(
    "/support/offers",
    response={201: OfferOut, **WRITE_ERRORS},
    summary="Add a support offer of your organisation",
)
def create_offer(request: HttpRequest, payload: OfferIn) -> tuple[int, dict[str, Any]]:
    user = api_user(request)
    data = payload.dict()
    provider = get_object_or_404(
        organisations_for(user, services.STAFF_ROLES), pk=data.pop("provider")
    )
    offer = services.save_support_offer(user, provider, services.SupportData(**data))
    return 201, _offer(offer)


# --- guidance -------------------------------------------------------------------------


def _case(case: GuidanceCase) -> dict[str, Any]:
    days = (timezone.localdate() - case.stage_since).days
    return {
        "id": case.pk,
        "name": case.name,
        "advising_organisation_id": case.advising_organisation_id,
        "enterprise_id": case.enterprise_id,
        "contact_name": case.contact_name,
        "advisor_id": case.advisor_id,
        "stage": case.stage,
        "stage_since": case.stage_since,
        "days_in_stage": days,
        "stuck": days > STUCK_AFTER_DAYS[case.stage],
        "opened_on": case.opened_on,
    }


@router.get(
    "/guidance/cases",
    response={200: list[CaseOut], 401: ErrorOut, 422: ValidationErrorOut},
    summary="Guidance cases of your organisations, longest in their stage first",
)
def list_cases(request: HttpRequest, stuck: bool = False) -> list[dict[str, Any]]:
    cases = [_case(c) for c in selectors.cases_for(api_user(request))]
    if stuck:
        cases = [c for c in cases if c["stuck"]]
    return sorted(cases, key=lambda c: -int(c["days_in_stage"]))


@router.post(
    "/guidance/cases",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Open a guidance case",
)
def open_case(request: HttpRequest, payload: CaseIn) -> tuple[int, dict[str, Any]]:
    user = api_user(request)
    adviser = get_object_or_404(
        selectors.advising_organisations(user), pk=payload.advising_organisation
    )
    enterprise = None
    if payload.enterprise is not None:
        enterprise = Organisation.objects.filter(pk=payload.enterprise).first()
        if enterprise is None:
            raise DomainError(_("Unknown enterprise."), field="enterprise")
    advisor = None
    if payload.advisor is not None:
        advisor = User.objects.filter(pk=payload.advisor, memberships__organisation=adviser).first()
        if advisor is None:
            raise DomainError(
                _("The advisor must work at the advising organisation."), field="advisor"
            )
    case = services.open_case(
        user,
        adviser,
        payload.name,
        payload.stage,
        payload.opened_on,
        enterprise=enterprise,
        contact_name=payload.contact_name,
        advisor=advisor,
    )
    return 201, _case(case)


@router.get(
    "/guidance/cases/{case_id}",
    response={200: CaseOut, **READ_ERRORS},
    summary="One guidance case",
)
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _case(selectors.get_case_for(api_user(request), case_id))


@router.post(
    "/guidance/cases/{case_id}/stage",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Move a case to another stage",
)
def move_stage(request: HttpRequest, case_id: int, payload: StageIn) -> dict[str, Any]:
    user = api_user(request)
    case = selectors.get_case_for(user, case_id)
    return _case(services.move_stage(user, case, payload.stage, payload.changed_on))


@router.get(
    "/guidance/cases/{case_id}/sessions",
    response={200: list[SessionOut], **READ_ERRORS},
    summary="Sessions of a case",
)
def list_sessions(request: HttpRequest, case_id: int) -> Any:
    return selectors.get_case_for(api_user(request), case_id).sessions.all()


@router.post(
    "/guidance/cases/{case_id}/sessions",
    response={201: SessionOut, **WRITE_ERRORS},
    summary="Record a guidance session",
)
def add_session(request: HttpRequest, case_id: int, payload: SessionIn) -> tuple[int, Any]:
    user = api_user(request)
    case = selectors.get_case_for(user, case_id)
    session = services.add_session(
        user, case, payload.held_on, payload.topic, payload.notes, payload.next_step
    )
    return 201, session


# --- partnerships ---------------------------------------------------------------------


@router.get(
    "/partnerships",
    response={200: list[PartnershipOut], 401: ErrorOut},
    summary="Partnerships of your organisations",
)
def list_partnerships(request: HttpRequest) -> QuerySet[Partnership]:
    return selectors.partnerships_for(api_user(request))


@router.post(
    "/partnerships",
    response={201: PartnershipOut, **WRITE_ERRORS},
    summary="Record a partnership (you are one of the parties)",
)
def create_partnership(request: HttpRequest, payload: PartnershipIn) -> tuple[int, Partnership]:
    user = api_user(request)
    data = payload.dict()
    enterprise = Organisation.objects.filter(pk=data.pop("enterprise")).first()
    partner = Organisation.objects.filter(pk=data.pop("partner")).first()
    if enterprise is None or partner is None:
        raise DomainError(_("Unknown organisation."), field="partner")
    partnership = services.save_partnership(
        user, services.PartnershipData(enterprise=enterprise, partner=partner, **data)
    )
    return 201, partnership


@router.get(
    "/partnerships/graph",
    response={200: GraphOut, 401: ErrorOut, 404: ErrorOut},
    summary="Who is connected to whom, and who has no bridge to business",
)
def partnership_graph(request: HttpRequest) -> dict[str, Any]:
    user = api_user(request)
    if not organisations_for(user).exists():
        raise Http404
    today = timezone.localdate()
    graph = selectors.graph(today)

    def ref(o: Organisation) -> dict[str, Any]:
        return {"id": o.pk, "name": o.name, "kind": o.kind}

    return {
        "organisations": [ref(n.organisation) for n in graph.nodes],
        "edges": [
            {
                "enterprise_id": e.source.organisation.pk,
                "partner_id": e.target.organisation.pk,
                "kind": e.kind,
            }
            for e in graph.edges
        ],
        "without_business_bridge": [ref(o) for o in selectors.without_business_bridge(today)],
    }


# --- procurement ----------------------------------------------------------------------


@router.get(
    "/procurement/needs",
    response={200: list[NeedOut], 401: ErrorOut},
    summary="Procurement needs of your organisations",
)
def list_needs(request: HttpRequest) -> QuerySet[ProcurementNeed]:
    return selectors.needs_for(api_user(request))


@router.post(
    "/procurement/needs",
    response={201: NeedOut, **WRITE_ERRORS},
    summary="Post a procurement need",
)
def create_need(request: HttpRequest, payload: NeedIn) -> tuple[int, ProcurementNeed]:
    user = api_user(request)
    data = payload.dict()
    buyer = get_object_or_404(organisations_for(user, services.STAFF_ROLES), pk=data.pop("buyer"))
    return 201, services.post_need(user, buyer, services.NeedData(**data))


@router.get(
    "/procurement/needs/{need_id}/matches",
    response={200: list[MatchOut], **READ_ERRORS},
    summary="Enterprises that fit a need, each with why",
)
def list_matches(request: HttpRequest, need_id: int) -> list[dict[str, Any]]:
    need = selectors.get_need_for(api_user(request), need_id)
    return [
        {
            "profile_id": m.profile.pk,
            "organisation_id": m.profile.organisation_id,
            "name": m.profile.organisation.name,
            "score": m.score,
            "reasons": m.reasons,
        }
        for m in selectors.matches_for_need(need)
    ]
