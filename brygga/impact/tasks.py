"""Background work of the impact app: runs take primary keys and call services."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def run_scenario_result(result_id: int) -> None:
    """Compute a queued scenario result (records runs can read many journeys)."""
    services.compute_result(result_id)
