"""Read queries for imports, scoped to the organisations where the user handles personal data."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from brygga.core.models import User
from brygga.core.selectors import personal_data_organisations

from .models import ImportJob


def jobs_for(user: User | AnonymousUser) -> QuerySet[ImportJob]:
    """Import jobs of the organisations where ``user`` may handle participants."""
    return ImportJob.objects.filter(
        organisation__in=personal_data_organisations(user)
    ).select_related("organisation", "created_by")


def get_job_for(user: User | AnonymousUser, job_id: uuid.UUID | str) -> ImportJob:
    """One job ``user`` may see, or 404."""
    return get_object_or_404(jobs_for(user), pk=job_id)
