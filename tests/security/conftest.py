"""Shared pieces of the attack tests: a small world, figures for the summary.

The attack tests act on the shared cast (root ``conftest.py``): alice's participant
enrolled in a project at Boden, and the outsider olga's own participant at
Jammerbugt, whose data must never show to anyone at Boden.

Each test records how many cases it ran in ``FIGURES``; pytest prints them at the
end of the run (docs/security.md quotes them).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from brygga.core.models import Organisation, User
from brygga.people.services import ParticipantData, register_participant

from .helpers import FIGURES, OUTSIDER_NAME


@pytest.fixture
def world(
    alice: User,
    adam: User,
    bob: User,
    charlie: User,
    olga: User,
    enrolment: Any,
    jammerbugt: Organisation,
) -> dict[str, User]:
    """The cast, alice's enrolled participant and olga's participant; users by name."""
    register_participant(
        olga,
        jammerbugt,
        ParticipantData(
            first_name=OUTSIDER_NAME,
            last_name="Sørensen",
            identity_number="",
            birth_date=datetime.date(1988, 2, 3),
            gender="man",
            municipality="Jammerbugt",
            identity_country="DK",
        ),
    )
    return {user.username: user for user in (alice, adam, bob, charlie, olga)}


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI application, called in the test's thread and transaction.

    Django closes "old" database connections when a request starts and ends; inside a
    test's transaction that would roll the test's data away, so — as the test client
    does — those two signal handlers are off while the application is called here.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("attack tests: cases run")
    for key, count in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{key}: {count}")
