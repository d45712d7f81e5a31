"""Participant pages: the list with filters, one participant's page, registering
and editing a participant, and their consents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from brygga.core import audit
from brygga.core.requests import acting_user, saved
from brygga.core.selectors import personal_data_organisations
from brygga.journeys.selectors import projects_for

from . import privacy
from .forms import (
    AccessReasonForm,
    ConsentForm,
    ConsentWithdrawalForm,
    ErasureForm,
    ParticipantEditForm,
    ParticipantForm,
)
from .models import Participant
from .rules import TargetGroup
from .selectors import (
    ParticipantFilter,
    ParticipantStatus,
    get_participant_for,
    is_identity_number_term,
    participants_for,
    search_participants,
)
from .services import (
    ParticipantData,
    record_consent,
    register_participant,
    update_participant,
    withdraw_consent,
)


@login_required
def participant_list(request: HttpRequest) -> HttpResponse:
    # Only what the filter's menu shows (a project row has many registry fields).
    projects = projects_for(request.user).only("id", "name")
    # The search form posts, so that an identity number typed into it never
    # becomes part of a URL (browser history, proxy and server logs).
    params = request.POST if request.method == "POST" else request.GET
    project = params.get("project", "")
    criteria = ParticipantFilter(
        text=params.get("q", "")[:200].replace("\x00", ""),  # PostgreSQL text holds no NUL
        target_group=params.get("target_group", "")
        if params.get("target_group") in TargetGroup.values
        else "",
        status=params.get("status", "").replace("\x00", ""),
        project_id=int(project) if project.isascii() and project.isdigit() else None,
    )
    participants = search_participants(request.user, criteria).select_related("organisation")
    page = Paginator(participants, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()  # once, not once per row
    template = "people/_results.html" if request.htmx else "people/participant_list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "page": page,
            "rows": [(participant, participant.target_groups(today)) for participant in page],
            "criteria": criteria,
            "page_query": _page_query(criteria),
            "target_groups": TargetGroup.choices,
            "statuses": ParticipantStatus.CHOICES,
            "projects": projects,
        },
    )


def _page_query(criteria: ParticipantFilter) -> str:
    """The criteria for the page links, without any identity number."""
    words = [w for w in criteria.text.split() if not is_identity_number_term(w)]
    values = {
        "q": " ".join(words),
        "target_group": criteria.target_group,
        "status": criteria.status,
        "project": criteria.project_id or "",
    }
    return urlencode({name: value for name, value in values.items() if value})


@login_required
def participant_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    participant = get_participant_for(request.user, pk)
    consents_in_force = [
        str(consent.get_purpose_display())
        for consent in participant.consents.filter(withdrawn_on__isnull=True)
    ]
    return render(
        request,
        "people/participant_detail.html",
        {"participant": participant, "consents_in_force": consents_in_force},
    )


@login_required
def participant_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    organisation = personal_data_organisations(user).first()
    if organisation is None:
        messages.error(request, _("You hold no role in which you may register participants."))
        return redirect("people:participant_list")
    form = ParticipantForm(request.POST or None)
    registered: list[Participant] = []

    def change() -> object:
        participant = register_participant(user, organisation, ParticipantData(**form.cleaned_data))
        registered.append(participant)
        return participant

    if saved(request, form, change):
        messages.success(request, _("The participant is registered."))
        return redirect("people:participant_detail", pk=registered[0].pk)
    return render(request, "people/participant_form.html", {"form": form})


@login_required
def participant_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    participant = get_participant_for(user, pk)
    current = ParticipantData.from_participant(participant)
    initial = {name: getattr(current, name) for name in ParticipantForm.base_fields}
    form = ParticipantEditForm(
        request.POST or None, initial={**initial, "version": participant.version}
    )

    def change() -> object:
        values = dict(form.cleaned_data)
        version = values.pop("version")
        data = ParticipantData(**values, case_worker=participant.case_worker)
        return update_participant(user, participant, data, version=version)

    if saved(request, form, change):
        messages.success(request, _("The participant's details are saved."))
        return redirect("people:participant_detail", pk=participant.pk)
    return render(
        request,
        "journeys/form_page.html",
        {
            "participant": participant,
            "form": form,
            "heading": _("Edit participant"),
            "submit": _("Save"),
        },
    )


@login_required
def consent_list(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The participant's consents, a form to record one, and a way to withdraw each."""
    user = acting_user(request)
    participant = get_participant_for(user, pk)
    form = ConsentForm(
        request.POST or None, initial={"given_on": timezone.localdate()}, prefix="consent"
    )

    def change() -> object:
        data = form.cleaned_data
        return record_consent(user, participant, data["purpose"], data["given_on"])

    if saved(request, form, change):
        messages.success(request, _("The consent is recorded."))
        return redirect("people:consent_list", pk=participant.pk)
    return _render_consents(request, participant, form)


@login_required
def consent_withdraw(request: HttpRequest, pk: uuid.UUID, consent_id: int) -> HttpResponse:
    user = acting_user(request)
    participant = get_participant_for(user, pk)
    consent = get_object_or_404(participant.consents, pk=consent_id)
    if request.method != "POST":
        return redirect("people:consent_list", pk=participant.pk)
    withdrawal = ConsentWithdrawalForm(request.POST, prefix=f"withdraw-{consent.pk}")

    def change() -> object:
        return withdraw_consent(user, consent, withdrawal.cleaned_data["withdrawn_on"])

    if saved(request, withdrawal, change):
        messages.success(request, _("The consent is withdrawn."))
        return redirect("people:consent_list", pk=participant.pk)
    return _render_consents(
        request, participant, ConsentForm(prefix="consent"), {consent.pk: withdrawal}
    )


def _render_consents(
    request: HttpRequest,
    participant: Participant,
    form: ConsentForm,
    withdrawals: dict[int, ConsentWithdrawalForm] | None = None,
) -> HttpResponse:
    """The consent page; ``withdrawals`` holds a rejected withdrawal form to show again."""
    withdrawals = withdrawals or {}
    today = timezone.localdate()
    rows = [
        (
            consent,
            withdrawals.get(consent.pk)
            or ConsentWithdrawalForm(
                initial={"withdrawn_on": today}, prefix=f"withdraw-{consent.pk}"
            ),
        )
        for consent in participant.consents.select_related("recorded_by")
    ]
    return render(
        request,
        "people/consent_list.html",
        {"participant": participant, "form": form, "rows": rows},
    )


@login_required
def access_reason(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Ask why a case worker opens a record in another case worker's caseload."""
    user = acting_user(request)
    if not participants_for(user).filter(pk=pk).exists():
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = AccessReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        audit.remember_reason(request, pk, form.cleaned_data["reason"])
        if next_url:
            return redirect(next_url)
        return redirect("people:participant_detail", pk=pk)
    return render(request, "people/access_reason.html", {"form": form, "next": next_url})


@login_required
def data_export(request: HttpRequest, pk: uuid.UUID, fmt: str) -> HttpResponse:
    """A copy of everything held about the person: JSON, or a readable PDF."""
    if fmt not in ("json", "pdf"):
        raise Http404
    user = acting_user(request)
    participant = get_participant_for(user, pk)
    data = privacy.export_person(user, participant)
    name = f"brygga-{participant.pk}"
    if fmt == "json":
        copy = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        copy["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return copy
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy; only for a PDF

    titles = privacy.record_titles()
    sections = [(titles.get(kind, kind), rows) for kind, rows in data["records"].items()]
    html = render_to_string(
        "people/data_export_pdf.html",
        {"participant": participant, "data": data, "sections": sections},
        request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
def erase(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Erase the person's data after a confirmation with a reason."""
    user = acting_user(request)
    participant = get_participant_for(user, pk)
    form = ErasureForm(request.POST or None)

    def change() -> object:
        return privacy.erase_person(user, participant, form.cleaned_data["reason"])

    if saved(request, form, change):
        messages.success(request, _("The person's data is erased; anonymous statistics remain."))
        return redirect("people:participant_list")
    return render(
        request,
        "journeys/form_page.html",
        {
            "participant": participant,
            "form": form,
            "heading": _("Erase the person's data"),
            "submit": _("Erase"),
        },
    )
