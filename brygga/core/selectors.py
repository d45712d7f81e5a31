"""Read queries about organisations and who may act for them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from .models import PERSONAL_DATA_ROLES, Organisation, Role, User


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
