"""The imports API: upload, progress, refused rows; outsiders refused.

The router is tested on its own (``ninja.testing.TestClient``) until it is
mounted at /api/v1/imports/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from ninja.testing import TestClient

from brygga.core.errors import DomainError
from brygga.core.models import ApiToken, Organisation, User
from brygga.imports.api import router
from brygga.imports.models import ImportJob, ImportStatus

pytestmark = pytest.mark.django_db

CSV = b"external_id,first_name,last_name\nP1,Anna,Berg\nP2,,Holm\n"


def _headers(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


@pytest.fixture
def client() -> TestClient:
    return TestClient(router)


def _upload(client: TestClient, user: User, organisation: Organisation) -> Any:
    return client.post(
        "/jobs",
        data={"organisation": organisation.pk, "kind": "participants"},
        FILES={"file": SimpleUploadedFile("people.csv", CSV, content_type="text/csv")},
        headers=_headers(user),
    )


def test_upload_then_follow_the_job(
    client: TestClient,
    alice: User,
    boden: Organisation,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, alice, boden)
    assert response.status_code == 202
    job_id = response.json()["id"]
    job = client.get(f"/jobs/{job_id}", headers=_headers(alice)).json()
    assert job["status"] == ImportStatus.FINISHED
    assert (job["imported_rows"], job["failed_rows"], job["percent"]) == (1, 1, 100)
    listed = client.get("/jobs", headers=_headers(alice)).json()
    assert [item["id"] for item in listed] == [job_id]
    errors = client.get(f"/jobs/{job_id}/errors.csv", headers=_headers(alice))
    lines = errors.content.decode().splitlines()
    assert lines[1].startswith("3,P2,first_name,")


def test_outsiders_are_refused(
    client: TestClient,
    alice: User,
    olga: User,
    bob: User,
    boden: Organisation,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job_id = _upload(client, alice, boden).json()["id"]
    for outsider in (olga, bob):
        assert client.get(f"/jobs/{job_id}", headers=_headers(outsider)).status_code == 404
        assert client.get("/jobs", headers=_headers(outsider)).json() == []
        with pytest.raises(DomainError):
            _upload(client, outsider, boden)
    assert ImportJob.objects.count() == 1
    assert client.get("/jobs").status_code == 401
