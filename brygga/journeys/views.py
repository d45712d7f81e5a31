"""Journey pages: enrol, add activities, record progress, exits and follow-ups.

Reads start from the journeys selectors or ``get_participant_for``, so an
outsider gets 404; writes go through ``services``, whose ``DomainError`` shows
as a form error. A successful change redirects to the participant page.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.requests import acting_user, saved
from brygga.people.models import Participant
from brygga.people.selectors import get_participant_for

from . import services
from .forms import ActivityForm, AssessmentForm, EnrolForm, ExitForm, FollowUpForm
from .models import FOLLOW_UP_DUE_WINDOW_DAYS, FollowUpQuerySet, FollowUpStatus
from .selectors import (
    follow_ups_for,
    get_enrolment_for,
    get_follow_up_for,
    projects_for,
    scales_for_organisation,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _back_to(request: HttpRequest, participant: Participant, message: StrOrPromise) -> HttpResponse:
    messages.success(request, message)
    return redirect("people:participant_detail", pk=participant.pk)


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    participant: Participant,
    heading: StrOrPromise,
    submit: StrOrPromise,
    **context: object,
) -> HttpResponse:
    context.update(form=form, participant=participant, heading=heading, submit=submit)
    return render(request, "journeys/form_page.html", context)


@login_required
def enrol(request: HttpRequest, participant_pk: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    participant = get_participant_for(user, participant_pk)
    form = EnrolForm(request.POST or None, projects=projects_for(user))

    def change() -> object:
        data = form.cleaned_data
        return services.enrol(
            user, participant, data["project"], data["entry_date"], data["income_sources_before"]
        )

    if saved(request, form, change):
        return _back_to(request, participant, _("The participant is enrolled in the project."))
    return _form_page(request, form, participant, _("Enrol in a project"), _("Enrol"))


@login_required
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    enrolment = get_enrolment_for(user, pk)
    form = ActivityForm(request.POST or None)

    def change() -> object:
        data = form.cleaned_data
        return services.add_activity(
            user,
            enrolment,
            data["kind"],
            data["start_date"],
            data["end_date"],
            data["provider"],
            data["hours_per_week"],
            data["note"],
        )

    if saved(request, form, change):
        return _back_to(request, enrolment.participant, _("The activity is added."))
    return _form_page(
        request,
        form,
        enrolment.participant,
        _("Add activity"),
        _("Add activity"),
        enrolment=enrolment,
    )


@login_required
def assessment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    enrolment = get_enrolment_for(user, pk)
    scales = scales_for_organisation(enrolment.participant.organisation_id)
    # Without a POST, ?scale= chooses the scale whose steps are offered (htmx reloads them).
    form = AssessmentForm(
        request.POST or None, initial={"scale": request.GET.get("scale")}, scales=scales
    )
    form.fields["scale"].widget.attrs.update(
        {
            "hx-get": request.path,
            "hx-trigger": "change",
            "hx-include": "this",
            "hx-select": "#field-wrap-step",
            "hx-target": "#field-wrap-step",
            "hx-swap": "outerHTML",
        }
    )

    def change() -> object:
        data = form.cleaned_data
        return services.record_assessment(
            user, enrolment, data["scale"], data["assessed_on"], data["step"], data["note"]
        )

    if saved(request, form, change):
        return _back_to(request, enrolment.participant, _("The progress is recorded."))
    return _form_page(
        request,
        form,
        enrolment.participant,
        _("Record progress"),
        _("Record progress"),
        enrolment=enrolment,
    )


@login_required
def exit_enrolment(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    enrolment = get_enrolment_for(user, pk)
    form = ExitForm(request.POST or None)

    def change() -> object:
        data = form.cleaned_data
        return services.exit_enrolment(
            user,
            enrolment,
            data["exit_date"],
            data["exit_outcome"],
            data["qualification_gained"],
            data["income_sources_after"],
        )

    if saved(request, form, change):
        return _back_to(
            request,
            enrolment.participant,
            _("The exit is recorded; follow-ups after 28 days and 6 months are planned."),
        )
    return _form_page(
        request,
        form,
        enrolment.participant,
        _("Record exit"),
        _("Record exit"),
        enrolment=enrolment,
    )


#: The follow-up list's filters, the first being the default.
FOLLOW_UP_STATES = {
    "due": _("Due and overdue"),
    "upcoming": _("Upcoming"),
    "done": _("Done"),
}


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    """The case worker's task list: follow-ups due or overdue first."""
    today = timezone.localdate()
    state = request.GET.get("state", "")
    if state not in FOLLOW_UP_STATES:
        state = "due"
    # The selector's queryset is a FollowUpQuerySet at run time; its annotation is wider.
    follow_ups = cast(FollowUpQuerySet, follow_ups_for(acting_user(request))).select_related(
        "enrolment__participant", "enrolment__project"
    )
    if state == "due":
        follow_ups = follow_ups.due_by(today).order_by("due_date", "id")
    elif state == "upcoming":
        window = datetime.timedelta(days=FOLLOW_UP_DUE_WINDOW_DAYS)
        follow_ups = follow_ups.pending().filter(due_date__gt=today + window)
        follow_ups = follow_ups.order_by("due_date", "id")
    else:
        follow_ups = follow_ups.filter(completed_on__isnull=False).order_by("-completed_on", "id")
    page = Paginator(follow_ups, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(follow_up, follow_up.status(today)) for follow_up in page]
    return render(
        request,
        "journeys/follow_up_list.html",
        {"page": page, "rows": rows, "state": state, "states": FOLLOW_UP_STATES},
    )


@login_required
def follow_up_complete(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    follow_up = get_follow_up_for(user, pk)
    participant = follow_up.enrolment.participant
    form = FollowUpForm(request.POST or None, follow_up=follow_up)

    def change() -> object:
        data = form.cleaned_data
        return services.complete_follow_up(
            user,
            follow_up,
            data["completed_on"],
            data["situation"],
            data.get("better_situation"),
            data["note"],
        )

    if saved(request, form, change):
        return _back_to(request, participant, _("The follow-up is recorded."))
    return render(
        request,
        "journeys/follow_up_form.html",
        {
            "form": form,
            "follow_up": follow_up,
            "status": follow_up.status(),
            "done": FollowUpStatus.DONE,
            "participant": participant,
        },
    )
