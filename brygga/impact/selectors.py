"""Read queries of the impact app, always scoped to the caller's organisations."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from brygga.core.models import Organisation, User
from brygga.core.selectors import organisations_for
from brygga.projects.models import Project

from .models import ParameterOverride, ParameterSet, ResultStatus, Scenario, ScenarioResult
from .services import EDIT_ROLES, ensure_shipped_parameter_sets


def parameter_sets_for(user: User | AnonymousUser) -> QuerySet[ParameterSet]:
    """The shipped sets and the copies of ``user``'s organisations."""
    ensure_shipped_parameter_sets()
    return ParameterSet.objects.filter(
        Q(organisation__isnull=True) | Q(organisation__in=organisations_for(user))
    ).select_related("organisation", "based_on")


def get_parameter_set_for(user: User | AnonymousUser, pk: object) -> ParameterSet:
    return get_object_or_404(parameter_sets_for(user), pk=pk)


def get_override_for(user: User | AnonymousUser, pk: object) -> ParameterOverride:
    return get_object_or_404(
        ParameterOverride.objects.filter(
            parameter_set__organisation__in=organisations_for(user)
        ).select_related("parameter_set__organisation"),
        pk=pk,
    )


def editable_organisations(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Organisations whose impact data ``user`` may change (org admin, analyst)."""
    return organisations_for(user, EDIT_ROLES)


def scenarios_for(user: User | AnonymousUser) -> QuerySet[Scenario]:
    """Scenarios of every organisation ``user`` holds a role in."""
    return Scenario.objects.filter(organisation__in=organisations_for(user)).select_related(
        "organisation", "parameter_set", "project"
    )


def get_scenario_for(user: User | AnonymousUser, pk: object) -> Scenario:
    return get_object_or_404(scenarios_for(user), pk=pk)


def results_for(user: User | AnonymousUser) -> QuerySet[ScenarioResult]:
    return ScenarioResult.objects.filter(
        scenario__organisation__in=organisations_for(user)
    ).select_related("scenario__organisation")


def get_result_for(user: User | AnonymousUser, pk: object) -> ScenarioResult:
    return get_object_or_404(results_for(user), pk=pk)


def latest_done_result(scenario: Scenario) -> ScenarioResult | None:
    return scenario.results.filter(status=ResultStatus.DONE).order_by("-created_at", "-id").first()


def projects_for_scenarios(user: User | AnonymousUser) -> QuerySet[Project]:
    """Projects a records scenario may read: those of the user's organisations."""
    organisations = organisations_for(user)
    return (
        Project.objects.filter(Q(owner__in=organisations) | Q(partners__in=organisations))
        .distinct()
        .order_by("name")
    )
