"""Pages of the matching app: opportunities, suggestions both ways, referrals, allocation runs."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brygga.core.errors import DomainError
from brygga.core.requests import acting_user
from brygga.core.selectors import personal_data_organisations
from brygga.journeys.selectors import projects_for
from brygga.people.selectors import get_participant_for, participants_for
from brygga.people.vocabularies import Adaptation
from brygga.taxonomy.competence import Row
from brygga.taxonomy.search import labels_for
from brygga.taxonomy.vocabularies import language_choices

from . import services
from .explanations import codes_in, describe
from .forms import AllocationForm, AnswerForm, OpportunityForm, ReferForm, language_levels
from .models import Opportunity, ReferralStatus
from .selectors import (
    allocation_runs_for,
    get_allocation_run_for,
    get_editable_opportunity,
    get_opportunity_for,
    get_referral_for,
    open_opportunities_for,
    opportunities_for,
    owning_organisations,
    received_referrals_for,
    sent_referrals_for,
)

LANGUAGE_ROWS = 2


def _language() -> str:
    return (get_language() or "sv")[:2]


def _explained(suggestions: list[services.Suggestion]) -> list[dict[str, Any]]:
    codes: set[str] = set()
    for s in suggestions:
        codes |= codes_in(s.parts)
    labels = labels_for(codes, _language())
    return [
        {
            "opportunity": s.opportunity,
            "participant": s.participant,
            "score": s.match.score,
            "reasons": describe(s.parts, labels),
        }
        for s in suggestions
    ]


# ------------------------------------------------------------------ opportunities


@login_required
def opportunity_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    opportunities = opportunities_for(user).order_by("status", "title")
    return render(
        request,
        "matching/opportunity_list.html",
        {"opportunities": opportunities, "can_publish": owning_organisations(user).exists()},
    )


def _opportunity_form_context(
    form: OpportunityForm,
    rows: dict[str, list[Row]],
    required: dict[str, str],
    desired: dict[str, str],
    errors: list[str],
    opportunity: Opportunity | None,
) -> dict[str, Any]:
    pad = [("", "")] * LANGUAGE_ROWS
    return {
        "form": form,
        "opportunity": opportunity,
        "required_rows": rows["required_skills"],
        "desired_rows": rows["desired_skills"],
        "occupation_rows": rows["occupations"],
        "required_languages": [*required.items(), *pad],
        "desired_languages": [*desired.items(), *pad],
        "language_choices": language_choices(),
        "levels": ["A1", "A2", "B1", "B2", "C1", "C2"],
        "errors": errors,
    }


def _rows(kind: str, uris: list[str]) -> list[Row]:
    labels = labels_for(uris, _language())
    return [Row(kind, uri, labels[uri], "") for uri in dict.fromkeys(uris)]


def _edit_opportunity(request: HttpRequest, opportunity: Opportunity | None) -> HttpResponse:
    user = acting_user(request)
    organisation = opportunity.organisation if opportunity else owning_organisations(user).first()
    if organisation is None:
        raise Http404
    if request.method == "POST":
        form = OpportunityForm(request.POST)
        lists = {
            name: request.POST.getlist(name)
            for name in ("required_skills", "desired_skills", "occupations")
        }
        required, errors = language_levels(request.POST, "required")
        desired, more = language_levels(request.POST, "desired")
        errors += more
        if form.is_valid() and not errors:
            data = services.OpportunityData(
                **form.cleaned_data,
                required_skills=lists["required_skills"],
                desired_skills=lists["desired_skills"],
                occupations=lists["occupations"],
                languages_required=required,
                languages_desired=desired,
            )
            data.seats = data.seats or 0
            try:
                if opportunity is None:
                    opportunity = services.create_opportunity(user, organisation, data)
                else:
                    opportunity = services.update_opportunity(user, opportunity, data)
            except DomainError as exc:
                if exc.field in form.fields:
                    form.add_error(exc.field, str(exc.message))
                else:
                    errors.append(str(exc.message))
            else:
                messages.success(request, _("The opportunity is saved."))
                return redirect("matching:opportunity_detail", pk=opportunity.pk)
        rows = {
            "required_skills": _rows("skill", lists["required_skills"]),
            "desired_skills": _rows("skill", lists["desired_skills"]),
            "occupations": _rows("occupation", lists["occupations"]),
        }
        status = 400
    else:
        initial: dict[str, Any] = {}
        required, desired = {}, {}
        rows = {"required_skills": [], "desired_skills": [], "occupations": []}
        if opportunity is not None:
            data = services.OpportunityData.from_opportunity(opportunity)
            initial = {name: getattr(data, name) for name in OpportunityForm.base_fields}
            required, desired = data.languages_required, data.languages_desired
            rows = {
                "required_skills": _rows("skill", data.required_skills),
                "desired_skills": _rows("skill", data.desired_skills),
                "occupations": _rows("occupation", data.occupations),
            }
        form = OpportunityForm(initial=initial)
        errors = []
        status = 200
    return render(
        request,
        "matching/opportunity_form.html",
        _opportunity_form_context(form, rows, required, desired, errors, opportunity),
        status=status,
    )


@login_required
def opportunity_create(request: HttpRequest) -> HttpResponse:
    return _edit_opportunity(request, None)


@login_required
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_opportunity(request, get_editable_opportunity(request.user, pk))


@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    opportunity = get_opportunity_for(user, pk)
    owner = owning_organisations(user).filter(pk=opportunity.organisation_id).exists()
    language = _language()
    uris = [*opportunity.required_skills, *opportunity.desired_skills, *opportunity.occupations]
    labels = labels_for(uris, language)
    received = received_referrals_for(user).filter(opportunity=opportunity) if owner else None
    suggestions = _explained(services.suggest_participants(user, opportunity))
    adaptations = dict(Adaptation.choices)
    return render(
        request,
        "matching/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "owner": owner,
            "required": [labels[u] for u in opportunity.required_skills],
            "desired": [labels[u] for u in opportunity.desired_skills],
            "occupations": [labels[u] for u in opportunity.occupations],
            "adaptations": [adaptations.get(a, a) for a in opportunity.adaptations_offered],
            "received": received,
            "suggestions": suggestions,
            "refer_form": ReferForm(),
        },
    )


# ------------------------------------------------------------------ suggestions and referrals


@login_required
def participant_suggestions(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Suggested opportunities for a participant, explained (an htmx partial or a page)."""
    user = acting_user(request)
    participant = get_participant_for(user, pk)
    participant = services.with_profiles(participants_for(user)).get(pk=participant.pk)
    suggestions = _explained(services.suggest_opportunities(user, participant))
    context = {
        "participant": participant,
        "suggestions": suggestions,
        "consent": services.has_referral_consent(participant),
        "refer_form": ReferForm(),
        "referrals": sent_referrals_for(user).filter(participant=participant),
    }
    template = "matching/_suggestions.html" if request.htmx else "matching/suggestions.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_POST
def refer(request: HttpRequest, pk: uuid.UUID, opportunity_pk: int) -> HttpResponse:
    user = acting_user(request)
    participant = get_participant_for(user, pk)
    participant = services.with_profiles(participants_for(user)).get(pk=participant.pk)
    opportunity = get_opportunity_for(user, opportunity_pk)
    form = ReferForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.refer(user, participant, opportunity, note)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("%(name)s is referred to %(title)s.")
            % {"name": participant.full_name, "title": opportunity.title},
        )
    if request.POST.get("next"):
        return redirect(_safe_next(request))
    return redirect("people:participant_detail", pk=participant.pk)


def _safe_next(request: HttpRequest) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "matching/referral_list.html",
        {
            "received": received_referrals_for(user),
            "sent": sent_referrals_for(user),
        },
    )


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    referral = get_referral_for(user, pk)
    receiver = owning_organisations(user).filter(pk=referral.opportunity.organisation_id).exists()
    sender = (
        personal_data_organisations(user).filter(pk=referral.participant.organisation_id).exists()
    )
    participant = referral.participant
    competences = list(participant.competences.all())
    labels = labels_for(
        [c.code for c in competences if c.code] + sorted(codes_in(referral.explanation)),
        _language(),
    )
    return render(
        request,
        "matching/referral_detail.html",
        {
            "referral": referral,
            "receiver": receiver,
            "sender": sender,
            "occupations": [
                labels.get(c.code, c.label) for c in competences if c.kind == "occupation"
            ],
            "skills": [labels.get(c.code, c.label) for c in competences if c.kind == "skill"],
            "languages": participant.languages.all(),
            "reasons": describe(referral.explanation, labels),
            "answer_form": AnswerForm(),
            "pending": referral.status == ReferralStatus.PENDING,
        },
    )


@login_required
@require_POST
def referral_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    referral = get_referral_for(user, pk)
    if not owning_organisations(user).filter(pk=referral.opportunity.organisation_id).exists():
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_referral(
                user, referral, form.cleaned_data["decision"] == "accept", form.cleaned_data["note"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Your answer is recorded."))
    else:
        messages.error(request, _("Choose to accept or decline."))
    return redirect("matching:referral_detail", pk=referral.pk)


@login_required
@require_POST
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    referral = get_referral_for(user, pk)
    if not participants_for(user).filter(pk=referral.participant_id).exists():
        raise Http404
    try:
        services.withdraw_referral(user, referral)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The referral is withdrawn."))
    return redirect("matching:referral_detail", pk=referral.pk)


# ------------------------------------------------------------------ allocation


@login_required
def allocation_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    organisation = personal_data_organisations(user).first()
    if organisation is None:
        raise Http404
    projects = projects_for(user)
    form = AllocationForm(request.POST or None, projects=[(str(p.pk), p.name) for p in projects])
    if request.method == "POST" and form.is_valid():
        participants = participants_for(user)
        if form.cleaned_data["project"]:
            participants = participants.filter(
                enrolments__project_id=int(form.cleaned_data["project"]),
                enrolments__exit_date__isnull=True,
            ).distinct()
        opportunities = open_opportunities_for(user)
        if form.cleaned_data["type"]:
            opportunities = opportunities.filter(type=form.cleaned_data["type"])
        try:
            run = services.run_allocation(
                user,
                organisation,
                form.cleaned_data["title"],
                participants,
                opportunities,
                min_score=form.cleaned_data["min_score"],
                use_priority=form.cleaned_data["use_priority"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            return redirect("matching:allocation_detail", pk=run.pk)
    return render(
        request,
        "matching/allocation_list.html",
        {"runs": allocation_runs_for(user)[:50], "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    run = get_allocation_run_for(user, pk)
    visible = set(participants_for(user).values_list("pk", flat=True))
    results = [
        r
        for r in run.results.select_related("participant", "opportunity__organisation")
        if r.participant_id in visible
    ]
    codes: set[str] = set()
    for r in results:
        codes |= codes_in(r.explanation)
    labels = labels_for(codes, _language())
    rows = [{"result": r, "reasons": describe(r.explanation, labels)} for r in results]
    return render(request, "matching/allocation_detail.html", {"run": run, "rows": rows})
