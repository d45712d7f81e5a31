"""Bulk import jobs, their per-row errors, and the external keys that make re-runs safe."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Organisation


class ImportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    ENROLMENTS = "enrolments", _("Enrolments")
    ACTIVITIES = "activities", _("Activities")
    EXITS = "exits", _("Exits")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One file imported into one organisation; counters advance with each committed batch."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("what"), max_length=16, choices=ImportKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_path = models.CharField(max_length=500)
    file_name = models.CharField(_("file"), max_length=255)
    checksum = models.CharField(max_length=64, db_index=True)
    dry_run = models.BooleanField(_("check only"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    message = models.TextField(_("message"), blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    #: Rows handled in committed batches; a resumed job starts after them.
    processed_rows = models.PositiveIntegerField(_("rows handled"), default=0)
    imported_rows = models.PositiveIntegerField(_("imported"), default=0)
    skipped_rows = models.PositiveIntegerField(_("already imported"), default=0)
    failed_rows = models.PositiveIntegerField(_("rejected"), default=0)
    created_at = models.DateTimeField(_("started"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def is_done(self) -> bool:
        return self.status in (ImportStatus.FINISHED, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.is_done else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ImportRowError(models.Model):
    """Why one field of one row was refused."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="errors")
    row_number = models.PositiveIntegerField(_("row"))
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    field = models.CharField(_("field"), max_length=64, blank=True)
    value = models.CharField(_("value"), max_length=200, blank=True)
    message = models.TextField(_("message"))

    class Meta:
        ordering = ["row_number", "id"]
        verbose_name = _("import error")
        verbose_name_plural = _("import errors")

    def __str__(self) -> str:
        return f"{self.row_number}: {self.message}"


class ExternalKey(models.Model):
    """The id a record had in the system it came from, unique within an organisation.

    An import writes a row and its key in the same transaction, so a row whose
    key exists is never written again: re-running an import never duplicates.
    """

    #: No index of its own: the unique (organisation, kind, external id) starts with it.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    external_id = models.CharField(max_length=100)
    object_id = models.CharField(max_length=36)
    job = models.ForeignKey(ImportJob, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("external key")
        verbose_name_plural = _("external keys")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "external_id"], name="external_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.external_id}"
