"""The import pages: upload, progress polled with htmx, refused rows; outsiders refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from brygga.core.models import Organisation, User
from brygga.imports.models import ImportJob, ImportStatus
from brygga.people.models import Participant

pytestmark = pytest.mark.django_db

CSV = b"external_id;first_name;last_name;identity_number\nP1;Anna;Berg;19900517-1237\nP2;;Holm;\n"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(
    client: Client, organisation: Organisation, capture: Callable[..., Any], **extra: Any
) -> Any:
    with capture(execute=True):
        return client.post(
            reverse("imports:import_list"),
            {
                "organisation": organisation.pk,
                "kind": "participants",
                "file": SimpleUploadedFile("people.csv", CSV, content_type="text/csv"),
                **extra,
            },
        )


def test_upload_runs_the_import_in_a_task_and_shows_the_result(
    alice: User, boden: Organisation, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    client = _client(alice)
    page = client.get(reverse("imports:import_list"))
    assert page.status_code == 200
    response = _upload(client, boden, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:import_detail", args=[job.pk])
    assert job.status == ImportStatus.FINISHED
    assert (job.imported_rows, job.failed_rows) == (1, 1)
    assert Participant.objects.filter(organisation=boden).count() == 1
    detail = client.get(response.url)
    assert b"first_name" in detail.content
    progress = client.get(reverse("imports:import_progress", args=[job.pk]), HTTP_HX_REQUEST="1")
    assert b"hx-trigger" not in progress.content  # done: the polling stops
    errors = client.get(reverse("imports:import_errors", args=[job.pk]))
    lines = b"".join(errors.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert lines[0] == "row,external_id,field,value,message"
    assert lines[1].startswith("3,P2,first_name,")


def test_a_running_job_page_polls_for_progress(alice: User, boden: Organisation) -> None:
    job = ImportJob.objects.create(
        organisation=boden,
        kind="participants",
        created_by=alice,
        file_path="/nonexistent",
        file_name="people.csv",
        checksum="0",
        status=ImportStatus.RUNNING,
        total_rows=200,
        processed_rows=50,
    )
    fragment = _client(alice).get(reverse("imports:import_progress", args=[job.pk]))
    assert b'hx-trigger="every 1s"' in fragment.content
    assert b'value="25"' in fragment.content


def test_outsiders_cannot_see_or_use_an_organisations_imports(
    alice: User,
    olga: User,
    bob: User,
    charlie: User,
    boden: Organisation,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    _upload(_client(alice), boden, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    for name in ("import_detail", "import_progress", "import_errors"):
        url = reverse(f"imports:{name}", args=[job.pk])
        for outsider in (olga, bob, charlie):
            assert _client(outsider).get(url).status_code == 404
    # Olga handles personal data in Jammerbugt, not in Boden: she cannot import there.
    olga_client = _client(olga)
    assert job.file_name.encode() not in olga_client.get(reverse("imports:import_list")).content
    refused = _upload(olga_client, boden, django_capture_on_commit_callbacks)
    assert refused.status_code == 200
    assert ImportJob.objects.count() == 1
    # An analyst and enterprise staff hold no personal-data role at all.
    for user in (bob, charlie):
        assert _client(user).get(reverse("imports:import_list")).status_code == 403
    assert Client().get(reverse("imports:import_list")).status_code == 302


def test_a_file_that_is_not_csv_or_xlsx_is_refused_on_the_form(
    alice: User, boden: Organisation, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(alice).post(
            reverse("imports:import_list"),
            {
                "organisation": boden.pk,
                "kind": "participants",
                "file": SimpleUploadedFile("people.pdf", b"%PDF", content_type="application/pdf"),
            },
        )
    assert response.status_code == 200
    assert not ImportJob.objects.exists()
