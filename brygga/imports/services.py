"""Bulk imports: start a job, run it batch by batch, report each refused row.

How nothing is lost or doubled:

* A batch (``batch_size`` rows) is one transaction: the rows it imports, their
  external keys, the errors of the rows it refuses and the job's counters are
  committed together or not at all. Killed mid-batch, the batch is gone whole.
* Each row's external key (organisation, kind, external id) is unique; a row
  whose key exists is counted as already imported and not written again.
* A job remembers how many rows its committed batches handled; running it
  again (or the same file again from the command line) resumes after them.
* Participant rows are checked in a second process (``PIPELINE``) that never
  touches the database; what depends on the database is decided in the
  batch's transaction, so a batch is the same whichever process checked it.

Every row is checked with the services' own rules: participants with the rules
``register_participant`` applies (``people.services._apply``), written in bulk;
enrolments, activities and exits by calling ``enrol``, ``add_activity`` and
``exit_enrolment`` themselves, each row in its own savepoint.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import multiprocessing
import shutil
import time
import uuid
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brygga.core.errors import DomainError
from brygga.core.models import PERSONAL_DATA_ROLES, Organisation, User
from brygga.journeys import services as journeys
from brygga.journeys.models import ActivityKind, Enrolment, ExitOutcome, IncomeSource
from brygga.people import services as people
from brygga.people.identity import InvalidIdentityNumber, parse_identity_number
from brygga.people.models import (
    CompetenceProfile,
    EducationLevel,
    Gender,
    LabourMarketStatus,
    Participant,
)
from brygga.people.selectors import participants_for
from brygga.projects.models import Project

from . import readers
from .bulk import Table, analyze, lookup_values, one_of
from .cells import CellError, Cells
from .models import ExternalKey, ImportJob, ImportKind, ImportRowError, ImportStatus

log = logging.getLogger(__name__)

BATCH_SIZE = 10_000

#: Participant rows are checked in a second process while this one writes the
#: previous batch (a forked child: it inherits the settings and the models and
#: never touches the database). Without ``fork`` both happen here, in turn.
PIPELINE = "fork" in multiprocessing.get_all_start_methods()

#: Columns a file of each kind must have (docs/import-formats.md lists them all).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    ImportKind.PARTICIPANTS: ("external_id", "first_name", "last_name"),
    ImportKind.ENROLMENTS: ("external_id", "project", "entry_date"),
    ImportKind.ACTIVITIES: ("external_id", "kind", "start_date"),
    ImportKind.EXITS: ("exit_date", "outcome"),
}


class _DryRun(Exception):
    """Raised inside a savepoint to undo a row that was only checked."""


@dataclass
class BatchResult:
    imported: int = 0
    skipped: int = 0
    errors: list[ImportRowError] = field(default_factory=list)

    def refuse(
        self, number: int, external_id: str, name: str, message: str | Promise, value: str = ""
    ) -> None:
        self.errors.append(
            ImportRowError(
                row_number=number,
                external_id=external_id[:100],
                field=name or "",
                value=value[:200],
                message=str(message),
            )
        )

    @property
    def failed(self) -> int:
        return len({error.row_number for error in self.errors})


# --- starting a job -----------------------------------------------------------------


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def acting_user_for(organisation: Organisation, username: str | None = None) -> User:
    """The user a command-line import acts as: ``username``, or the organisation's
    first admin (then case worker) when none is given."""
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise DomainError(_("No such user."), field="user")
        return user
    for role in ("org_admin", "case_worker"):
        membership = (
            organisation.memberships.filter(role=role, user__is_active=True)
            .select_related("user")
            .order_by("created_at", "id")
            .first()
        )
        if membership is not None:
            return membership.user
    raise DomainError(
        _("No one in this organisation may handle personal data; give --user."), field="user"
    )


def start_import(
    actor: User,
    organisation: Organisation,
    kind: str,
    source: Path,
    file_name: str,
    *,
    dry_run: bool = False,
    resume: bool = True,
) -> ImportJob:
    """Create a job for ``source`` (copied into the import folder), or find the
    unfinished job for the same file, organisation and kind to resume."""
    people.check_personal_data_access(actor, organisation)
    if kind not in ImportKind.values:
        raise DomainError(_("Unknown kind of import."), field="kind")
    readers.file_format(file_name)
    digest = readers.checksum(source)
    if resume:
        unfinished = ImportJob.objects.filter(
            organisation=organisation,
            kind=kind,
            checksum=digest,
            dry_run=dry_run,
            status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING],
        ).first()
        if unfinished is not None and Path(unfinished.file_path).exists():
            return unfinished
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{uuid.uuid4()}{Path(file_name).suffix.lower()}"
    shutil.copyfile(source, stored)
    return ImportJob.objects.create(
        organisation=organisation,
        kind=kind,
        created_by=actor,
        file_path=str(stored),
        file_name=Path(file_name).name[:255],
        checksum=digest,
        dry_run=dry_run,
    )


# --- running a job ------------------------------------------------------------------


def run_import(
    job_id: uuid.UUID | str,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[ImportJob], None] | None = None,
) -> ImportJob:
    """Run (or resume) a job to its end; return it with its final counts."""
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    if job.is_done:
        return job
    try:
        return _run(job, batch_size, progress)
    except DomainError as exc:  # the file or the user is refused: nothing to resume
        job = _finish(job, ImportStatus.FAILED, str(exc.message))
        Path(job.file_path).unlink(missing_ok=True)
        return job
    except (OSError, DatabaseError, ValueError, WorkerStopped) as exc:
        log.exception("import %s stopped", job.pk)
        reason = exc.reason if isinstance(exc, WorkerStopped) else type(exc).__name__
        message = _("The import stopped: %(reason)s. Run it again to resume.") % {"reason": reason}
        return _finish(job, ImportStatus.FAILED, str(message))


def _finish(job: ImportJob, status: str, message: str = "") -> ImportJob:
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    if status == ImportStatus.FINISHED:
        job.total_rows = job.processed_rows
    job.save(update_fields=["status", "message", "finished_at", "total_rows"])
    if status == ImportStatus.FINISHED:
        # The uploaded copy holds personal data: keep it only while it may be resumed.
        Path(job.file_path).unlink(missing_ok=True)
    return job


def _run(
    job: ImportJob, batch_size: int, progress: Callable[[ImportJob], None] | None
) -> ImportJob:
    actor = job.created_by
    if actor is None:
        raise DomainError(_("The user who started this import no longer exists."))
    people.check_personal_data_access(actor, job.organisation)
    path = Path(job.file_path)
    columns = set(readers.header(path, job.file_name))
    missing = [name for name in REQUIRED_COLUMNS[job.kind] if name not in columns]
    if missing:
        raise DomainError(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if job.total_rows is None:
        job.total_rows = readers.count_rows(path, job.file_name)
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status", "total_rows"])
    if progress is not None:
        progress(job)
    memory = DryRunMemory()
    batches = _batches(path, job.file_name, job.processed_rows, batch_size)
    check = CHECKERS.get(job.kind)
    checked: Generator[tuple[int, Any], None, None]
    if check is None:
        handler, checked = HANDLERS[job.kind], batches
    elif PIPELINE:
        handler, checked = WRITERS[job.kind], _checked_in_worker(job, batches, check)
    else:
        handler = WRITERS[job.kind]
        checked = ((position, check(job, rows)) for position, rows in batches)
    statistics = _Statistics(job, batch_size)
    with closing(checked):
        waited = time.perf_counter()
        for position, batch in checked:
            started = time.perf_counter()
            _commit(job, handler, actor, batch, position, memory)
            log.debug(
                "import %s: rows to %s waited for %.3f s, written in %.3f s",
                job.pk,
                position,
                started - waited,
                time.perf_counter() - started,
            )
            statistics.update()
            if progress is not None:
                progress(job)
            waited = time.perf_counter()
    job = _finish(job, ImportStatus.FINISHED)
    if progress is not None:
        progress(job)
    return job


Batches = Generator[tuple[int, list[readers.Row]], None, None]


def _batches(path: Path, file_name: str, done: int, batch_size: int) -> Batches:
    """The file's rows after the first ``done`` in batches, each with the position of its
    last row (what the job's counter becomes when the batch is committed)."""
    position = 0
    batch: list[readers.Row] = []
    for row in readers.read_rows(path, file_name):
        position += 1
        if position <= done:
            continue  # handled by a committed batch of an earlier run
        batch.append(row)
        if len(batch) >= batch_size:
            yield position, batch
            batch = []
    if batch:
        yield position, batch


class _Statistics:
    """Keeps the planner's statistics of the tables a participant import fills current.

    Each batch looks up its external ids and identity numbers in the rows the
    import has already written; with statistics from before the import the
    planner takes the new organisation for nearly empty and scans all of it
    for each batch. ``ANALYZE`` (PostgreSQL) whenever this run has doubled the
    rows it imported since the last one: a few times per import.
    """

    def __init__(self, job: ImportJob, batch_size: int) -> None:
        self.job = job
        self.start = job.imported_rows
        self.at = 0
        self.first = batch_size
        self.active = job.kind == ImportKind.PARTICIPANTS and not job.dry_run

    def update(self) -> None:
        imported = self.job.imported_rows - self.start
        if not self.active or imported < max(2 * self.at, self.first):
            return
        started = time.perf_counter()
        self.active = analyze(
            (Participant, ("organisation_id", "identity_number_hash")),
            (ExternalKey, ("organisation_id", "kind", "external_id")),
        )
        self.at = imported
        log.debug("import %s: statistics in %.3f s", self.job.pk, time.perf_counter() - started)


# --- checking in a second process ---------------------------------------------------


class WorkerStopped(RuntimeError):
    """The checking process failed or ended before the file did."""

    def __init__(self, reason: str | Promise) -> None:
        super().__init__(str(reason))
        self.reason = reason


Checker = Callable[["ImportJob", Sequence[readers.Row]], Any]


def _checked_in_worker(
    job: ImportJob, batches: Batches, check: Checker
) -> Generator[tuple[int, Any], None, None]:
    """``check`` each batch in a forked process, one batch ahead of the caller.

    The child reads and checks the next batch while this process writes the
    one before; a batch arrives whole or not at all (one message), and the
    pipe holds at most one, so memory stays at about three batches. Whatever
    stops the child stops the import before its next commit: a refused file
    (``DomainError``) as here, anything else as ``WorkerStopped``; the batches
    committed before stay, and a re-run resumes after them.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(
        target=_work, args=(sender, receiver, job, batches, check), daemon=True
    )
    worker.start()
    sender.close()
    try:
        while True:
            try:
                message = receiver.recv()
            except EOFError:
                raise WorkerStopped(_("the checking process ended")) from None
            if message[0] == "batch":
                yield message[1], message[2]
            elif message[0] == "done":
                return
            elif message[0] == "refused":
                raise DomainError(message[1], field=message[2])
            else:
                raise WorkerStopped(message[1])
    finally:
        receiver.close()  # a child still sending gets a broken pipe and ends
        worker.join(timeout=10)
        if worker.is_alive():
            worker.terminate()
            worker.join()


def _work(
    sender: Connection,
    receiver: Connection,
    job: ImportJob,
    batches: Batches,
    check: Checker,
) -> None:
    """The child: check batch after batch and send each; never touch the database."""
    receiver.close()  # so that a send fails once the parent is gone
    try:
        for position, rows in batches:
            sender.send(("batch", position, check(job, rows)))
        sender.send(("done",))
    except BrokenPipeError:
        return  # the parent stopped (or was killed): nothing to report to
    except DomainError as exc:
        sender.send(("refused", str(exc.message), exc.field))
    except Exception as exc:
        log.exception("import %s: checking stopped", job.pk)
        sender.send(("failed", type(exc).__name__))
    finally:
        sender.close()


@dataclass
class DryRunMemory:
    """What a dry run has seen in earlier batches (a real run finds it in the database)."""

    ids: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)


Handler = Callable[[ImportJob, User, Any, DryRunMemory], BatchResult]


def _commit(
    job: ImportJob,
    handler: Handler,
    actor: User,
    batch: Any,
    position: int,
    memory: DryRunMemory,
) -> None:
    """One batch, one transaction: its rows, keys, errors and the job's counters.

    Another import may register the same person at the same moment; then the
    unique constraint refuses the batch, and it is checked again from the
    start, seeing the other import's rows (the row is then refused, not doubled).
    """
    try:
        result = _commit_once(job, handler, actor, batch, position, memory)
    except IntegrityError:
        log.info(
            "import %s: batch ending at row %s met a concurrent import; retrying", job.pk, position
        )
        result = _commit_once(job, handler, actor, batch, position, memory)
    job.processed_rows = position
    job.imported_rows += result.imported
    job.skipped_rows += result.skipped
    job.failed_rows += result.failed


def _commit_once(
    job: ImportJob,
    handler: Handler,
    actor: User,
    batch: Any,
    position: int,
    memory: DryRunMemory,
) -> BatchResult:
    with transaction.atomic():
        result = handler(job, actor, batch, memory)
        for error in result.errors:
            error.job = job
        ImportRowError.objects.bulk_create(result.errors)
        ImportJob.objects.filter(pk=job.pk).update(
            processed_rows=position,
            imported_rows=F("imported_rows") + result.imported,
            skipped_rows=F("skipped_rows") + result.skipped,
            failed_rows=F("failed_rows") + result.failed,
        )
    return result


def _known_keys(job: ImportJob, kind: str, external_ids: Sequence[str]) -> dict[str, str]:
    """External id → object id of the keys ``job``'s organisation already has."""
    return {key: object_id for key, (object_id, _job) in _keys(job, kind, external_ids).items()}


def _keys(
    job: ImportJob, kind: str, external_ids: Sequence[str]
) -> dict[str, tuple[str, uuid.UUID | None]]:
    """External id → (object id, the job that wrote it), by the unique key's index."""
    keys = ExternalKey.objects.filter(organisation=job.organisation, kind=kind)
    wanted = ("external_id", "object_id", "job_id")
    rows = one_of(keys, "external_id", list(set(external_ids)), *wanted)
    return {key: (object_id, job_id) for key, object_id, job_id in rows}


def _known_and_mine(
    job: ImportJob, kind: str, external_ids: Sequence[str], memory: DryRunMemory
) -> tuple[dict[str, str], set[str]]:
    """Keys the organisation has, and those this very job wrote in an earlier batch (a
    later row with one of those repeats a row of the file: it was not imported before)."""
    keys = _keys(job, kind, external_ids)
    known = {key: object_id for key, (object_id, _job) in keys.items()}
    if job.dry_run:
        return known, memory.ids
    return known, {key for key, (_object, writer) in keys.items() if writer == job.pk}


def _repeat_or_known(
    result: BatchResult,
    number: int,
    external_id: str,
    known: dict[str, str],
    mine: set[str],
    seen: set[str],
) -> bool:
    """Count a known key as already imported, refuse a repeat; True when the row is done."""
    if external_id in seen or external_id in mine:
        result.refuse(number, external_id, "external_id", _("This id appears twice in the file."))
        return True
    seen.add(external_id)
    if external_id in known:
        result.skipped += 1
        return True
    return False


def _add_cell_errors(result: BatchResult, number: int, external_id: str, cells: Cells) -> None:
    for error in cells.errors:
        result.refuse(number, external_id, error.field, error.message, error.value)


# --- participants: checked with the service's rules, written in bulk -----------------

_COUNTRIES = frozenset({"SE", "DK"})
_GENDERS = frozenset(Gender.values)
_EDUCATION_LEVELS = frozenset(EducationLevel.values)
_STATUSES = frozenset(LabourMarketStatus.values)
_INCOME_SOURCES = frozenset(IncomeSource.values)
_ACTIVITY_KINDS = frozenset(ActivityKind.values)
_OUTCOMES = frozenset(ExitOutcome.values)


class _Checked:
    """What ``people.services._apply`` sets on a participant, without a model instance.

    Building a model instance per row costs more than the checks themselves;
    ``_apply`` only assigns attributes, so a plain object takes them.
    """

    def __init__(self, organisation: Organisation) -> None:
        self.id = uuid.uuid4()
        self.organisation = organisation
        self.case_worker: User | None = None

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...


def _participant_data(cells: Cells, country: str) -> people.ParticipantData:
    return people.ParticipantData(
        first_name=cells.text("first_name", max_length=100, required=True),
        last_name=cells.text("last_name", max_length=100, required=True),
        identity_number=cells.text("identity_number", max_length=20),
        identity_country=cells.choice("identity_country", _COUNTRIES) or country,
        birth_date=cells.date("birth_date"),
        gender=cells.choice("gender", _GENDERS),
        municipality=cells.text("municipality", max_length=100),
        foreign_background=cells.boolean("foreign_background"),
        third_country_national=cells.boolean("third_country_national"),
        in_upper_secondary_school=cells.boolean("in_upper_secondary_school"),
        education_level=cells.integer("education_level", _EDUCATION_LEVELS),
        labour_market_status=cells.choice("labour_market_status", _STATUSES),
        labour_market_status_since=cells.date("labour_market_status_since"),
        income_support=cells.boolean("income_support"),
        income_support_since=cells.date("income_support_since"),
        sick_leave=cells.boolean("sick_leave"),
        sick_leave_since=cells.date("sick_leave_since"),
    )


_PARTICIPANT_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "identity_kind",
    "identity_number",
    "identity_number_hash",
    "birth_date",
    "gender",
    "municipality",
    "foreign_background",
    "third_country_national",
    "in_upper_secondary_school",
    "education_level",
    "labour_market_status",
    "labour_market_status_since",
    "income_support",
    "income_support_since",
    "sick_leave",
    "sick_leave_since",
)
#: The facts ``_apply`` sets, in ``_PARTICIPANT_COLUMNS`` order.
_FACTS = ("first_name", "last_name", "identity_kind", "identity_number")
_MORE_FACTS = _PARTICIPANT_COLUMNS[6:]


@dataclass(frozen=True)
class _Tables:
    participants: Table
    profiles: Table
    keys: Table


def _tables(job: ImportJob, now: datetime.datetime) -> _Tables:
    """How a batch's rows are written; what every row shares is encoded once."""
    organisation = job.organisation.pk
    return _Tables(
        Table(
            Participant,
            _PARTICIPANT_COLUMNS,
            {"organisation_id": organisation, "created_at": now, "updated_at": now},
        ),
        Table(
            CompetenceProfile,
            ("participant_id",),
            {
                "driving_licences": [],
                "adaptations_needed": [],
                "validation_needs": "",
                "updated_at": now,
            },
        ),
        Table(
            ExternalKey,
            ("external_id", "object_id"),
            {
                "organisation_id": organisation,
                "kind": ImportKind.PARTICIPANTS,
                "job_id": job.pk,
                "created_at": now,
            },
        ),
    )


#: One checked row: (row number, its external id as looked up, the id as kept,
#: the refused fields as (field, message, value) or None, and for a row that
#: passed: (identity number, its look-up hash, the encoded participant,
#: competence profile and external key) or None).
CheckedRow = tuple[
    int, str, str, tuple[tuple[str, str, str], ...] | None, tuple[str, str, Any, Any, Any] | None
]


def check_participant_rows(job: ImportJob, rows: Sequence[readers.Row]) -> list[CheckedRow]:
    """Check each row with the service's rules and encode those that pass, ready to write.

    Needs no database (it may run in another process): what depends on the
    database — external ids and identity numbers already there — is
    ``write_participant_batch``'s, in the batch's transaction.
    """
    organisation = job.organisation
    country = organisation.country
    checked: list[CheckedRow] = []
    passed: list[tuple[int, _Checked]] = []
    for number, row in rows:
        cells = Cells(row)
        lookup_id = row.get("external_id", "").strip()
        external_id = cells.text("external_id", max_length=100, required=True)
        data = _participant_data(cells, country)
        if cells.errors:
            refused = tuple((e.field, str(e.message), e.value) for e in cells.errors)
            checked.append((number, lookup_id, external_id, refused, None))
            continue
        participant = _Checked(organisation)
        try:
            people._apply(cast(Participant, participant), data)
        except DomainError as exc:
            name = exc.field or ""
            refusal = ((name, str(exc.message), row.get(name, "")),)
            checked.append((number, lookup_id, external_id, refusal, None))
            continue
        passed.append((len(checked), participant))
        checked.append((number, lookup_id, external_id, None, None))
    # Identity numbers may be stored encrypted: they are compared by their look-up hash.
    _key, hashes = lookup_values(
        Participant, "identity_number", [p.identity_number for _i, p in passed]
    )
    tables = _tables(job, timezone.now())
    for (i, p), hashed in zip(passed, hashes, strict=True):
        number, lookup_id, external_id, _refused, _ready = checked[i]
        pk = str(p.id)
        participant_row = [pk, *(getattr(p, name) for name in _FACTS), hashed]
        participant_row += [getattr(p, name) for name in _MORE_FACTS]
        ready = (
            p.identity_number,
            hashed,
            tables.participants.encode(participant_row),
            tables.profiles.encode((pk,)),
            tables.keys.encode((external_id, pk)),
        )
        checked[i] = (number, lookup_id, external_id, None, ready)
    return checked


def write_participant_batch(
    job: ImportJob, actor: User, checked: Sequence[CheckedRow], memory: DryRunMemory
) -> BatchResult:
    """The checked rows against the database, in the batch's transaction: skip the
    external ids already imported, refuse repeats and identity numbers already
    registered, write the rest (participants, competence profiles, external keys)."""
    result = BatchResult()
    organisation = job.organisation
    known, mine = _known_and_mine(job, ImportKind.PARTICIPANTS, [c[1] for c in checked], memory)
    passed: list[tuple[int, str, tuple[str, str, Any, Any, Any]]] = []
    seen: set[str] = set()
    for number, _lookup_id, external_id, refused, ready in checked:
        if external_id and _repeat_or_known(result, number, external_id, known, mine, seen):
            continue
        if refused is not None:
            for name, message, value in refused:
                result.refuse(number, external_id, name, message, value)
            continue
        assert ready is not None  # noqa: S101 - a row is refused or ready
        passed.append((number, external_id, ready))
    # The identity-number rule (one per organisation), set-based for the batch.
    numbers = {ready[0]: ready[1] for _n, _e, ready in passed if ready[0]}
    taken = memory.numbers if job.dry_run else set()
    key, _none = lookup_values(Participant, "identity_number", [])
    registered = set(
        one_of(
            # Numbers are never blank here; saying so lets PostgreSQL use the partial
            # unique (organisation, hash) index, whose condition it cannot prove from
            # an array of more than 100 values.
            participants_for(actor).filter(organisation=organisation).exclude(**{key: ""}),
            key,
            list(numbers.values()),
        )
    )
    taken |= {n for n, hashed in numbers.items() if hashed in registered}
    writable: list[tuple[str, str, Any, Any, Any]] = []
    for number, external_id, ready in passed:
        identity_number = ready[0]
        if identity_number and identity_number in taken:
            result.refuse(
                number,
                external_id,
                "identity_number",
                _("A participant with this identity number is already registered."),
                identity_number,
            )
            continue
        if identity_number:
            taken.add(identity_number)
        writable.append(ready)
    result.imported = len(writable)
    if job.dry_run:
        memory.ids.update(seen)
        return result
    if writable:
        tables = _tables(job, timezone.now())  # only their columns are used here
        tables.participants.write([ready[2] for ready in writable])
        tables.profiles.write([ready[3] for ready in writable])
        tables.keys.write([ready[4] for ready in writable])
    return result


def import_participant_batch(
    job: ImportJob, actor: User, rows: Sequence[readers.Row], memory: DryRunMemory
) -> BatchResult:
    """Check and write one batch here (``run_import`` checks in a second process)."""
    return write_participant_batch(job, actor, check_participant_rows(job, rows), memory)


# --- enrolments, activities, exits: each row through the journeys services ----------


class _Lookups:
    """Participants, enrolments, projects and providers a batch refers to, fetched once."""

    def __init__(self, job: ImportJob, actor: User, rows: Sequence[readers.Row]) -> None:
        self.job = job
        self.actor = actor
        self.organisation = job.organisation
        self.participant_keys = _known_keys(
            job, ImportKind.PARTICIPANTS, [c.get("participant_external_id", "") for _n, c in rows]
        )
        self.enrolment_keys = _known_keys(
            job, ImportKind.ENROLMENTS, [c.get("enrolment_external_id", "") for _n, c in rows]
        )
        self.projects: dict[str, Project | None] = {}

    def participant(self, cells: Cells) -> Participant | None:
        """By ``participant_external_id``, else by ``identity_number``."""
        participants = participants_for(self.actor).filter(organisation=self.organisation)
        external_id = cells.cells.get("participant_external_id", "").strip()
        raw_number = cells.cells.get("identity_number", "").strip()
        if external_id:
            key = self.participant_keys.get(external_id)
            found = participants.filter(pk=key).first() if key else None
            if found is None:
                cells.errors.append(
                    CellError(
                        "participant_external_id", _("No participant has this id."), external_id
                    )
                )
            return found
        if raw_number:
            try:
                identity = parse_identity_number(raw_number, self.organisation.country)
            except InvalidIdentityNumber as exc:
                cells.errors.append(CellError("identity_number", exc.args[0], raw_number))
                return None
            key, (value,) = lookup_values(Participant, "identity_number", [identity.number])
            found = participants.filter(**{key: value}).first()
            if found is None:
                cells.errors.append(
                    CellError("identity_number", _("No participant has this number."), raw_number)
                )
            return found
        cells.errors.append(
            CellError(
                "participant_external_id",
                _("Give the participant's external id or identity number."),
            )
        )
        return None

    def project(self, cells: Cells) -> Project | None:
        reference = cells.cells.get("project", "").strip()
        if reference not in self.projects:
            match = Q(diarienummer=reference) if reference else Q(pk__in=[])
            if reference.isdigit():
                match |= Q(pk=int(reference))
            self.projects[reference] = Project.objects.filter(match).first()
        found = self.projects[reference]
        if found is None:
            cells.errors.append(CellError("project", _("No project has this number."), reference))
        return found

    def enrolment(self, cells: Cells) -> Enrolment | None:
        """By ``enrolment_external_id``, else by the participant and ``project``."""
        people_here = participants_for(self.actor).filter(organisation=self.organisation)
        enrolments = Enrolment.objects.filter(participant__in=people_here).select_related(
            "participant__organisation"
        )
        external_id = cells.cells.get("enrolment_external_id", "").strip()
        if external_id:
            key = self.enrolment_keys.get(external_id)
            found = enrolments.filter(pk=int(key)).first() if key else None
            if found is None:
                cells.errors.append(
                    CellError("enrolment_external_id", _("No enrolment has this id."), external_id)
                )
            return found
        participant = self.participant(cells)
        project = self.project(cells)
        if participant is None or project is None:
            return None
        found = enrolments.filter(participant=participant, project=project).first()
        if found is None:
            cells.errors.append(
                CellError("project", _("The participant is not enrolled in this project."))
            )
        return found

    def provider(self, cells: Cells) -> Organisation | None:
        reference = cells.cells.get("provider", "").strip()
        if not reference:
            return None
        found = Organisation.objects.filter(Q(org_number=reference) | Q(name=reference)).first()
        if found is None:
            cells.errors.append(
                CellError("provider", _("No organisation has this name or number."), reference)
            )
        return found


def _through_service(
    job: ImportJob,
    actor: User,
    rows: Sequence[readers.Row],
    memory: DryRunMemory,
    kind: str,
    key_of: Callable[[Cells], str],
    act: Callable[[Cells, _Lookups], object | None],
) -> BatchResult:
    """Run ``act`` for each row in a savepoint; record the row's key with what it made."""
    result = BatchResult()
    lookups = _Lookups(job, actor, rows)
    ids = [key_of(Cells(c)) for _n, c in rows]
    known, mine = _known_and_mine(job, kind, ids, memory)
    seen: set[str] = set()
    for number, row in rows:
        cells = Cells(row)
        external_id = key_of(cells)
        if not external_id:
            result.refuse(number, "", "external_id", _("This field is required."))
            continue
        if _repeat_or_known(result, number, external_id, known, mine, seen):
            continue
        try:
            with transaction.atomic():
                made = act(cells, lookups)
                if made is None:  # the row's cells were refused
                    _add_cell_errors(result, number, external_id, cells)
                    continue
                if job.dry_run:
                    raise _DryRun
                ExternalKey.objects.create(
                    organisation=job.organisation,
                    kind=kind,
                    external_id=external_id,
                    object_id=str(getattr(made, "pk", "")),
                    job=job,
                )
        except _DryRun:
            pass
        except DomainError as exc:
            field_name = exc.field or ""
            result.refuse(number, external_id, field_name, exc.message, row.get(field_name, ""))
            continue
        result.imported += 1
    if job.dry_run:
        memory.ids.update(seen)
    return result


def import_enrolment_batch(
    job: ImportJob, actor: User, rows: Sequence[readers.Row], memory: DryRunMemory
) -> BatchResult:
    def act(cells: Cells, lookups: _Lookups) -> object | None:
        participant = lookups.participant(cells)
        project = lookups.project(cells)
        entry_date = cells.date("entry_date", required=True)
        sources = cells.choices("income_sources_before", _INCOME_SOURCES)
        if cells.errors or participant is None or project is None or entry_date is None:
            return None
        return journeys.enrol(actor, participant, project, entry_date, sources)

    return _through_service(
        job,
        actor,
        rows,
        memory,
        ImportKind.ENROLMENTS,
        lambda c: c.cells.get("external_id", "").strip(),
        act,
    )


def import_activity_batch(
    job: ImportJob, actor: User, rows: Sequence[readers.Row], memory: DryRunMemory
) -> BatchResult:
    def act(cells: Cells, lookups: _Lookups) -> object | None:
        enrolment = lookups.enrolment(cells)
        kind = cells.choice("kind", _ACTIVITY_KINDS, required=True)
        start = cells.date("start_date", required=True)
        end = cells.date("end_date")
        provider = lookups.provider(cells)
        hours = cells.decimal("hours_per_week")
        note = cells.text("note", max_length=2000)
        if cells.errors or enrolment is None or start is None:
            return None
        return journeys.add_activity(actor, enrolment, kind, start, end, provider, hours, note)

    return _through_service(
        job,
        actor,
        rows,
        memory,
        ImportKind.ACTIVITIES,
        lambda c: c.cells.get("external_id", "").strip(),
        act,
    )


def _own_key(cells: Cells) -> str:
    return cells.cells.get("external_id", "").strip()


def _exit_key(cells: Cells) -> str:
    """An exit's own id, or its enrolment and date: one exit per enrolment and day."""
    own = cells.cells.get("external_id", "").strip()
    if own:
        return own
    enrolment = cells.cells.get("enrolment_external_id", "").strip() or "|".join(
        cells.cells.get(name, "").strip()
        for name in ("participant_external_id", "identity_number", "project")
    )
    return f"{enrolment}@{cells.cells.get('exit_date', '').strip()}"[:100]


def import_exit_batch(
    job: ImportJob, actor: User, rows: Sequence[readers.Row], memory: DryRunMemory
) -> BatchResult:
    def act(cells: Cells, lookups: _Lookups) -> object | None:
        enrolment = lookups.enrolment(cells)
        exit_date = cells.date("exit_date", required=True)
        outcome = cells.choice("outcome", _OUTCOMES, required=True)
        qualification = cells.boolean("qualification_gained")
        sources = cells.choices("income_sources_after", _INCOME_SOURCES)
        if cells.errors or enrolment is None or exit_date is None:
            return None
        return journeys.exit_enrolment(actor, enrolment, exit_date, outcome, qualification, sources)

    return _through_service(job, actor, rows, memory, ImportKind.EXITS, _exit_key, act)


HANDLERS: dict[str, Handler] = {
    ImportKind.PARTICIPANTS: import_participant_batch,
    ImportKind.ENROLMENTS: import_enrolment_batch,
    ImportKind.ACTIVITIES: import_activity_batch,
    ImportKind.EXITS: import_exit_batch,
}
#: Kinds checked apart from writing: the check needs no database, so it may run
#: in a second process (``PIPELINE``) while the writer commits the batch before.
CHECKERS: dict[str, Checker] = {ImportKind.PARTICIPANTS: check_participant_rows}
WRITERS: dict[str, Handler] = {ImportKind.PARTICIPANTS: write_participant_batch}


# --- the error report ---------------------------------------------------------------

ERROR_COLUMNS = ("row", "external_id", "field", "value", "message")


def error_report(job: ImportJob) -> Iterator[str]:
    """The job's refused rows as CSV lines, one per field refused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ERROR_COLUMNS)
    yield buffer.getvalue()
    for error in job.errors.order_by("row_number", "id").iterator(chunk_size=2_000):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            [error.row_number, error.external_id, error.field, error.value, error.message]
        )
        yield buffer.getvalue()


def personal_data_roles() -> frozenset[str]:
    return PERSONAL_DATA_ROLES
