"""Read queries about organisations and who may act for them."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from .models import (
    AUDIT_ROLES,
    PERSONAL_DATA_ROLES,
    AuditEntry,
    AuditSubject,
    Organisation,
    Role,
    User,
)


def organisations_for(
    user: User | AnonymousUser, roles: frozenset[str] | None = None
) -> QuerySet[Organisation]:
    """Organisations in which ``user`` holds one of ``roles`` (any role when None)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    memberships = user.memberships.all()
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id"))


def personal_data_organisations(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Organisations whose participants ``user`` may see as persons, not aggregates."""
    return organisations_for(user, PERSONAL_DATA_ROLES)


def role_in(user: User, organisation: Organisation) -> Role | None:
    membership = user.memberships.filter(organisation=organisation).first()
    return Role(membership.role) if membership else None


def audit_entries_for(user: User | AnonymousUser) -> QuerySet[AuditEntry]:
    """Audit entries about the organisations in which ``user`` is an auditor."""
    organisations = organisations_for(user, AUDIT_ROLES).values("pk")
    return AuditEntry.objects.filter(organisation_id__in=organisations)


def audit_entries_about(participant_id: uuid.UUID | str) -> QuerySet[AuditEntry]:
    """Every entry naming one participant (their own log, for their data export)."""
    entries = AuditSubject.objects.filter(participant_id=participant_id).values("entry_id")
    return AuditEntry.objects.filter(pk__in=entries)
