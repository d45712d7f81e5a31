"""A person's rights under the GDPR: a copy of their data, erasure, and retention.

Every model holding a participant's data inherits ``core.audit.PersonalData``
and names the way to its participant, so these functions find all of it —
in the apps there are now and in those added later — without a list to keep:

* ``person_data`` gathers every such row (and the person's own audit log) for
  the export (JSON and a readable PDF).
* ``erase_person`` removes the personal data and keeps what statistics count:
  models marked ``erasure = "keep"`` keep their rows with their free text
  emptied, the rest are deleted; the participant row itself becomes anonymous
  (no name, number, municipality or case worker; the birth date moved to a day
  that gives the same age at every entry, so age-based indicators stay as they
  were). A tombstone entry in the audit log records who erased whom and why.
* ``apply_retention`` erases people whose last recorded event is older than
  the retention period (``RETENTION_YEARS``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core import audit
from brygga.core.audit import PersonalData
from brygga.core.errors import ConflictError, DomainError, NotPermitted
from brygga.core.models import AuditAction, Role, User
from brygga.core.selectors import audit_entries_about, role_in

from .models import Participant
from .rules import age_on
from .services import check_personal_data_access

#: Retention of personal data after a person's last recorded event (registration,
#: entry, exit, follow-up). Assumption: five years, as Swedish social-services
#: records are thinned after five years (SoL 12 kap. 1 §) and the ESF+ audit
#: trail runs five years from the year of the last payment (Reg. 2021/1060 art. 82).
RETENTION_YEARS = 5


def personal_data_models() -> list[type[PersonalData]]:
    return [m for m in apps.get_models() if issubclass(m, PersonalData)]


def _rows(model: type[PersonalData], participant: Participant) -> models.QuerySet[Any]:
    lookup = "pk" if model.audit_participant == "id" else model.audit_participant
    return model._base_manager.filter(**{lookup: participant.pk}).order_by("pk")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | dict | str | int | float | bool) or value is None:
        return value
    return str(value)


def person_data(participant: Participant) -> dict[str, Any]:
    """Everything Brygga holds about the person, by kind of record (``app.model``)."""
    records: dict[str, list[dict[str, Any]]] = {}
    for model in personal_data_models():
        rows = [
            {f.name: _plain(getattr(row, f.attname)) for f in model._meta.concrete_fields}
            for row in _rows(model, participant)
        ]
        if rows:
            records[model._meta.label_lower] = rows
    log = [
        {
            "at": entry.at.isoformat(),
            "user": entry.actor_name,
            "action": entry.get_action_display(),
            "fields": entry.fields,
            "reason": entry.reason,
        }
        for entry in audit_entries_about(participant.pk).order_by("id")
    ]
    return {
        "participant": str(participant.pk),
        "exported_at": timezone.now().isoformat(),
        "records": records,
        "audit_log": log,
    }


def record_titles() -> dict[str, str]:
    """``app.model`` → the kind of record in the user's language, for the readable copy."""
    return {m._meta.label_lower: str(m._meta.verbose_name_plural) for m in personal_data_models()}


def export_person(actor: User, participant: Participant) -> dict[str, Any]:
    """The person's data for a copy (article 15/20), with the export written to the log."""
    check_personal_data_access(actor, participant.organisation)
    data = person_data(participant)
    context = audit.current()
    audit.append(
        AuditAction.EXPORT,
        actor=actor,
        organisation_id=participant.organisation_id,
        subjects=[str(participant.pk)],
        fields=sorted(data["records"]),
        reason=context.reason if context else "",
        path=context.path if context else "",
    )
    return data


def _anonymous_birth_date(participant: Participant) -> datetime.date | None:
    """A birth date giving the same age on every entry date, and no more than that."""
    if participant.birth_date is None:
        return None
    from brygga.journeys.models import Enrolment

    entries = [
        day
        for pair in Enrolment._base_manager.filter(participant=participant).values_list(
            "entry_date", "last_entry_date"
        )
        for day in pair
        if day is not None
    ] or [participant.created_at.date()]
    # The latest birth date that keeps each age: the earliest "entry minus age" of all.
    return min(day - relativedelta(years=age_on(participant.birth_date, day)) for day in entries)


@transaction.atomic
def erase_person(actor: User, participant: Participant, reason: str) -> Participant:
    """Erase the person's data (article 17), keeping anonymous statistics."""
    check_personal_data_access(actor, participant.organisation)
    if role_in(actor, participant.organisation) != Role.ORG_ADMIN:
        raise NotPermitted(_("Only an organisation admin may erase a person's data."))
    if not reason.strip():
        raise DomainError(_("Say why the person's data is erased."), field="reason")
    if participant.erased_at is not None:
        raise ConflictError(_("This person's data is already erased."))
    _erase(participant)
    audit.append(
        AuditAction.ERASE,
        actor=actor,
        organisation_id=participant.organisation_id,
        subjects=[str(participant.pk)],
        fields=[m._meta.label_lower for m in personal_data_models()],
        reason=reason,
    )
    return participant


def _erase(participant: Participant) -> None:
    for model in personal_data_models():
        if model is Participant:
            continue
        rows = _rows(model, participant)
        if model.erasure == "keep":
            for row in rows:
                for name in model.erasure_blank:
                    field = model._meta.get_field(name)
                    if isinstance(field, models.Field):
                        setattr(row, field.attname, field.get_default())
                row.save()
        else:
            rows.delete()
    participant.birth_date = _anonymous_birth_date(participant)
    participant.first_name = ""
    participant.last_name = ""
    participant.identity_number = ""
    participant.identity_kind = ""
    participant.municipality = ""
    participant.case_worker = None
    participant.erased_at = timezone.now()
    participant.version += 1
    participant.save()


def _last_events() -> Iterator[tuple[Any, datetime.date]]:
    """Each participant not yet erased, with the day of their last recorded event."""
    people = Participant._base_manager.filter(erased_at__isnull=True).annotate(
        last_entry=Max("enrolments__last_entry_date"),
        last_exit=Max("enrolments__exit_date"),
        last_follow_up=Max("enrolments__follow_ups__due_date"),
    )
    for row in people.values_list("pk", "created_at", "last_entry", "last_exit", "last_follow_up"):
        pk, created, *days = row
        yield pk, max([created.date(), *(d for d in days if d is not None)])


def apply_retention(today: datetime.date | None = None) -> int:
    """Erase everyone whose last event is older than the retention period; return how many."""
    today = today or timezone.localdate()
    limit = today - relativedelta(years=RETENTION_YEARS)
    expired = [pk for pk, last in _last_events() if last < limit]
    for pk in expired:
        with transaction.atomic():
            participant = Participant._base_manager.select_for_update().get(pk=pk)
            _erase(participant)
            audit.append(
                AuditAction.ERASE,
                actor=None,
                organisation_id=participant.organisation_id,
                subjects=[str(pk)],
                fields=[m._meta.label_lower for m in personal_data_models()],
                reason=f"retention: {RETENTION_YEARS} years after the last event",
            )
    return len(expired)
