"""Participant pages: the list with filters, and one participant's page."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from brygga.journeys.selectors import projects_for

from .rules import TargetGroup
from .selectors import (
    ParticipantFilter,
    ParticipantStatus,
    get_participant_for,
    search_participants,
)


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
