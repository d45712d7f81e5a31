"""Upload a file, follow its import (the page polls with htmx), download the refused rows."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from brygga.core.errors import DomainError
from brygga.core.requests import acting_user
from brygga.core.selectors import personal_data_organisations

from . import services, tasks
from .forms import ImportForm
from .selectors import get_job_for, jobs_for


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    organisations = personal_data_organisations(user)
    if not organisations.exists():
        return render(request, "imports/not_permitted.html", status=403)
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "upload"
            with source.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                job = services.start_import(
                    user,
                    form.cleaned_data["organisation"],
                    form.cleaned_data["kind"],
                    source,
                    upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                    resume=False,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                job_id = str(job.pk)
                transaction.on_commit(lambda: tasks.run_import_job.enqueue(job_id))
                messages.success(request, _("The file is being imported."))
                return redirect("imports:import_detail", pk=job.pk)
    return render(request, "imports/import_list.html", {"form": form, "jobs": jobs_for(user)[:50]})


@login_required
def import_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = get_job_for(request.user, pk)
    errors = job.errors.all()[:100]
    return render(request, "imports/import_detail.html", {"job": job, "errors": errors})


@login_required
def import_progress(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The progress fragment the job page polls until the job is done."""
    job = get_job_for(request.user, pk)
    return render(request, "imports/_progress.html", {"job": job})


@login_required
def import_errors(request: HttpRequest, pk: uuid.UUID) -> StreamingHttpResponse:
    job = get_job_for(request.user, pk)
    response = StreamingHttpResponse(services.error_report(job), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    return response
