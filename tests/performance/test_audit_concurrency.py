"""The audit log under concurrent appends (PostgreSQL): one chain, no fork."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connections

from brygga.core import audit
from brygga.core.models import AuditAction, AuditEntry, User


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent writers need PostgreSQL (SQLite has one writer at a time)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_make_one_chain_in_the_order_of_the_ids(alice: User) -> None:
    """Four threads, each on its own connection, append at once: no fork, no gap.

    Here and not beside the other audit tests: a transactional test empties the
    database when it ends, rows of data migrations included, and the tests in
    ``tests/`` run after the apps' own.
    """

    def appender(number: int) -> None:
        try:
            for i in range(25):
                audit.append(
                    AuditAction.READ,
                    actor=alice,
                    organisation_id=None,
                    subjects=[],
                    fields=[],
                    reason=f"thread {number}, entry {i}",
                )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=appender, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) == 100
    assert [e.previous_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    report = audit.verify_chain()
    assert report.intact and report.entries == 100
