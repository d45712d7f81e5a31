"""Import jobs over HTTP: upload a file, follow its progress, fetch the refused rows.

Mounted at ``/api/v1/imports/`` (the lead adds ``api.add_router("/imports", router)``).
Only users with a personal-data role in the organisation may import or see its
jobs; an outsider gets 404 for another organisation's job.
"""

from __future__ import annotations

import datetime
import tempfile
import uuid
from pathlib import Path

from django.db import transaction
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from brygga.api.auth import TokenAuth, api_user
from brygga.core.errors import DomainError
from brygga.core.selectors import personal_data_organisations
from brygga.people.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut

from . import services, tasks
from .models import ImportJob, ImportKind
from .selectors import get_job_for, jobs_for

router = Router(tags=["imports"], auth=TokenAuth())


class JobOut(Schema):
    id: uuid.UUID
    organisation: int
    kind: ImportKind
    file_name: str
    dry_run: bool
    status: str
    message: str
    total_rows: int | None
    processed_rows: int
    imported_rows: int
    skipped_rows: int
    failed_rows: int
    percent: int
    created_at: datetime.datetime
    finished_at: datetime.datetime | None

    @staticmethod
    def resolve_organisation(job: ImportJob) -> int:
        return job.organisation_id


@router.get(
    "/jobs",
    response={200: list[JobOut], 401: ErrorOut},
    summary="Import jobs of your organisations",
)
def list_jobs(request: HttpRequest) -> list[ImportJob]:
    return list(jobs_for(api_user(request))[:100])


@router.get(
    "/jobs/{job_id}",
    response={200: JobOut, **READ_ERRORS},
    summary="One import job and its progress",
)
def get_job(request: HttpRequest, job_id: uuid.UUID) -> ImportJob:
    return get_job_for(api_user(request), job_id)


@router.get(
    "/jobs/{job_id}/errors.csv",
    response=READ_ERRORS,
    summary="The refused rows as CSV: row, external_id, field, value, message",
)
def job_errors(request: HttpRequest, job_id: uuid.UUID) -> StreamingHttpResponse:
    job = get_job_for(api_user(request), job_id)
    return StreamingHttpResponse(services.error_report(job), content_type="text/csv")


@router.post(
    "/jobs",
    response={202: JobOut, **WRITE_ERRORS},
    summary="Upload a CSV or XLSX file to import (runs in the background)",
)
def start_job(
    request: HttpRequest,
    file: File[UploadedFile],
    organisation: Form[int],
    kind: Form[ImportKind],
    dry_run: Form[bool] = False,
) -> tuple[int, ImportJob]:
    user = api_user(request)
    target = personal_data_organisations(user).filter(pk=organisation).first()
    if target is None:
        raise DomainError(_("You may not import into this organisation."), field="organisation")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "upload"
        with source.open("wb") as handle:
            for chunk in file.chunks():
                handle.write(chunk)
        job = services.start_import(
            user, target, kind.value, source, file.name or "upload.csv", dry_run=dry_run,
            resume=False,
        )  # fmt: skip
    job_id = str(job.pk)
    transaction.on_commit(lambda: tasks.run_import_job.enqueue(job_id))
    return 202, job
