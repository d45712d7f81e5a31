"""Participant pages: the list with filters, and one participant's page."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from brygga.core.errors import DomainError
from brygga.core.models import User
from brygga.core.selectors import personal_data_organisations
from brygga.journeys.selectors import projects_for

from .forms import ParticipantForm
from .rules import TargetGroup
from .selectors import (
    ParticipantFilter,
    ParticipantStatus,
    get_participant_for,
    search_participants,
)
from .services import ParticipantData, register_participant


@login_required
def participant_list(request: HttpRequest) -> HttpResponse:
    projects = projects_for(request.user)
    project = request.GET.get("project", "")
    criteria = ParticipantFilter(
        text=request.GET.get("q", "")[:200],
        target_group=request.GET.get("target_group", "")
        if request.GET.get("target_group") in TargetGroup.values
        else "",
        status=request.GET.get("status", ""),
        project_id=int(project) if project.isdigit() else None,
    )
    participants = search_participants(request.user, criteria).select_related("organisation")
    page = Paginator(participants, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    template = "people/_results.html" if request.htmx else "people/participant_list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "page": page,
            "criteria": criteria,
            "target_groups": TargetGroup.choices,
            "statuses": ParticipantStatus.CHOICES,
            "projects": projects,
        },
    )


@login_required
def participant_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    participant = get_participant_for(request.user, pk)
    return render(request, "people/participant_detail.html", {"participant": participant})


@login_required
def participant_create(request: HttpRequest) -> HttpResponse:
    if not isinstance(request.user, User):  # login_required lets only users through
        return redirect("login")
    organisation = personal_data_organisations(request.user).first()
    if organisation is None:
        messages.error(request, _("You hold no role in which you may register participants."))
        return redirect("people:participant_list")
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = register_participant(
                request.user, organisation, ParticipantData(**form.cleaned_data)
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The participant is registered."))
            return redirect("people:participant_detail", pk=participant.pk)
    return render(request, "people/participant_form.html", {"form": form})
