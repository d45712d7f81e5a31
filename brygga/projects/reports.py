"""ESF+ and follow-up reports of a project: computed by the kernels, written as CSV, JSON, XLSX.

``esf_report`` feeds the kernel the project's rows (two flat queries) and, when
the reader may not see small counts, hides them before anything leaves.
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
from .kernel.suppress import suppress_row, suppress_value
from .models import Project
from .selectors import indicator_rows

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
    rows = indicator_rows([project], on)
    if target_group:
        rows = [r for r in rows if target_group in r.target_groups_at_entry]
    report = replace(esf.compute(rows, on), target_group=target_group)
    return suppress_report(report) if suppress else report


def suppress_report(report: esf.EsfReport) -> esf.EsfReport:
    """The same report with counts below 5 hidden and no participant keys."""
    counts = []
    for count in report.counts:
        if not count.collected:
            counts.append(count)
            continue
        cells = dict(count.by_gender)
        shown, total = suppress_row(cells, count.total)
        counts.append(replace(count, by_gender=shown, total=total))
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


HEADER = ("code", "indicator", "group", "women", "men", "non_binary", "total", "confirmed_code")


def report_rows(report: esf.EsfReport) -> list[list[str]]:
    language = _language()
    rows = []
    for count in report.counts:
        indicator = count.indicator
        rows.append(
            [
                indicator.code,
                indicator.label(language),
                indicator.group,
                *(_cell(count.by_gender[g], count.collected) for g in esf.GENDERS),
                _cell(count.total, count.collected),
                "yes" if indicator.confirmed else "no",
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
                "by_gender": dict(c.by_gender),
                "total": c.total,
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
