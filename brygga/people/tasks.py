"""Background work of the people app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from .privacy import apply_retention


@task()
def apply_retention_task() -> int:
    """The retention rule as a task, for deployments that schedule through the task queue."""
    return apply_retention()
