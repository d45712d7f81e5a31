"""ESF+ and follow-up reports of a project: computed by the kernels, written as CSV, JSON, XLSX.

``esf_report`` has the database count the project's participants per indicator
and gender (``selectors.indicator_counts``, the kernel's rules in SQL) and the
kernel make the report of them, with the supported organisations and any
estimate; when the reader may not see small counts, it hides them before
anything leaves.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Mapping
from dataclasses import replace

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .kernel import esf, followup
from .kernel.suppress import TOTAL, suppress_table, suppress_value
from .models import Project
from .selectors import entity_rows, estimate_rows, indicator_counts, indicator_rows

GROUP_LABELS = {
    "output": _("Participants at entry (output indicators)"),
    "entity": _("Entities (output indicators)"),
    "immediate": _("Immediate results, within 28 days of leaving"),
    "longer_term": _("Longer-term results, six months after leaving"),
}


def esf_report(
    project: Project, on: datetime.date, *, suppress: bool, target_group: str = ""
) -> esf.EsfReport:
    """The indicators; with ``target_group``, only participants in it at their first entry.

    (ESF+ allows reporting by the target group where eligibility requires the
    characteristic.)
    """
    tallies = indicator_counts([project], on, target_group=target_group)
    # An estimate is for all of the project's participants, not for one target group.
    estimates = [] if target_group else estimate_rows(project)
    report = esf.report(tallies, on, entity_rows(project), estimates)
    report = replace(report, target_group=target_group)
    return suppress_report(report) if suppress else report


def suppress_report(report: esf.EsfReport) -> esf.EsfReport:
    """The same report with counts below 5 hidden and no participant keys.

    Person counts with a gender breakdown are suppressed as one table, with
    complementary suppression within each row and within each partition of the
    code table (statuses and education bands adding up to EECO01), column by
    column. An estimate is hidden when below 5; counts of organisations
    (entity indicators) are not personal and are shown.
    """
    table = {
        c.indicator.code: {**c.by_gender, TOTAL: c.total}
        for c in report.counts
        if c.by_gender_known
    }
    shown_table = suppress_table(table, esf.load_partitions())
    counts = []
    for count in report.counts:
        if count.indicator.code in shown_table:
            cells = dict(shown_table[count.indicator.code])
            total = cells.pop(TOTAL)
            counts.append(replace(count, by_gender=cells, total=total))
        elif count.estimate is not None:
            counts.append(replace(count, total=suppress_value(count.total)))
        else:
            counts.append(count)
    hidden = tuple(esf.Incomplete("", ()) for _ in report.incomplete)
    return replace(
        report,
        counts=tuple(counts),
        incomplete=hidden,
        left=suppress_value(report.left) or 0,
        six_months_on=suppress_value(report.six_months_on) or 0,
        suppressed=True,
    )


def incomplete_count(report: esf.EsfReport) -> int | None:
    count = len(report.incomplete)
    return suppress_value(count) if report.suppressed else count


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _cell(value: int | None, collected: bool) -> str:
    if not collected:
        return "n/a"
    return "<5" if value is None else str(value)


HEADER = (
    "code",
    "indicator",
    "group",
    "women",
    "men",
    "non_binary",
    "total",
    "confirmed_code",
    "source",
)


def source(count: esf.Count) -> str:
    """Where a figure comes from: records, an estimate, organisations, or nowhere."""
    if not count.collected:
        return "not_collected"
    if count.estimate is not None:
        return "estimate"
    return "organisations" if count.indicator.group == "entity" else "records"


def estimate_text(estimate: esf.Estimate) -> str:
    """``"12 participants, 2025-01-01–2025-12-31: basis"`` (for downloads)."""
    amount = (
        f"{estimate.count} participants"
        if estimate.count is not None
        else f"{estimate.share:g} % of participants"
    )
    period = f"{estimate.period_start.isoformat()}–{estimate.period_end.isoformat()}"
    return f"{amount}, {period}: {estimate.basis}"


def report_rows(report: esf.EsfReport) -> list[list[str]]:
    language = _language()
    rows = []
    for count in report.counts:
        indicator = count.indicator
        if count.by_gender_known or not count.collected:
            genders = [_cell(count.by_gender[g], count.collected) for g in esf.GENDERS]
        else:  # organisations and estimates have no gender breakdown
            genders = ["", "", ""]
        rows.append(
            [
                indicator.code,
                indicator.label(language),
                indicator.group,
                *genders,
                _cell(count.total, count.collected),
                "yes" if indicator.confirmed else "no",
                source(count),
            ]
        )
    return rows


def _summary(report: esf.EsfReport, project: Project) -> list[tuple[str, str]]:
    return [
        ("project", f"{project.diarienummer} {project.name}".strip()),
        ("as_of", report.as_of.isoformat()),
        ("model", f"{report.model} {report.version}; code table {report.table_version}"),
        (
            "incomplete_participants",
            _cell(incomplete_count(report), True),
        ),
        ("small_counts_suppressed", "yes" if report.suppressed else "no"),
        ("target_group_at_entry", report.target_group or "all"),
        *(
            (f"estimate_{c.indicator.code}", estimate_text(c.estimate))
            for c in report.counts
            if c.estimate is not None
        ),
    ]


def to_csv(report: esf.EsfReport, project: Project) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(report_rows(report))
    writer.writerow([])
    for key, value in _summary(report, project):
        writer.writerow([key, value])
    return out.getvalue()


def to_json(report: esf.EsfReport, project: Project) -> str:
    return json.dumps(as_data(report, project), ensure_ascii=False, indent=2)


def as_data(report: esf.EsfReport, project: Project) -> dict[str, object]:
    language = _language()
    return {
        "project": {"id": project.pk, "diarienummer": project.diarienummer, "name": project.name},
        "as_of": report.as_of.isoformat(),
        "model": report.model,
        "version": report.version,
        "code_table": report.table_version,
        "suppressed": report.suppressed,
        "target_group_at_entry": report.target_group or None,
        "participants_left": report.left,
        "participants_six_months_on": report.six_months_on,
        "incomplete_participants": incomplete_count(report),
        "indicators": [
            {
                "code": c.indicator.code,
                "indicator": c.indicator.label(language),
                "group": c.indicator.group,
                "confirmed_code": c.indicator.confirmed,
                "collected": c.collected,
                "source": source(c),
                "by_gender": dict(c.by_gender) if c.by_gender_known else None,
                "total": c.total,
                "estimate": (
                    {
                        "count": c.estimate.count,
                        "share_percent": c.estimate.share,
                        "period_start": c.estimate.period_start.isoformat(),
                        "period_end": c.estimate.period_end.isoformat(),
                        "basis": c.estimate.basis,
                    }
                    if c.estimate is not None
                    else None
                ),
            }
            for c in report.counts
        ],
    }


def to_xlsx(report: esf.EsfReport, project: Project) -> bytes:
    book = Workbook()
    sheet = book.create_sheet("ESF+", 0)
    book.remove(book.worksheets[1])
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in report_rows(report):
        sheet.append([int(v) if v.isdigit() else v for v in row])
    sheet.append([])
    for key, value in _summary(report, project):
        sheet.append([key, value])
    sheet.column_dimensions["B"].width = 70
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def follow_up(project: Project, on: datetime.date, *, suppress: bool) -> followup.FollowUpReport:
    report = followup.follow_up_report(indicator_rows([project], on), on)
    if not suppress:
        return report

    def hide(counts: Mapping[str, int | None]) -> dict[str, int | None]:
        return {k: suppress_value(v) for k, v in counts.items()}

    return replace(
        report,
        income_before=hide(report.income_before),
        income_after=hide(report.income_after),
        activity_before=hide(report.activity_before),
        outcome=hide(report.outcome),
        situation_six_months=hide(report.situation_six_months),
        duration=hide(report.duration),
        left=suppress_value(report.left),
        still_in=suppress_value(report.still_in),
        six_months_recorded=suppress_value(report.six_months_recorded),
        median_days=report.median_days if (report.left or 0) >= 5 else None,
        mean_days=report.mean_days if (report.left or 0) >= 5 else None,
    )
