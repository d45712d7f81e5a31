"""Participants, their consent and their competence profile."""

from __future__ import annotations

import datetime
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.audit import PersonalData
from brygga.core.crypto import EncryptedCharField, LookupHashField
from brygga.core.models import Organisation

from .identity import IdentityKind
from .rules import Facts, TargetGroup, target_groups


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")


class EducationLevel(models.IntegerChoices):
    """ISCED 2011 levels."""

    ISCED_0 = 0, _("ISCED 0: early childhood / no formal education")
    ISCED_1 = 1, _("ISCED 1: primary")
    ISCED_2 = 2, _("ISCED 2: lower secondary")
    ISCED_3 = 3, _("ISCED 3: upper secondary")
    ISCED_4 = 4, _("ISCED 4: post-secondary non-tertiary")
    ISCED_5 = 5, _("ISCED 5: short-cycle tertiary")
    ISCED_6 = 6, _("ISCED 6: bachelor or equivalent")
    ISCED_7 = 7, _("ISCED 7: master or equivalent")
    ISCED_8 = 8, _("ISCED 8: doctoral or equivalent")


class LabourMarketStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("Unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    INACTIVE = "inactive", _("Inactive")
    EMPLOYED = "employed", _("Employed")


class Participant(PersonalData):
    """A person on their way into work, registered by one organisation."""

    audit_participant = "id"
    erasure = "keep"  # anonymised in place by brygga.people.privacy.erase_person

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: No index of its own: ``participant_org_name`` starts with the organisation.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("organisation"),
        db_index=False,
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("case worker"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    identity_kind = models.CharField(
        _("kind of identity number"), max_length=24, choices=IdentityKind.choices, blank=True
    )
    #: Encrypted at rest (AES-GCM); found again by ``identity_number_hash``.
    identity_number = EncryptedCharField(_("identity number"), blank=True)
    #: Every look-up is within organisations: the unique (organisation, hash) index serves it.
    identity_number_hash = LookupHashField(source="identity_number")
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    municipality = models.CharField(_("municipality of residence"), max_length=100, blank=True)
    foreign_background = models.BooleanField(_("foreign background"), default=False)
    third_country_national = models.BooleanField(_("third-country national"), default=False)
    in_upper_secondary_school = models.BooleanField(_("in upper-secondary school"), default=False)
    education_level = models.PositiveSmallIntegerField(
        _("education level (ISCED 2011)"), choices=EducationLevel.choices, null=True, blank=True
    )
    labour_market_status = models.CharField(
        _("labour-market status at entry"),
        max_length=24,
        choices=LabourMarketStatus.choices,
        blank=True,
    )
    labour_market_status_since = models.DateField(_("status since"), null=True, blank=True)
    income_support = models.BooleanField(_("on income support"), default=False)
    income_support_since = models.DateField(_("income support since"), null=True, blank=True)
    sick_leave = models.BooleanField(_("on sick leave"), default=False)
    sick_leave_since = models.DateField(_("sick leave since"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    #: Raised by every change; a save based on an older version is refused (two editors).
    version = models.PositiveIntegerField(default=1, editable=False)
    #: Set when the person's data was erased: the row stays, anonymous, for statistics.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes: ClassVar = [
            models.Index(
                fields=["organisation", "last_name", "first_name"], name="participant_org_name"
            ),
            models.Index(fields=["birth_date"], name="participant_birth_date"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "identity_number_hash"],
                condition=~models.Q(identity_number_hash=""),
                name="participant_unique_identity_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(identity_number_hash="") | ~models.Q(identity_kind=""),
                name="participant_identity_has_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.erased_at is not None:
            return str(_("Erased person"))
        return f"{self.first_name} {self.last_name}"

    def facts(self) -> Facts:
        return Facts(
            birth_date=self.birth_date,
            in_upper_secondary_school=self.in_upper_secondary_school,
            education_level=self.education_level,
            labour_market_status=self.labour_market_status,
            labour_market_status_since=self.labour_market_status_since,
            income_support=self.income_support,
            sick_leave_since=self.sick_leave_since if self.sick_leave else None,
            foreign_background=self.foreign_background,
            third_country_national=self.third_country_national,
        )

    def target_groups(self, on: datetime.date | None = None) -> list[TargetGroup]:
        """Derived target groups on ``on`` (today by default), in declaration order."""
        groups = target_groups(self.facts(), on or timezone.localdate())
        return [g for g in TargetGroup if g in groups]


class ConsentPurpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration and case work")
    FOLLOW_UP = "follow_up", _("Follow-up after the intervention")
    REFERRAL = "referral", _("Referral to another organisation")
    STATISTICS = "statistics", _("Statistics and reporting")


class Consent(PersonalData):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class CompetenceProfile(PersonalData):
    """What a person can do and needs: the basis of matching."""

    erasure = "keep"
    erasure_blank = ("validation_needs", "driving_licences", "adaptations_needed")

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="competence_profile"
    )
    hours_available_per_week = models.PositiveSmallIntegerField(
        _("hours available per week"), null=True, blank=True
    )
    driving_licences = models.JSONField(_("driving licences"), default=list, blank=True)
    adaptations_needed = models.JSONField(_("adaptations needed"), default=list, blank=True)
    validation_needs = models.TextField(_("validation needs"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("competence profile")
        verbose_name_plural = _("competence profiles")

    def __str__(self) -> str:
        return str(self.participant)


class CompetenceKind(models.TextChoices):
    SKILL = "skill", _("Skill")
    OCCUPATION = "occupation", _("Occupation")


class Competence(PersonalData):
    """A skill or occupation in a profile, by code (a taxonomy comes later) and label."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="competences"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CompetenceKind.choices)
    code = models.CharField(_("code"), max_length=200, blank=True)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        ordering = ["kind", "label"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self) -> str:
        return self.label


class CefrLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class LanguageSkill(PersonalData):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language (ISO 639-1)"), max_length=8)
    level = models.CharField(_("level (CEFR)"), max_length=2, choices=CefrLevel.choices)

    class Meta:
        ordering = ["language"]
        verbose_name = _("language skill")
        verbose_name_plural = _("language skills")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["participant", "language"], name="language_unique_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.level}"
