"""The audit log: who read or changed whose personal data, when, which fields, and why.

How it works, so that no view, API operation or later module has to remember it:

* Every model that holds a participant's personal data inherits
  ``PersonalData`` and says where its participant is (``audit_participant``).
  Loading such a row from the database notes a *read*; saving or deleting one
  writes a *create*, *update* (with the changed fields) or *delete* entry at
  once, inside the same transaction as the change.
* ``AuditMiddleware`` opens an audit context for each request (the acting
  user, the request path, a reason when one was given) and, when the response
  is ready, writes the reads it noted: one entry per organisation, naming every
  participant read and every field loaded.
* Commands and background tasks that touch personal data open a context
  themselves with ``acting(user, reason=...)``; outside any context nothing is
  noted (demo seeding, migrations).
* Entries form a hash chain (``AuditEntry.previous_hash`` → ``hash``); a
  single ``AuditHead`` row is locked while an entry is appended, so the chain
  has one order. ``verify_chain()`` (``brygga verify_audit``) recomputes it.

A test (``brygga/core/tests/test_audit_coverage.py``) fails when a model that
points at a participant does not inherit ``PersonalData``.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.db import IntegrityError, connection, models, transaction
from django.http import HttpRequest, HttpResponse

from .models import AuditAction, AuditEntry, AuditHead, AuditSubject

if TYPE_CHECKING:
    from .models import User

GENESIS = "0" * 64
#: The header an API client sends to give its reason (web users answer a form).
REASON_HEADER = "X-Brygga-Reason"


@dataclass
class AuditContext:
    """What one request, command or task is doing with personal data."""

    request: HttpRequest | None = None
    actor: User | None = None
    reason: str = ""
    #: (model label, participant lookup) → {row pk: participant id or None}
    reads: dict[tuple[str, str], dict[Any, Any]] = field(default_factory=lambda: defaultdict(dict))
    fields: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    models: dict[str, type[models.Model]] = field(default_factory=dict)
    #: model label → {row pk: the pk its ``audit_participant`` relation points at}
    pointers: dict[str, dict[Any, Any]] = field(default_factory=lambda: defaultdict(dict))
    #: participant id → organisation id, for the participants loaded with their organisation
    organisations: dict[str, int] = field(default_factory=dict)

    def acting_user(self) -> User | None:
        from .models import User

        if self.actor is not None:
            return self.actor
        user = getattr(self.request, "user", None) if self.request is not None else None
        return user if isinstance(user, User) and user.is_authenticated else None

    @property
    def path(self) -> str:
        if self.request is None:
            return ""
        return f"{self.request.method} {self.request.path}"[:300]


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "brygga_audit", default=None
)


def current() -> AuditContext | None:
    return _context.get()


@contextmanager
def acting(actor: User, reason: str = "") -> Iterator[AuditContext]:
    """Audit what the block reads and changes as done by ``actor`` (commands, tasks)."""
    context = AuditContext(actor=actor, reason=reason)
    token = _context.set(context)
    try:
        yield context
        flush_reads(context)
    finally:
        _context.reset(token)


# --- the chain -------------------------------------------------------------------------


def canonical(values: dict[str, Any]) -> str:
    """The entry's values as the JSON that is hashed: sorted keys, no spaces."""
    return json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(previous_hash: str, values: dict[str, Any]) -> str:
    """SHA-256 of the previous hash, a newline and the entry's values in a canonical form."""
    return hashlib.sha256(f"{previous_hash}\n{canonical(values)}".encode()).hexdigest()


def hashed_values(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "organisation_id": entry.organisation_id,
        "action": entry.action,
        "subjects": list(entry.subjects),
        "fields": list(entry.fields),
        "reason": entry.reason,
        "path": entry.path,
    }


def append(
    action: str,
    *,
    actor: User | None,
    organisation_id: int | None,
    subjects: list[str],
    fields: list[str],
    reason: str = "",
    path: str = "",
) -> AuditEntry:
    """Add one entry at the end of the chain (in the caller's transaction, if any)."""
    entry = AuditEntry(
        actor_id=actor.pk if actor else None,
        actor_name=actor.get_username() if actor else "",
        organisation_id=organisation_id,
        action=action,
        subjects=subjects,
        fields=sorted(fields),
        reason=reason[:500],
        path=path[:300],
    )
    if connection.vendor == "postgresql":
        _append_in_one_statement(entry)
        return entry
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:  # an empty database (a migration makes the row; a flush removes it)
            _make_head()
            head = AuditHead.objects.select_for_update().get(pk=1)
        entry.previous_hash = head.last_hash
        entry.hash = entry_hash(head.last_hash, hashed_values(entry))
        entry.save()
        AuditSubject.objects.bulk_create(
            AuditSubject(entry=entry, participant_id=subject) for subject in subjects
        )
        AuditHead.objects.filter(pk=1).update(last_hash=entry.hash, last_entry_id=entry.pk)
    return entry


def _make_head() -> None:
    try:
        with transaction.atomic():
            AuditHead.objects.create(pk=1, last_hash=GENESIS)
    except IntegrityError:
        pass  # a concurrent first append made it


#: The whole append as one statement, so the head row is locked only while the
#: database runs it (and until the transaction commits), never while Python works
#: between round trips: the previous hash is read under the lock, the new hash is
#: ``entry_hash`` computed by the database (SHA-256 of the previous hash, a newline
#: and the canonical JSON that Python made), and the entry's id is drawn under the
#: lock too, so ids follow the chain's order.
_APPEND_SQL = """
WITH previous AS (
    SELECT id, last_hash FROM core_audithead WHERE id = 1 FOR UPDATE
), head AS (
    UPDATE core_audithead AS h
    SET last_hash = encode(sha256(convert_to(previous.last_hash || E'\\n' || %(payload)s,
                                             'UTF8')), 'hex'),
        last_entry_id = nextval(pg_get_serial_sequence('core_auditentry', 'id'))
    FROM previous
    WHERE h.id = previous.id
    RETURNING h.last_entry_id AS entry_id, previous.last_hash AS previous_hash,
              h.last_hash AS hash
), entry AS (
    INSERT INTO core_auditentry (id, at, actor_id, actor_name, organisation_id, action,
                                 subjects, fields, reason, path, previous_hash, hash)
    SELECT entry_id, %(at)s, %(actor_id)s, %(actor_name)s, %(organisation_id)s, %(action)s,
           %(subjects)s::jsonb, %(fields)s::jsonb, %(reason)s, %(path)s, previous_hash, hash
    FROM head
    RETURNING id
), subject AS (
    INSERT INTO core_auditsubject (entry_id, participant_id)
    SELECT entry.id, unnest(%(subject_ids)s::uuid[]) FROM entry
)
SELECT entry_id, previous_hash, hash FROM head
"""


def _append_in_one_statement(entry: AuditEntry) -> None:
    values = hashed_values(entry)
    parameters = {
        **values,
        "payload": canonical(values),
        "subjects": json.dumps(values["subjects"]),
        "fields": json.dumps(values["fields"]),
        "at": entry.at,
        "subject_ids": values["subjects"],
    }
    with connection.cursor() as cursor:
        cursor.execute(_APPEND_SQL, parameters)
        row = cursor.fetchone()
        if row is None:  # no head row: a flushed database
            _make_head()
            cursor.execute(_APPEND_SQL, parameters)
            row = cursor.fetchone()
    if row is None:
        raise RuntimeError("the audit head row could not be made")
    entry.pk, entry.previous_hash, entry.hash = row
    entry._state.adding = False


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken: int | None  # id of the first entry whose hash does not follow

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def verify_chain(batch: int = 5000) -> ChainReport:
    """Recompute every hash in order; report the first entry that does not follow."""
    previous = GENESIS
    count = 0
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for entry in rows:
            count += 1
            if entry.previous_hash != previous or entry.hash != entry_hash(
                previous, hashed_values(entry)
            ):
                return ChainReport(count, entry.pk)
            previous = entry.hash
        last_id = rows[-1].pk
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        # The newest entries were removed: the head remembers a later hash.
        return ChainReport(count, head.last_entry_id)
    return ChainReport(count, None)


# --- models that hold personal data ----------------------------------------------------


class PersonalData(models.Model):
    """Base of every model holding a participant's personal data: reads and writes are audited.

    ``audit_participant`` names the participant: an attribute of the row
    (``"participant_id"``, ``"id"``) or a lookup through a relation
    (``"enrolment__participant_id"``), resolved in one query per model when
    the reads are written.
    """

    audit_participant: ClassVar[str] = "participant_id"
    #: Bookkeeping columns that change with every save and say nothing about the person.
    audit_bookkeeping: ClassVar[frozenset[str]] = frozenset({"version", "updated_at"})
    #: What erasing the person does to these rows (``brygga.people.privacy``):
    #: "delete" them, or "keep" them for statistics with ``erasure_blank`` emptied.
    erasure: ClassVar[str] = "delete"
    #: Free-text fields emptied when the rows are kept.
    erasure_blank: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    _audit_loaded: dict[str, Any]

    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        changed = self._changed_fields(kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        self._audit_loaded = {
            f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields
        }
        if changed or adding:
            _note_change(self, AuditAction.CREATE if adding else AuditAction.UPDATE, changed)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _note_change(self, AuditAction.DELETE, [f.attname for f in self._meta.concrete_fields])
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Self:
        instance = super().from_db(db, field_names, values)
        context = _context.get()
        if context is not None:
            _note_read(context, instance, field_names)
        instance._audit_loaded = dict(zip(field_names, values, strict=True))
        return instance

    def _changed_fields(self, update_fields: Any) -> list[str]:
        loaded: dict[str, Any] = getattr(self, "_audit_loaded", {})
        names = [f.attname for f in self._meta.concrete_fields]
        if update_fields is not None:
            concrete = {f.name: f.attname for f in self._meta.concrete_fields}
            names = [concrete.get(name, name) for name in update_fields]
        names = [name for name in names if name not in self.audit_bookkeeping]
        if self._state.adding:
            return names
        return [name for name in names if name not in loaded or loaded[name] != getattr(self, name)]

    def audit_participant_id(self) -> Any:
        """The participant's id when the row itself holds it, else None."""
        if "__" in self.audit_participant:
            return None
        return getattr(self, self.audit_participant)


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _note_read(context: AuditContext, instance: PersonalData, field_names: Any) -> None:
    key = (_label(type(instance)), instance.audit_participant)
    context.models[key[0]] = type(instance)
    context.reads[key][instance.pk] = instance.audit_participant_id()
    context.fields[key].update(field_names)
    relation, _sep, rest = instance.audit_participant.partition("__")
    if rest == "participant_id":
        context.pointers[key[0]][instance.pk] = instance.__dict__.get(f"{relation}_id")
    if instance.audit_participant == "id" and "organisation_id" in field_names:
        # The participant row itself, loaded with its organisation: no look-up later.
        context.organisations[str(instance.pk)] = instance.organisation_id  # type: ignore[attr-defined]


def _participant_of(instance: PersonalData) -> Any:
    participant_id = instance.audit_participant_id()
    if participant_id is None:
        participant_id = (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values_list(instance.audit_participant, flat=True)
            .first()
        )
    return participant_id


def _organisation_of(
    participant_ids: list[Any], known: dict[str, int] | None = None
) -> dict[str, int | None]:
    """Participant id → organisation id; ``known`` ones are not looked up again."""
    from brygga.people.models import Participant

    found: dict[str, int | None] = {}
    unknown = []
    for participant_id in participant_ids:
        if known and str(participant_id) in known:
            found[str(participant_id)] = known[str(participant_id)]
        else:
            unknown.append(participant_id)
    if unknown:
        rows = (
            Participant._base_manager.filter(pk__in=unknown)
            .order_by()
            .values_list("pk", "organisation_id")
        )
        found.update({str(pk): organisation for pk, organisation in rows})
    return found


def _note_change(instance: PersonalData, action: str, changed: list[str]) -> None:
    context = _context.get()
    if context is None:
        return
    participant_id = _participant_of(instance)
    if participant_id is None:
        return
    organisations = _organisation_of([participant_id])
    label = _label(type(instance))
    append(
        action,
        actor=context.acting_user(),
        organisation_id=organisations.get(str(participant_id)),
        subjects=[str(participant_id)],
        fields=[f"{label}.{name}" for name in changed],
        reason=context.reason,
        path=context.path,
    )


def _through_rows_read(
    context: AuditContext, model: type[models.Model], lookup: str, pks: list[Any]
) -> dict[Any, Any]:
    """Resolve ``relation__participant_id`` from the related rows read in the same context.

    A participant's page loads the enrolments and then their activities and
    follow-ups; the enrolments read already name the participant, so the
    activities need no query of their own. Rows whose relation was not read
    are left for the query.
    """
    relation, _sep, rest = lookup.partition("__")
    if rest != "participant_id":
        return {}
    try:
        foreign_key = model._meta.get_field(relation)
    except LookupError:
        return {}
    related = getattr(foreign_key, "related_model", None)
    if related is None or not isinstance(related, type):
        return {}
    participants = context.reads.get((_label(related), "participant_id"), {})
    pointers = context.pointers.get(_label(model), {})
    found = {}
    for pk in pks:
        participant = participants.get(pointers.get(pk))
        if participant is not None:
            found[pk] = participant
    return found


def flush_reads(context: AuditContext) -> list[AuditEntry]:
    """Write the reads noted in ``context``: one entry per organisation concerned."""
    if not context.reads:
        return []
    by_participant: dict[str, set[str]] = defaultdict(set)
    for (label, lookup), rows in context.reads.items():
        unresolved = [pk for pk, participant in rows.items() if participant is None]
        if unresolved:
            model = context.models[label]
            rows = {**rows, **_through_rows_read(context, model, lookup, unresolved)}
            unresolved = [pk for pk in unresolved if rows[pk] is None]
        if unresolved:
            resolved = dict(model._base_manager.filter(pk__in=unresolved).values_list("pk", lookup))
            rows = {**rows, **resolved}
        names = {f"{label}.{name}" for name in context.fields[(label, lookup)]}
        for participant in rows.values():
            if participant is not None:
                by_participant[str(participant)].update(names)
    context.reads.clear()
    context.fields.clear()
    context.pointers.clear()
    organisations = _organisation_of(list(by_participant), context.organisations)
    grouped: dict[int | None, list[str]] = defaultdict(list)
    for participant in sorted(by_participant):
        grouped[organisations.get(participant)].append(participant)
    actor = context.acting_user()
    entries = []
    for organisation_id, subjects in grouped.items():
        fields = set().union(*(by_participant[s] for s in subjects))
        entries.append(
            append(
                AuditAction.READ,
                actor=actor,
                organisation_id=organisation_id,
                subjects=subjects,
                fields=sorted(fields),
                reason=context.reason,
                path=context.path,
            )
        )
    return entries


class ReasonRequired(Exception):
    """Opening this participant's record needs a reason (another case worker's caseload)."""

    def __init__(self, participant_id: Any) -> None:
        super().__init__(participant_id)
        self.participant_id = participant_id


#: Session key under which a web user's reasons are kept, per participant id.
SESSION_REASONS = "audit_reasons"


def require_reason(user: User, participant_id: Any, case_worker_id: int | None) -> None:
    """Ask for a reason when ``user`` opens a record in another case worker's caseload.

    A participant with no case worker is in the organisation's shared caseload.
    The reason comes from the API header or, on the web, from the session (the
    reason form stores it there); it goes into the audit entries of the request.
    """
    if case_worker_id is None or case_worker_id == user.pk:
        return
    context = _context.get()
    if context is None:  # commands and tasks give their reason with ``acting``
        return
    reason = context.reason
    if not reason and context.request is not None and hasattr(context.request, "session"):
        reason = context.request.session.get(SESSION_REASONS, {}).get(str(participant_id), "")
    if not reason:
        # The request is refused and shows nothing: what it loaded was not read.
        context.reads.clear()
        context.fields.clear()
        raise ReasonRequired(participant_id)
    context.reason = reason


def remember_reason(request: HttpRequest, participant_id: Any, reason: str) -> None:
    reasons = dict(request.session.get(SESSION_REASONS, {}))
    reasons[str(participant_id)] = reason[:500]
    request.session[SESSION_REASONS] = reasons


class AuditMiddleware:
    """Open an audit context for each request; write its reads when the response is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = AuditContext(request=request, reason=request.headers.get(REASON_HEADER, ""))
        token = _context.set(context)
        try:
            response = self.get_response(request)
            flush_reads(context)
        finally:
            _context.reset(token)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """On the web, a record that needs a reason sends the user to the reason form."""
        if not isinstance(exception, ReasonRequired):
            return None
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        url = reverse("people:access_reason", args=[exception.participant_id])
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
