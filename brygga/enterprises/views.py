"""Enterprise pages: the public directory and support map; profiles kept by their
staff; the guidance board; partnerships and their graph; procurement needs.

Public pages need no login. Everything else starts from a scoped selector, so
an outsider gets 404; writes go through ``services``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Organisation, OrganisationKind, User
from brygga.core.requests import acting_user, saved
from brygga.core.selectors import organisations_for

from . import nace, selectors, services
from .forms import (
    CaseForm,
    GoalForm,
    MilestoneForm,
    NeedForm,
    PartnershipForm,
    ProfileForm,
    SessionForm,
    StageForm,
    SupportOfferForm,
    SupportQuestionsForm,
    YearForm,
)
from .models import (
    STUCK_AFTER_DAYS,
    EnterpriseProfile,
    GuidanceCase,
    Milestone,
    PartnershipKind,
    PlanGoal,
    ProcurementNeed,
    Stage,
    SupportOffer,
)
from .pages import form_page
from .services import STAFF_ROLES

# --- public ----------------------------------------------------------------------------


def directory(request: HttpRequest) -> HttpResponse:
    section = request.GET.get("section", "")
    criteria = selectors.DirectoryFilter(
        text=request.GET.get("q", "")[:100].replace("\x00", ""),  # PostgreSQL text holds no NUL
        section=section if section in nace.SECTIONS else "",
        municipality=request.GET.get("municipality", "")[:100].replace("\x00", ""),
        work_integrating=request.GET.get("wise") == "1",
    )
    return render(
        request,
        "enterprises/directory.html",
        {
            "profiles": selectors.directory(criteria),
            "criteria": criteria,
            "sections": nace.section_choices(),
            "municipalities": selectors.municipalities(),
        },
    )


def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.get_visible_profile(request.user, pk)
    return render(
        request,
        "enterprises/profile_detail.html",
        {
            "profile": profile,
            "independence": selectors.independence_of(profile),
            "can_edit": selectors.can_edit(request.user, profile.organisation),
            "sectors": [nace.label(code) for code in profile.sector_codes()],
        },
    )


def support_map(request: HttpRequest) -> HttpResponse:
    form = SupportQuestionsForm(request.GET or None)
    fits: list[selectors.Fit] | None = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        fits = selectors.fitting_support(
            data["stage"], data["need"], data["country"], data["municipality"]
        )
    offers = selectors.active_offers().order_by("country", "actor_kind", "title")
    return render(
        request,
        "enterprises/support_map.html",
        {"form": form, "fits": fits, "offers": offers if fits is None else None},
    )


# --- profiles kept by their staff ---------------------------------------------------------


@login_required
def my_profiles(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    organisations = selectors.editable_organisations(user).select_related("enterprise_profile")
    return render(request, "enterprises/my_profiles.html", {"organisations": organisations})


def _editable(request: HttpRequest, org_pk: int) -> Organisation:
    return get_object_or_404(selectors.editable_organisations(acting_user(request)), pk=org_pk)


@login_required
def profile_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = _editable(request, org_pk)
    profile = EnterpriseProfile.objects.filter(organisation=organisation).first()
    initial: dict[str, object] = {
        "org_number": organisation.org_number,
        "municipality": organisation.municipality,
        "placements": 0,
        "supervisors": 0,
        "published": True,
    }
    if profile is not None:
        initial.update(
            legal_form=profile.legal_form,
            description=profile.description,
            website=profile.website,
            email=profile.email,
            phone=profile.phone,
            placements=profile.placements,
            supervisors=profile.supervisors,
            adaptations=profile.adaptations,
            checklist=profile.checklist,
            published=profile.published,
            sectors=", ".join(profile.sector_codes()),
            services="\n".join(s.name for s in profile.services.all()),
        )
    form = ProfileForm(request.POST or None, initial=initial)

    def change() -> EnterpriseProfile:
        data = form.cleaned_data
        return services.save_profile(
            user,
            organisation,
            services.ProfileData(
                org_number=data["org_number"],
                municipality=data["municipality"],
                legal_form=data["legal_form"],
                description=data["description"],
                website=data["website"],
                email=data["email"],
                phone=data["phone"],
                placements=data["placements"],
                supervisors=data["supervisors"],
                sectors=form.sector_list(),
                services=form.service_list(),
                adaptations=data["adaptations"],
                checklist=data["checklist"],
                published=data["published"],
            ),
        )

    return form_page(
        request,
        form,
        change,
        done=_("The profile is saved."),
        then=lambda made: redirect("enterprises:profile", pk=made.pk),
        heading=_("Edit profile"),
        submit=_("Save"),
        subject=organisation.name,
    )


@login_required
def year_add(request: HttpRequest, org_pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = _editable(request, org_pk)
    profile = get_object_or_404(EnterpriseProfile, organisation=organisation)
    form = YearForm(request.POST or None, initial={"year": timezone.localdate().year - 1})

    def change() -> object:
        return services.record_year(user, profile, services.YearData(**form.cleaned_data))

    return form_page(
        request,
        form,
        change,
        done=_("The figures are saved."),
        then=lambda _made: redirect("enterprises:profile", pk=profile.pk),
        heading=_("Figures of a year"),
        submit=_("Save"),
        subject=organisation.name,
    )


# --- guidance ---------------------------------------------------------------------------


@login_required
def guidance_board(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    return render(
        request,
        "enterprises/guidance_board.html",
        {
            "columns": selectors.board(user, today),
            "stuck": selectors.stuck(user, today),
            "limits": [(label, STUCK_AFTER_DAYS[value]) for value, label in Stage.choices],
            "can_open": selectors.advising_organisations(user).exists(),
        },
    )


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    advisers = selectors.advising_organisations(user)
    if not advisers.exists():
        raise Http404
    form = CaseForm(
        request.POST or None, advisers=advisers, initial={"opened_on": timezone.localdate()}
    )

    def change() -> GuidanceCase:
        data = form.cleaned_data
        return services.open_case(
            user,
            data["advising_organisation"],
            data["name"],
            data["stage"],
            data["opened_on"],
            enterprise=data["enterprise"],
            contact_name=data["contact_name"],
            advisor=data["advisor"],
        )

    return form_page(
        request,
        form,
        change,
        done=_("The guidance case is opened."),
        then=lambda made: redirect("enterprises:case", pk=made.pk),
        heading=_("Open a guidance case"),
        submit=_("Open"),
    )


def _case_actions(
    user: User, case: GuidanceCase
) -> dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], object]]]:
    """The forms on a case page: action → (form, what a valid form changes)."""
    return {
        "session": (
            SessionForm,
            lambda d: services.add_session(
                user, case, d["held_on"], d["topic"], d["notes"], d["next_step"]
            ),
        ),
        "stage": (
            StageForm,
            lambda d: services.move_stage(user, case, d["stage"], d["changed_on"]),
        ),
        "goal": (GoalForm, lambda d: services.add_goal(user, case, d["title"], d["target_date"])),
    }


def _row_id(action: str, prefix: str) -> int:
    """The primary key after ``prefix`` in a button's value; 404 when it is none."""
    value = action.removeprefix(prefix)
    if not value.isdecimal() or len(value) > 18:
        raise Http404
    return int(value)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = selectors.get_case_for(user, pk)
    advise = selectors.can_advise(user, case)
    today = timezone.localdate()
    context: dict[str, object] = {}
    if advise:
        context = {
            "session_form": SessionForm(prefix="session", initial={"held_on": today}),
            "stage_form": StageForm(prefix="stage", initial={"changed_on": today}),
            "goal_form": GoalForm(prefix="goal"),
            "milestone_form": MilestoneForm(prefix="milestone"),
        }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and not advise:
        raise Http404
    actions = _case_actions(user, case)
    if action.startswith("milestone-"):
        goal = get_object_or_404(PlanGoal, case=case, pk=_row_id(action, "milestone-"))
        actions["milestone"] = (
            MilestoneForm,
            lambda d: services.add_milestone(user, goal, d["title"], d["due_on"]),
        )
        action = "milestone"
    if action.startswith("done-"):
        milestone = get_object_or_404(Milestone, goal__case=case, pk=_row_id(action, "done-"))
        services.complete_milestone(user, milestone, today)
        messages.success(request, _("The milestone is done."))
        return redirect("enterprises:case", pk=case.pk)
    if action in actions:
        form_class, act = actions[action]
        form = form_class(request.POST, prefix=action)
        context[f"{action}_form"] = form
        if saved(request, form, lambda: act(form.cleaned_data)):
            messages.success(request, _("Saved."))
            return redirect("enterprises:case", pk=case.pk)
    return render(
        request,
        "enterprises/case_detail.html",
        {
            "case": case,
            "advise": advise,
            "days_in_stage": (today - case.stage_since).days,
            "limit": STUCK_AFTER_DAYS[case.stage],
            "goals": case.goals.prefetch_related("milestones"),
            "sessions": case.sessions.select_related("advisor"),
            "changes": case.stage_changes.all(),
            **context,
        },
    )


# --- support offers ---------------------------------------------------------------------


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "enterprises/offer_list.html",
        {"offers": selectors.offers_for(user).select_related("provider")},
    )


@login_required
def offer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting_user(request)
    providers = organisations_for(user, STAFF_ROLES)
    offer: SupportOffer | None = None
    initial: dict[str, object] = {"active": True}
    if pk is not None:
        offer = get_object_or_404(selectors.offers_for(user), pk=pk)
        initial = {
            name: getattr(offer, name)
            for name in SupportOfferForm.base_fields
            if name != "provider"
        }
        initial["provider"] = offer.provider
    form = SupportOfferForm(request.POST or None, providers=providers, initial=initial)

    def change() -> object:
        data = dict(form.cleaned_data)
        provider = data.pop("provider")
        return services.save_support_offer(user, provider, services.SupportData(**data), offer)

    return form_page(
        request,
        form,
        change,
        done=_("The support offer is saved."),
        then=lambda _made: redirect("enterprises:offer_list"),
        heading=_("Support offer"),
        submit=_("Save"),
    )


# --- partnerships -----------------------------------------------------------------------


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    return render(
        request,
        "enterprises/partnership_list.html",
        {
            "partnerships": selectors.partnerships_for(user),
            "unbridged": selectors.without_business_bridge(today),
        },
    )


@login_required
def partnership_graph(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not organisations_for(user).exists():
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "enterprises/partnership_graph.html",
        {
            "graph": selectors.graph(today),
            "kinds": [
                (label, selectors.KIND_COLOURS[PartnershipKind(value)])
                for value, label in PartnershipKind.choices
            ],
            "unbridged": selectors.without_business_bridge(today),
            "enterprise_kind": OrganisationKind.SOCIAL_ENTERPRISE,
        },
    )


@login_required
def partnership_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting_user(request)
    partnership = selectors.get_partnership_for(user, pk) if pk is not None else None
    initial: dict[str, object] = {}
    if partnership is not None:
        initial = {name: getattr(partnership, name) for name in PartnershipForm.base_fields}
    form = PartnershipForm(request.POST or None, initial=initial)

    def change() -> object:
        return services.save_partnership(
            user, services.PartnershipData(**form.cleaned_data), partnership
        )

    return form_page(
        request,
        form,
        change,
        done=_("The partnership is saved."),
        then=lambda _made: redirect("enterprises:partnership_list"),
        heading=_("Partnership"),
        submit=_("Save"),
    )


# --- procurement ------------------------------------------------------------------------


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "enterprises/need_list.html",
        {
            "needs": selectors.needs_for(user),
            "can_post": organisations_for(user, STAFF_ROLES)
            .exclude(kind=OrganisationKind.SOCIAL_ENTERPRISE)
            .exists(),
        },
    )


@login_required
def need_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    buyers = organisations_for(user, STAFF_ROLES).exclude(kind=OrganisationKind.SOCIAL_ENTERPRISE)
    form = NeedForm(request.POST or None, buyers=buyers)

    def change() -> ProcurementNeed:
        data = dict(form.cleaned_data)
        buyer = data.pop("buyer")
        data["sector_codes"] = form.code_list()
        return services.post_need(user, buyer, services.NeedData(**data))

    return form_page(
        request,
        form,
        change,
        done=_("The need is posted."),
        then=lambda made: redirect("enterprises:need", pk=made.pk),
        heading=_("Post a procurement need"),
        submit=_("Post"),
    )


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.get_need_for(acting_user(request), pk)
    return render(
        request,
        "enterprises/need_detail.html",
        {
            "need": need,
            "matches": selectors.matches_for_need(need),
            "sectors": [nace.label(code) for code in need.sector_codes],
        },
    )
