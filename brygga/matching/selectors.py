"""Read queries of the matching app, always scoped to the acting user.

* Opportunities: members of the owning organisation see its opportunities in every state;
  users with a personal-data role anywhere (case workers, organisation admins) see every
  *open* opportunity, so that they can match their participants to it.
* Participants are reached only through ``people.selectors.participants_for``. The receiving
  organisation sees a participant only through a referral (made with consent) to one of its
  opportunities, and only what the referral shows.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from brygga.core.models import Organisation, Role, User
from brygga.core.selectors import organisations_for, personal_data_organisations
from brygga.people.selectors import participants_for

from .models import AllocationRun, Opportunity, OpportunityStatus, Referral

#: Roles that may publish and edit their organisation's opportunities and answer referrals.
OPPORTUNITY_ROLES: frozenset[str] = frozenset(
    {Role.ORG_ADMIN, Role.CASE_WORKER, Role.ENTERPRISE_STAFF}
)


def owning_organisations(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Organisations whose opportunities ``user`` may publish, edit and answer referrals to."""
    return organisations_for(user, OPPORTUNITY_ROLES)


def opportunities_for(user: User | AnonymousUser) -> QuerySet[Opportunity]:
    own = Q(organisation__in=organisations_for(user))
    if personal_data_organisations(user).exists():
        own |= Q(status=OpportunityStatus.OPEN)
    return Opportunity.objects.filter(own).select_related("organisation")


def open_opportunities_for(user: User | AnonymousUser) -> QuerySet[Opportunity]:
    return opportunities_for(user).filter(status=OpportunityStatus.OPEN)


def get_opportunity_for(user: User | AnonymousUser, pk: object) -> Opportunity:
    return get_object_or_404(opportunities_for(user), pk=pk)


def get_editable_opportunity(user: User | AnonymousUser, pk: object) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.filter(organisation__in=owning_organisations(user)), pk=pk
    )


def referrals_for(user: User | AnonymousUser) -> QuerySet[Referral]:
    """Referrals ``user`` made or may see for their participants, and those to their openings."""
    return Referral.objects.filter(
        Q(participant__in=participants_for(user))
        | Q(opportunity__organisation__in=owning_organisations(user))
    ).select_related("opportunity__organisation", "participant__organisation")


def received_referrals_for(user: User | AnonymousUser) -> QuerySet[Referral]:
    return referrals_for(user).filter(opportunity__organisation__in=owning_organisations(user))


def sent_referrals_for(user: User | AnonymousUser) -> QuerySet[Referral]:
    return referrals_for(user).filter(participant__in=participants_for(user))


def get_referral_for(user: User | AnonymousUser, pk: object) -> Referral:
    return get_object_or_404(referrals_for(user), pk=pk)


def allocation_runs_for(user: User | AnonymousUser) -> QuerySet[AllocationRun]:
    return AllocationRun.objects.filter(organisation__in=personal_data_organisations(user))


def get_allocation_run_for(user: User | AnonymousUser, pk: object) -> AllocationRun:
    return get_object_or_404(allocation_runs_for(user), pk=pk)
