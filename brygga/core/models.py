"""Organisations (the tenants), users and their roles in organisations."""

from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COORDINATION_ASSOCIATION = "coordination_association", _("Coordination association")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    EMPLOYER = "employer", _("Employer")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")
    AGENCY = "agency", _("Agency")
    BUSINESS_DEVELOPMENT = "business_development", _("Business-development body")


class Country(models.TextChoices):
    SWEDEN = "SE", _("Sweden")
    DENMARK = "DK", _("Denmark")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=OrganisationKind.choices)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.SWEDEN
    )
    org_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. What they may see follows from their memberships."""

    organisations: models.ManyToManyField[Organisation, Membership] = models.ManyToManyField(
        Organisation, through="Membership", related_name="users", blank=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation admin")
    CASE_WORKER = "case_worker", _("Case worker")
    ENTERPRISE_STAFF = "enterprise_staff", _("Enterprise staff")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor")


#: Roles that may read and change participants' personal data in their organisation.
#: Analysts see aggregates only; enterprise staff see people referred to them
#: (referrals come with the matching module).
PERSONAL_DATA_ROLES: frozenset[str] = frozenset({Role.ORG_ADMIN, Role.CASE_WORKER})

#: Roles that read the audit log of their organisation (never the data itself).
AUDIT_ROLES: frozenset[str] = frozenset({Role.AUDITOR})


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def for_raw(self, raw: str) -> ApiToken | None:
        return (
            self.filter(token_hash=hash_token(raw), revoked_at__isnull=True)
            .select_related("user")
            .first()
        )


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash is stored; the raw token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        """Create a token for ``user``; return it with the raw secret (shown once)."""
        raw = "bry_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, token_hash=hash_token(raw))
        return token, raw


class AuditAction(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    ERASE = "erase", _("Erased")


class AppendOnlyQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One event in the append-only, hash-chained audit log (see ``brygga.core.audit``).

    Each entry holds the hash of the one before it, so changing or removing an
    entry breaks every hash after it; ``brygga verify_audit`` recomputes the
    chain. Entries name people by their participant id only: no personal data.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    actor_name = models.CharField(_("user"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    #: The participants concerned (their UUIDs as text), in order.
    subjects = models.JSONField(_("participants"), default=list)
    #: ``app_label.model.field`` names read or changed.
    fields = models.JSONField(_("fields"), default=list)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    path = models.CharField(_("request"), max_length=300, blank=True)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes: ClassVar = [
            models.Index(fields=["organisation_id", "at"], name="audit_org_at"),
            models.Index(fields=["actor_id", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")


class AuditSubject(models.Model):
    """Index from a participant to the audit entries about them (their own log)."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="+")
    participant_id = models.UUIDField(db_index=True)

    class Meta:
        verbose_name = _("audit subject")
        verbose_name_plural = _("audit subjects")

    def __str__(self) -> str:
        return f"{self.participant_id} in entry {self.entry_id}"


class AuditHead(models.Model):
    """The single row that holds the newest hash; appends lock it, one at a time."""

    last_hash = models.CharField(max_length=64)
    last_entry_id = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return self.last_hash
