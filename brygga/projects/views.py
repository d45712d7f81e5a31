"""Project pages: the record, funders and budget, ESF+ and follow-up reports, dashboards.

Every page starts from ``selectors.get_project_for`` (members of the owner and
partner organisations), so an outsider gets 404. Counts below 5 are hidden
unless the reader is an organisation admin or case worker of the owner;
persons are only ever listed through ``participants_for``.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from brygga.core.errors import DomainError
from brygga.core.models import Organisation, User
from brygga.core.requests import acting_user, saved
from brygga.core.selectors import personal_data_organisations
from brygga.journeys.models import IncomeSource
from brygga.people.models import LabourMarketStatus
from brygga.people.rules import TargetGroup
from brygga.people.selectors import get_participant_for

from . import reports, selectors, services
from .charts import bar_chart, stacked_columns
from .forms import (
    BudgetLineForm,
    CostForm,
    EntrySituationForm,
    EstimateForm,
    FunderForm,
    FundingForm,
    RecordUploadForm,
    SpecialDataForm,
    SupportedEntityForm,
)
from .kernel import dashboard as dashboard_kernel
from .kernel.funding import Reason, check_cofinancing
from .kernel.suppress import suppress_value
from .models import EntrySituation, IndicatorEstimate, Project, SpecialCategoryData, SupportedEntity
from .record import LABELS, RecordInvalid, format_value, record_to_text, records_to_csv

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

COFINANCING_MESSAGES = {
    Reason.MATCHES: _("The EU share matches the EU co-financing rate."),
    Reason.EU_ABOVE_RATE: _(
        "The EU funds pay more than the EU co-financing rate allows: lower the EU amount "
        "or add national co-financing."
    ),
    Reason.EU_BELOW_RATE: _(
        "The EU share is below the EU co-financing rate: EU funding is missing from the plan, "
        "or the national co-financing is larger than planned."
    ),
    Reason.NO_EU_FUNDING: _("The project has an EU co-financing rate but no EU funding."),
    Reason.NO_RATE: _("The project has no EU co-financing rate to check against."),
    Reason.NO_FUNDING: _("No funding is recorded."),
    Reason.MIXED_CURRENCIES: _(
        "Amounts are in more than one currency; the share cannot be computed."
    ),
}
OUTCOME_LABELS: dict[str, StrOrPromise] = {
    "work": _("Work (incl. self-employment)"),
    "studies": _("Studies"),
    "job_seeking": _("Job-seeking"),
    "other": _("Other"),
}
DURATION_LABELS: dict[str, StrOrPromise] = {
    "under_3_months": _("Under 3 months"),
    "3_6_months": _("3–6 months"),
    "6_12_months": _("6–12 months"),
    "12_months_or_more": _("12 months or more"),
}
NOT_RECORDED = _("Not recorded")
GROUP_ORDER = ("output", "immediate", "longer_term", "entity")
MISSING_LABELS: dict[str, StrOrPromise] = {
    "labour_market_status": _("labour-market status"),
    "birth_date": _("birth date"),
    "education_level": _("education level"),
    "gender": _("gender"),
}


def _language_labels(choices: dict[str, StrOrPromise]) -> dict[str, StrOrPromise]:
    return {**choices, "not_recorded": NOT_RECORDED}


def _today(request: HttpRequest) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


def _download(content: str | bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _slug(project: Project) -> str:
    return project.diarienummer or f"project-{project.pk}"


# --- list and record ---------------------------------------------------------------------


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "projects/project_list.html",
        {
            "projects": selectors.projects_for(user),
            "organisations": selectors.organisations_with_projects(user),
            "can_import": services.admin_organisations(user).exists(),
        },
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = get_object_or_404(selectors.projects_for(user).prefetch_related("partners"), pk=pk)
    record = services.record_from_project(project)
    fields = [(LABELS[f], format_value(record, f)) for f in LABELS]
    years, funders = selectors.funding_table(project)
    checks = check_cofinancing(selectors.funding_rows(project), project.eu_cofinancing_rate)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "fields": fields,
            "years": years,
            "funders": funders,
            "checks": [(c, COFINANCING_MESSAGES[c.reason]) for c in checks],
            "budget": selectors.budget_table(project),
            "costs": project.costs.order_by("-incurred_on", "-id")[:20],
            "can_administer": selectors.can_administer(user, project),
        },
    )


@login_required
def record_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "txt"):
        raise Http404
    project = selectors.get_project_for(acting_user(request), pk)
    record = services.record_from_project(project)
    if fmt == "csv":
        return _download(records_to_csv([record]), f"{_slug(project)}.csv", "text/csv")
    return _download(record_to_text(record), f"{_slug(project)}.txt", "text/plain; charset=utf-8")


@login_required
@require_http_methods(["GET", "POST"])
def record_import(request: HttpRequest) -> HttpResponse:
    """Organisation admins import their projects' registry records."""
    user = acting_user(request)
    if not services.admin_organisations(user).exists():
        raise PermissionDenied
    form = RecordUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = upload.read().decode("utf-8-sig")
            results = services.import_record_file(upload.name, content, user)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        except RecordInvalid as exc:
            problems = [
                f"{LABELS.get(e.field, e.field)}: {e.message}"
                if e.row is None
                else f"{e.row}: {LABELS.get(e.field, e.field)}: {e.message}"
                for e in exc.errors
            ]
            form.add_error("file", _("Nothing was imported; correct the problems below."))
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            messages.success(request, _("The registry record is imported."))
            return redirect("projects:detail", pk=results[0][0].pk)
    return render(request, "projects/record_import.html", {"form": form, "problems": problems})


# --- funders, budget, costs ---------------------------------------------------------------


def _admin_form(
    request: HttpRequest,
    pk: int,
    make_form: Callable[[Project], forms.Form],
    change: Callable[[User, Project, dict[str, object]], object],
    heading: StrOrPromise,
    done: StrOrPromise,
    done_view: str = "projects:detail",
) -> HttpResponse:
    user = acting_user(request)
    project = selectors.get_project_for(user, pk)
    if not selectors.can_administer(user, project):
        raise PermissionDenied
    form = make_form(project)
    if saved(request, form, lambda: change(user, project, form.cleaned_data)):
        messages.success(request, done)
        return redirect(done_view, pk=project.pk)
    return render(
        request,
        "projects/form_page.html",
        {"form": form, "project": project, "heading": heading, "submit": heading},
    )


@login_required
def funder_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _admin_form(
        request,
        pk,
        lambda project: FunderForm(request.POST or None),
        lambda user, project, data: services.add_funder(
            user,
            project,
            str(data["name"]),
            str(data["kind"]),
            data["organisation"],  # type: ignore[arg-type]
        ),
        _("Add funder"),
        _("The funder is added."),
    )


@login_required
def funding_set(request: HttpRequest, pk: int) -> HttpResponse:
    def change(user: User, project: Project, data: dict[str, object]) -> object:
        funder = get_object_or_404(project.funders, pk=data["funder"])
        return services.set_funding(
            user,
            funder,
            int(str(data["year"])),
            Decimal(str(data["amount"])),
            str(data["currency"]),
        )

    return _admin_form(
        request,
        pk,
        lambda project: FundingForm(request.POST or None, project=project),
        change,
        _("Set a year's funding"),
        _("The funding is saved."),
    )


@login_required
def budget_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _admin_form(
        request,
        pk,
        lambda project: BudgetLineForm(request.POST or None, project=project),
        lambda user, project, data: services.add_budget_line(
            user,
            project,
            int(str(data["year"])),
            str(data["category"]),
            Decimal(str(data["amount"])),
            str(data["currency"]),
            str(data["description"]),
        ),
        _("Add budget line"),
        _("The budget line is added."),
    )


@login_required
def cost_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _admin_form(
        request,
        pk,
        lambda project: CostForm(request.POST or None),
        lambda user, project, data: services.record_cost(
            user,
            project,
            data["incurred_on"],  # type: ignore[arg-type]
            str(data["category"]),
            Decimal(str(data["amount"])),
            str(data["currency"]),
            str(data["description"]),
        ),
        _("Record cost"),
        _("The cost is recorded."),
    )


# --- ESF+ report ----------------------------------------------------------------------------


@login_required
def esf_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.get_project_for(user, pk)
    on = _today(request)
    full = selectors.sees_small_counts(user, project)
    target_group = request.GET.get("target_group", "")
    if target_group not in TargetGroup.values:
        target_group = ""
    report = reports.esf_report(project, on, suppress=not full, target_group=target_group)
    fmt = request.GET.get("format", "")
    name = f"esf-{_slug(project)}-{on.isoformat()}"
    if fmt == "csv":
        return _download(reports.to_csv(report, project), f"{name}.csv", "text/csv")
    if fmt == "json":
        return _download(reports.to_json(report, project), f"{name}.json", "application/json")
    if fmt == "xlsx":
        return _download(
            reports.to_xlsx(report, project),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    language = reports._language()
    groups = [
        (
            reports.GROUP_LABELS[group],
            [(c, c.indicator.label(language)) for c in report.group(group)],
        )
        for group in GROUP_ORDER
    ]
    return render(
        request,
        "projects/esf_report.html",
        {
            "project": project,
            "report": report,
            "groups": groups,
            "incomplete": reports.incomplete_count(report),
            "total": report.count("EECO01").total,
            "may_list_persons": personal_data_organisations(user).exists(),
            "full": full,
            "target_group": target_group,
            "target_groups": TargetGroup.choices,
            "has_estimates": any(c.estimate is not None for c in report.counts),
        },
    )


@login_required
def esf_incomplete(request: HttpRequest, pk: int) -> HttpResponse:
    """The participants to complete, of the reader's own organisations only."""
    user = acting_user(request)
    project = selectors.get_project_for(user, pk)
    if not personal_data_organisations(user).exists():
        raise PermissionDenied
    on = _today(request)
    report = reports.esf_report(project, on, suppress=False)
    missing = {i.key.split(":", 1)[1]: i.missing for i in report.incomplete}
    enrolments = selectors.incomplete_participants_for(
        user, project, [i.key for i in report.incomplete]
    )
    rows = [(e, [MISSING_LABELS[m] for m in missing[str(e.participant_id)]]) for e in enrolments]
    return render(
        request,
        "projects/esf_incomplete.html",
        {"project": project, "rows": rows, "others": len(missing) > len(rows)},
    )


# --- follow-up report -----------------------------------------------------------------------


def _rows(
    counts: Mapping[str, int | None], labels: Mapping[str, StrOrPromise]
) -> list[tuple[StrOrPromise, int | None]]:
    keys = [k for k in labels if k in counts] + sorted(k for k in counts if k not in labels)
    return [(labels.get(k, k), counts[k]) for k in keys]


@login_required
def follow_up_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.get_project_for(user, pk)
    on = _today(request)
    suppress = not selectors.sees_small_counts(user, project)
    report = reports.follow_up(project, on, suppress=suppress)
    incomes = _language_labels(dict(IncomeSource.choices))
    statuses = _language_labels(dict(LabourMarketStatus.choices))
    income_keys = [k for k in incomes if k in report.income_before or k in report.income_after]
    income_rows = [
        (incomes[k], report.income_before.get(k, 0), report.income_after.get(k, 0))
        for k in income_keys
    ]
    outcome_rows = _rows(report.outcome, OUTCOME_LABELS)
    return render(
        request,
        "projects/follow_up_report.html",
        {
            "project": project,
            "report": report,
            "left": report.left,
            "still_in": report.still_in,
            "six_recorded": report.six_months_recorded,
            "income_rows": income_rows,
            "activity_rows": _rows(report.activity_before, statuses),
            "outcome_rows": outcome_rows,
            "six_rows": _rows(report.situation_six_months, OUTCOME_LABELS),
            "duration_rows": _rows(report.duration, DURATION_LABELS),
            "outcome_chart": bar_chart(
                "chart-outcomes",
                str(_("Outcome on leaving")),
                [(str(k), v) for k, v in outcome_rows],
            ),
            "suppressed": suppress,
        },
    )


# --- dashboards -----------------------------------------------------------------------------


def _as_is(value: int | None) -> int | None:
    return value


def _hider(suppress: bool) -> Callable[[int | None], int | None]:
    return suppress_value if suppress else _as_is


def _dashboard_context(
    summary: dashboard_kernel.Dashboard, suppress: bool, prefix: str
) -> dict[str, object]:
    hide = _hider(suppress)
    group_labels: dict[str, StrOrPromise] = {
        **dict(TargetGroup.choices),
        "none": _("No target group"),
    }
    groups = [(group_labels.get(k, k), hide(v)) for k, v in summary.by_target_group.items()]
    groups.sort(key=lambda item: str(item[0]))
    status = [(_("Active"), hide(summary.active)), (_("Left"), hide(summary.left))]
    series = [
        (str(OUTCOME_LABELS[k]), [hide(v) for v in values])
        for k, values in summary.outcomes_by_quarter.items()
    ]
    per_participant = summary.cost_per_participant
    per_outcome = summary.cost_per_outcome
    if suppress and hide(summary.participants) is None:
        per_participant = None
    if suppress and hide(summary.positive_outcomes) is None:
        per_outcome = None
    return {
        "summary": summary,
        "participants": hide(summary.participants),
        "positive": hide(summary.positive_outcomes),
        "groups": groups,
        "status": status,
        "organisations": sorted((k, hide(v)) for k, v in summary.by_organisation.items()),
        "quarters": list(zip(summary.quarters, *[values for _name, values in series], strict=True))
        if series and summary.quarters
        else [],
        "series_names": [name for name, _values in series],
        "group_chart": bar_chart(
            f"{prefix}-groups",
            str(_("Participants by target group")),
            [(str(k), v) for k, v in groups],
        ),
        "status_chart": bar_chart(
            f"{prefix}-status", str(_("Participants by status")), [(str(k), v) for k, v in status]
        ),
        "outcome_chart": stacked_columns(
            f"{prefix}-outcomes",
            str(_("Outcomes on leaving, per quarter")),
            summary.quarters,
            series,
        ),
        "cost_per_participant": per_participant,
        "cost_per_outcome": per_outcome,
        "suppressed": suppress,
    }


@login_required
def project_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.get_project_for(user, pk)
    on = _today(request)
    rows = selectors.indicator_rows([project], on)
    summary = dashboard_kernel.summarise(rows, on, selectors.total_cost([project]))
    context = _dashboard_context(summary, not selectors.sees_small_counts(user, project), "project")
    impact = selectors.impact_results_for(user, project, summary.cost)
    chart = None
    if impact:
        items: list[tuple[str, float | None]] = [(str(_("Actual costs")), float(summary.cost))]
        items += [(row.scenario.name, float(row.npv)) for row in impact]
        chart = bar_chart("project-impact", str(_("Socioeconomic result against the cost")), items)
    context.update(
        project=project, budget=selectors.budget_table(project), impact=impact, impact_chart=chart
    )
    return render(request, "projects/dashboard.html", context)


@login_required
def organisation_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's projects together: its own projects whole, partner projects' own people."""
    user = acting_user(request)
    organisation: Organisation = selectors.get_organisation_for(user, pk)
    on = _today(request)
    projects = list(selectors.projects_of_organisation(organisation))
    rows = selectors.indicator_rows(projects, on, organisation=organisation)
    owned = [p for p in projects if p.owner_id == organisation.pk]
    summary = dashboard_kernel.summarise(rows, on, selectors.total_cost(owned))
    full = personal_data_organisations(user).filter(pk=organisation.pk).exists()
    context = _dashboard_context(summary, not full, "organisation")
    per_project = []
    for project in projects:
        mine = [r for r in rows if r.key.startswith(f"{project.pk}:")]
        part = dashboard_kernel.summarise(mine, on, Decimal(0))
        hide = _hider(not full)
        per_project.append(
            (project, hide(part.participants), hide(part.left), hide(part.positive_outcomes))
        )
    context.update(organisation=organisation, per_project=per_project)
    return render(request, "projects/organisation_dashboard.html", context)


# --- special-category data ---------------------------------------------------------------


@login_required
def special_data(request: HttpRequest, participant_pk: uuid.UUID) -> HttpResponse:
    """Disability and minority for ESF+, stored apart with the legal basis."""
    user = acting_user(request)
    participant = get_participant_for(user, participant_pk)
    existing = selectors.special_data_for(user).filter(participant=participant).first()
    enrolments = participant.enrolments.select_related("project").order_by("entry_date")
    initial: dict[str, object] = {}
    if existing is not None:
        initial = {
            "disability": _answer(existing.disability),
            "minority": _answer(existing.minority),
            "legal_basis": existing.legal_basis,
            "basis_note": existing.basis_note,
        }
    form = SpecialDataForm(request.POST or None, initial=initial)

    def change() -> SpecialCategoryData:
        data = form.cleaned_data
        return services.record_special_data(
            user,
            participant,
            services.SpecialData(
                disability=SpecialDataForm.answer(data["disability"]),
                minority=SpecialDataForm.answer(data["minority"]),
                legal_basis=data["legal_basis"],
                basis_note=data["basis_note"],
            ),
        )

    if saved(request, form, change):
        messages.success(request, _("The information is saved."))
        return redirect("people:participant_detail", pk=participant.pk)
    return render(
        request,
        "projects/special_data.html",
        {"form": form, "participant": participant, "enrolments": enrolments},
    )


def _answer(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


# --- situation at entry (EECO16, EECO17) ----------------------------------------------------


@login_required
def entry_situation(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    """Housing and area of residence at one entry into a project, for ESF+."""
    user = acting_user(request)
    enrolment = selectors.get_enrolment_for(user, enrolment_pk)
    if (
        not personal_data_organisations(user)
        .filter(pk=enrolment.participant.organisation_id)
        .exists()
    ):
        raise PermissionDenied
    existing = selectors.entry_situations_for(user).filter(enrolment=enrolment).first()
    initial: dict[str, object] = {}
    if existing is not None:
        initial = {
            "housing": existing.housing,
            "degurba": existing.degurba if existing.area_source == "case_worker" else "",
            "area_note": existing.area_note,
        }
    form = EntrySituationForm(request.POST or None, initial=initial)

    def change() -> EntrySituation:
        data = form.cleaned_data
        return services.record_entry_situation(
            user,
            enrolment,
            services.EntryFacts(
                housing=data["housing"], degurba=data["degurba"], area_note=data["area_note"]
            ),
        )

    if saved(request, form, change):
        messages.success(request, _("The information is saved."))
        return redirect("projects:special_data", participant_pk=enrolment.participant_id)
    return render(
        request,
        "projects/entry_situation.html",
        {"form": form, "enrolment": enrolment, "existing": existing},
    )


# --- supported entities and estimates --------------------------------------------------------


@login_required
def supported_entities(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.get_project_for(user, pk)
    return render(
        request,
        "projects/supported_entities.html",
        {
            "project": project,
            "entities": selectors.supported_entities(project),
            "can_administer": selectors.can_administer(user, project),
        },
    )


@login_required
def supported_entity_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _admin_form(
        request,
        pk,
        lambda project: SupportedEntityForm(request.POST or None),
        lambda user, project, data: services.add_supported_entity(
            user,
            project,
            data["organisation"],  # type: ignore[arg-type]
            data["supported_on"],  # type: ignore[arg-type]
            SpecialDataForm.answer(str(data["sme"])),
            str(data["description"]),
        ),
        _("Add supported organisation"),
        _("The supported organisation is added."),
        "projects:supported_entities",
    )


@login_required
@require_http_methods(["POST"])
def supported_entity_remove(request: HttpRequest, pk: int, entity_pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.get_project_for(user, pk)
    entity: SupportedEntity = get_object_or_404(selectors.supported_entities(project), pk=entity_pk)
    try:
        services.remove_supported_entity(user, entity)
    except DomainError as error:
        raise PermissionDenied from error
    messages.success(request, _("The supported organisation is removed."))
    return redirect("projects:supported_entities", pk=project.pk)


@login_required
def estimates(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.get_project_for(user, pk)
    return render(
        request,
        "projects/estimates.html",
        {
            "project": project,
            "estimates": project.estimates.all(),
            "can_administer": selectors.can_administer(user, project),
        },
    )


@login_required
def estimate_add(request: HttpRequest, pk: int) -> HttpResponse:
    def change(user: User, project: Project, data: dict[str, object]) -> IndicatorEstimate:
        count, share = data["count"], data["share"]
        return services.record_estimate(
            user,
            project,
            services.EstimateData(
                code=str(data["code"]),
                period_start=data["period_start"],  # type: ignore[arg-type]
                period_end=data["period_end"],  # type: ignore[arg-type]
                basis=str(data["basis"]),
                count=int(str(count)) if count is not None else None,
                share=Decimal(str(share)) if share is not None else None,
            ),
        )

    return _admin_form(
        request,
        pk,
        lambda project: EstimateForm(request.POST or None),
        change,
        _("Add an informed estimate"),
        _("The estimate is saved."),
        "projects:estimates",
    )


@login_required
@require_http_methods(["POST"])
def estimate_remove(request: HttpRequest, pk: int, estimate_pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.get_project_for(user, pk)
    estimate: IndicatorEstimate = get_object_or_404(project.estimates, pk=estimate_pk)
    try:
        services.remove_estimate(user, estimate)
    except DomainError as error:
        raise PermissionDenied from error
    messages.success(request, _("The estimate is removed."))
    return redirect("projects:estimates", pk=project.pk)
