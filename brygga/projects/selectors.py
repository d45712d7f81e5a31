"""Read queries for projects, always scoped to the acting user.

Members of the owner and of the partner organisations (any role) see a
project; others get 404. Aggregates are computed over all of a project's
enrolments, but only persons of the user's own organisations are ever listed
(through ``participants_for``), and small counts are hidden from everyone but
the owner's personal-data roles (``sees_small_counts``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db import connections, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from brygga.core.models import PERSONAL_DATA_ROLES, Organisation, User
from brygga.core.selectors import organisations_for
from brygga.journeys.models import Enrolment, FollowUp
from brygga.people.rules import Facts, is_long_term_unemployed, target_groups
from brygga.people.rules import age_on as rules_age_on
from brygga.people.selectors import participants_for

from . import indicators
from .kernel import esf
from .kernel.esf import EntityRow, Estimate, Observation, ParticipantRow
from .kernel.funding import FundingRow
from .models import (
    Cost,
    Degurba,
    EntrySituation,
    FundingAmount,
    HousingSituation,
    IndicatorEstimate,
    Project,
    SpecialCategoryData,
    SupportedEntity,
)

if TYPE_CHECKING:
    from brygga.impact.models import Scenario, ScenarioResult


def projects_for(user: User | AnonymousUser) -> QuerySet[Project]:
    """Projects owned by or shared with ``user``'s organisations (any role)."""
    organisations = organisations_for(user)
    ids = Project.objects.filter(Q(owner__in=organisations) | Q(partners__in=organisations)).values(
        "pk"
    )
    return Project.objects.filter(pk__in=ids).select_related("owner").order_by("name")


def get_project_for(user: User | AnonymousUser, pk: object) -> Project:
    return get_object_or_404(projects_for(user), pk=pk)


def sees_small_counts(user: User | AnonymousUser, project: Project) -> bool:
    """Only the owner's organisation admins and case workers see counts below 5."""
    return organisations_for(user, PERSONAL_DATA_ROLES).filter(pk=project.owner_id).exists()


def can_administer(user: User | AnonymousUser, project: Project) -> bool:
    from .services import PROJECT_ADMIN_ROLES

    return organisations_for(user, PROJECT_ADMIN_ROLES).filter(pk=project.owner_id).exists()


def organisations_with_projects(user: User | AnonymousUser) -> QuerySet[Organisation]:
    return organisations_for(user).order_by("name")


def get_organisation_for(user: User | AnonymousUser, pk: object) -> Organisation:
    return get_object_or_404(organisations_for(user), pk=pk)


def projects_of_organisation(organisation: Organisation) -> QuerySet[Project]:
    ids = Project.objects.filter(Q(owner=organisation) | Q(partners=organisation)).values("pk")
    return Project.objects.filter(pk__in=ids).order_by("name")


# --- rows for the kernels ---------------------------------------------------------------

_PARTICIPANT_FIELDS = (
    "participant_id",
    "participant__organisation__name",
    "participant__gender",
    "participant__birth_date",
    "participant__education_level",
    "participant__labour_market_status",
    "participant__labour_market_status_since",
    "participant__in_upper_secondary_school",
    "participant__income_support",
    "participant__sick_leave",
    "participant__sick_leave_since",
    "participant__foreign_background",
    "participant__third_country_national",
    "participant__esf_special_data__disability",
    "participant__esf_special_data__minority",
    "esf_entry__housing",
    "esf_entry__degurba",
    "id",
    "project_id",
    "entry_date",
    "exit_date",
    "exit_outcome",
    "qualification_gained",
    "income_sources_before",
    "income_sources_after",
)


def indicator_rows(
    projects: Iterable[Project] | QuerySet[Project],
    on: datetime.date,
    organisation: Organisation | None = None,
) -> list[ParticipantRow]:
    """One kernel row per enrolment in ``projects`` (two flat queries, no per-row work).

    For aggregates only: the rows carry an opaque key, never a name or number.
    Target groups are derived on ``on``; long-term unemployment at the entry date.
    With ``organisation``: its own projects whole, other projects only its own people.
    """
    enrolments = list(
        _enrolments_of(projects, organisation).order_by("id").values(*_PARTICIPANT_FIELDS)
    )
    observations: dict[int, list[Observation]] = defaultdict(list)
    follow_ups = FollowUp.objects.filter(
        enrolment__project__in=projects, completed_on__isnull=False
    ).values_list("enrolment_id", "completed_on", "kind", "situation", "better_situation")
    for enrolment_id, completed_on, kind, situation, better in follow_ups:
        if completed_on is not None:
            observations[enrolment_id].append(Observation(completed_on, kind, situation, better))
    rows = []
    for e in enrolments:
        facts = Facts(
            birth_date=e["participant__birth_date"],
            in_upper_secondary_school=e["participant__in_upper_secondary_school"],
            education_level=e["participant__education_level"],
            labour_market_status=e["participant__labour_market_status"],
            labour_market_status_since=e["participant__labour_market_status_since"],
            income_support=e["participant__income_support"],
            sick_leave_since=e["participant__sick_leave_since"]
            if e["participant__sick_leave"]
            else None,
            foreign_background=e["participant__foreign_background"],
            third_country_national=e["participant__third_country_national"],
        )
        birth = facts.birth_date
        age_at_entry = rules_age_on(birth, e["entry_date"]) if birth else None
        rows.append(
            ParticipantRow(
                # One key per participant and project: a re-entry is the same person there.
                key=f"{e['project_id']}:{e['participant_id']}",
                gender=e["participant__gender"],
                birth_date=birth,
                education_level=e["participant__education_level"],
                labour_market_status=e["participant__labour_market_status"],
                entry_date=e["entry_date"],
                long_term_unemployed=is_long_term_unemployed(facts, e["entry_date"], age_at_entry),
                third_country_national=facts.third_country_national,
                foreign_background=facts.foreign_background,
                disability=e["participant__esf_special_data__disability"],
                minority=e["participant__esf_special_data__minority"],
                homeless=homeless_at_entry(e["esf_entry__housing"]),
                rural=rural_at_entry(e["esf_entry__degurba"]),
                exit_date=e["exit_date"],
                exit_outcome=e["exit_outcome"],
                qualification_gained=e["qualification_gained"],
                income_sources_before=tuple(e["income_sources_before"] or ()),
                income_sources_after=tuple(e["income_sources_after"] or ()),
                observations=tuple(observations.get(e["id"], ())),
                organisation=e["participant__organisation__name"],
                target_groups=tuple(sorted(target_groups(facts, on))),
                target_groups_at_entry=tuple(sorted(target_groups(facts, e["entry_date"]))),
            )
        )
    return rows


def _enrolments_of(
    projects: Iterable[Project] | QuerySet[Project], organisation: Organisation | None
) -> QuerySet[Enrolment]:
    """The enrolments reports count: with ``organisation``, its own projects whole and
    other projects only its own people."""
    enrolments = Enrolment.objects.filter(project__in=projects)
    if organisation is not None:
        enrolments = enrolments.filter(
            Q(project__owner=organisation) | Q(participant__organisation=organisation)
        )
    return enrolments


def indicator_counts(
    projects: Iterable[Project] | QuerySet[Project],
    on: datetime.date,
    organisation: Organisation | None = None,
    target_group: str = "",
) -> esf.Tallies:
    """What ``esf.tally(indicator_rows(projects, on, organisation), on)`` gives, counted
    by the database in two queries, whatever the number of participants. With
    ``target_group``, of the rows with it in ``target_groups_at_entry``.

    One aggregate over the enrolments entered by ``on`` with complete minimum
    data, joined to the participant, the special-category data, the situation
    at entry and the two follow-ups, grouped by gender and the few columns some
    rules read directly (status, education level, …: ``indicators.GROUPED_BY``),
    with a conditional count per other rule (``indicators.conditions``); the
    rules are then read off the groups (``indicators.GROUP_RULES``). And one
    query listing the enrolments whose minimum data is incomplete, with what is
    missing. An enrolment is one participant in one project: a re-entry reopens
    it and keeps the first entry date, so it is counted once, with its latest
    stay's exit and results.
    """
    _version, table = esf.load_code_table()
    rules = [i.rule for i in table if i.rule in esf.RULES]
    entered = _enrolments_of(projects, organisation).filter(entry_date__lte=on)
    if target_group:
        entered = entered.filter(indicators.in_target_group_at_entry(target_group))
    conditions = indicators.conditions(on)
    counts = {f"n_{name}": Count("pk", filter=q) for name, q in conditions.items()}
    grouped = (
        entered.filter(indicators.complete())
        .alias(**indicators.follow_up_relations(on))
        .alias(situation=indicators.situation_on_leaving())
        .order_by()
        .values("participant__gender", *indicators.GROUPED_BY.values())
        .annotate(size=Count("pk"), **counts)
    )
    with transaction.atomic(using=grouped.db):
        if connections[grouped.db].vendor == "postgresql":
            # Compiling the conditions just in time costs more than it saves in
            # a query run once (0.5 s of 3 s at a million enrolments). LOCAL: to
            # the end of this transaction, or of the caller's if one is open.
            with connections[grouped.db].cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        groups = [
            indicators.Group(
                gender=row["participant__gender"],
                **{field: row[column] for field, column in indicators.GROUPED_BY.items()},
                size=row["size"],
                counts={name: row[f"n_{name}"] for name in conditions},
            )
            for row in grouped
        ]
    by_rule = {rule: dict.fromkeys(esf.GENDERS, 0) for rule in rules}
    for group in groups:
        for rule in rules:
            by_rule[rule][group.gender] += indicators.GROUP_RULES[rule](group)
    incomplete = [
        esf.Incomplete(
            f"{row['project_id']}:{row['participant_id']}",
            esf.missing_data(
                row["participant__labour_market_status"],
                row["participant__birth_date"],
                row["participant__education_level"],
                row["participant__gender"],
            ),
        )
        for row in entered.exclude(indicators.complete())
        .order_by()
        .values(
            "project_id",
            "participant_id",
            "participant__labour_market_status",
            "participant__birth_date",
            "participant__education_level",
            "participant__gender",
        )
    ]

    return esf.Tallies(
        by_rule=by_rule,
        output=sum(g.size for g in groups),
        left=sum(g.counts["left"] for g in groups),
        six_months_on=sum(g.counts["six_months_on"] for g in groups),
        incomplete=tuple(sorted(incomplete, key=lambda i: i.key)),
    )


def homeless_at_entry(housing: str | None) -> bool | None:
    """Homeless or affected by housing exclusion (EECO16); None when not recorded."""
    return None if not housing else housing != HousingSituation.STABLE


def rural_at_entry(degurba: int | None) -> bool | None:
    """Living in a rural area (DEGURBA 3, EECO17); None when not known."""
    return None if degurba is None else degurba == Degurba.RURAL


def entity_rows(project: Project) -> list[EntityRow]:
    """The organisations ``project`` supported, as plain rows for the kernel."""
    return [
        EntityRow(str(org_id), kind, supported_on, sme)
        for org_id, kind, supported_on, sme in SupportedEntity.objects.filter(
            project=project
        ).values_list("organisation_id", "organisation__kind", "supported_on", "sme")
    ]


def estimate_rows(project: Project) -> list[Estimate]:
    return [
        Estimate(
            code=e.code,
            period_start=e.period_start,
            period_end=e.period_end,
            count=e.count,
            share=float(e.share) if e.share is not None else None,
            basis=e.basis,
        )
        for e in IndicatorEstimate.objects.filter(project=project)
    ]


def supported_entities(project: Project) -> QuerySet[SupportedEntity]:
    return SupportedEntity.objects.filter(project=project).select_related("organisation")


def get_enrolment_for(user: User | AnonymousUser, pk: object) -> Enrolment:
    """An enrolment of one of ``user``'s own organisations' participants, else 404."""
    return get_object_or_404(
        Enrolment.objects.filter(participant__in=participants_for(user)).select_related(
            "participant", "participant__organisation", "project"
        ),
        pk=pk,
    )


def entry_situations_for(user: User | AnonymousUser) -> QuerySet[EntrySituation]:
    """Situations at entry ``user`` may read: own organisations' participants only."""
    return EntrySituation.objects.filter(enrolment__participant__in=participants_for(user))


def incomplete_participants_for(
    user: User | AnonymousUser, project: Project, keys: Iterable[str]
) -> QuerySet[Enrolment]:
    """The enrolments behind the kernel's incomplete keys that ``user`` may see as persons."""
    ids = [key.split(":", 1)[1] for key in keys]
    return (
        Enrolment.objects.filter(
            project=project, participant__in=participants_for(user), participant_id__in=ids
        )
        .select_related("participant", "participant__organisation")
        .order_by("participant__last_name", "participant__first_name")
    )


def funding_rows(project: Project) -> list[FundingRow]:
    return [
        FundingRow(year, kind == "eu_fund", amount, currency)
        for year, kind, amount, currency in FundingAmount.objects.filter(
            funder__project=project
        ).values_list("year", "funder__kind", "amount", "currency")
    ]


def funding_table(project: Project) -> tuple[list[int], list[dict[str, object]]]:
    """Years, and per funder its name, kind and amount per year (None where none)."""
    years = project.years()
    rows: list[dict[str, object]] = []
    for funder in project.funders.prefetch_related("amounts").select_related("organisation"):
        amounts = {a.year: a for a in funder.amounts.all()}
        rows.append(
            {
                "funder": funder,
                "amounts": [amounts.get(year) for year in years],
                "total": sum((a.amount for a in amounts.values()), start=0),
                "currency": next(iter({a.currency for a in amounts.values()}), ""),
            }
        )
    return years, rows


def budget_table(project: Project) -> list[dict[str, object]]:
    """Per year: budget, actual costs and what remains (in the project's currency)."""
    budget = dict(
        project.budget_lines.values("year").annotate(s=Sum("amount")).values_list("year", "s")
    )
    costs: dict[int, Decimal] = defaultdict(Decimal)
    for day, amount in Cost.objects.filter(project=project).values_list("incurred_on", "amount"):
        costs[day.year] += amount
    rows = []
    for year in project.years():
        planned = budget.get(year) or Decimal(0)
        spent = costs.get(year, Decimal(0))
        rows.append({"year": year, "budget": planned, "cost": spent, "left": planned - spent})
    return rows


def total_cost(projects: Iterable[Project] | QuerySet[Project]) -> Decimal:
    total = Cost.objects.filter(project__in=projects).aggregate(s=Sum("amount"))["s"]
    return Decimal(total or 0)


@dataclass(frozen=True)
class ImpactRow:
    """A scenario's latest socioeconomic result beside the project's actual cost."""

    scenario: Scenario
    result: ScenarioResult
    npv: Decimal
    per_krona: Decimal | None  # net present value per krona of actual cost


def impact_results_for(
    user: User | AnonymousUser, project: Project, cost: Decimal
) -> list[ImpactRow]:
    """The latest finished result of each scenario about ``project``.

    Only scenarios of ``user``'s own organisations (the impact module's rule).
    """
    from brygga.impact.selectors import latest_done_result, scenarios_for

    rows = []
    for scenario in scenarios_for(user).filter(project=project).order_by("name", "id"):
        result = latest_done_result(scenario)
        if result is None or result.npv is None:
            continue
        npv = Decimal(str(result.npv)).quantize(Decimal(1))
        per_krona = (npv / cost).quantize(Decimal("0.01")) if cost else None
        rows.append(ImpactRow(scenario, result, npv, per_krona))
    return rows


def special_data_for(user: User | AnonymousUser) -> QuerySet[SpecialCategoryData]:
    """Special-category rows ``user`` may read: own organisations' participants only."""
    return SpecialCategoryData.objects.filter(participant__in=participants_for(user))
