"""Background work of the imports app: a job runs in a task worker, by primary key."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def run_import_job(job_id: str) -> None:
    """Run (or resume) an import job; its page shows the progress as batches commit."""
    services.run_import(job_id)
