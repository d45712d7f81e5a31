"""Every write to participant data goes through these functions.

Views and the API validate the shape of input (forms, schemas); these
functions apply the domain rules, act atomically and raise ``DomainError``
subclasses with translatable messages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.crypto import lookup_hash
from brygga.core.errors import ConflictError, DomainError, NotPermitted
from brygga.core.models import Organisation, User
from brygga.core.selectors import personal_data_organisations

from .identity import InvalidIdentityNumber, parse_identity_number
from .models import (
    CompetenceKind,
    CompetenceProfile,
    Consent,
    ConsentPurpose,
    Participant,
)


@dataclass
class ParticipantData:
    """The editable facts about a participant, as forms and the API deliver them."""

    first_name: str
    last_name: str
    identity_number: str = ""
    #: "SE" or "DK": which country's rules the identity number follows.
    identity_country: str = "SE"
    birth_date: datetime.date | None = None
    gender: str = ""
    municipality: str = ""
    foreign_background: bool = False
    third_country_national: bool = False
    in_upper_secondary_school: bool = False
    education_level: int | None = None
    labour_market_status: str = ""
    labour_market_status_since: datetime.date | None = None
    income_support: bool = False
    income_support_since: datetime.date | None = None
    sick_leave: bool = False
    sick_leave_since: datetime.date | None = None
    case_worker: User | None = None

    @classmethod
    def from_participant(cls, participant: Participant) -> ParticipantData:
        names = {f.name for f in fields(cls)} - {"identity_country"}
        values = {name: getattr(participant, name) for name in names}
        country = "DK" if participant.identity_kind == "dk_cpr" else "SE"
        return cls(identity_country=country, **values)


def check_personal_data_access(actor: User, organisation: Organisation) -> None:
    if not personal_data_organisations(actor).filter(pk=organisation.pk).exists():
        raise NotPermitted(_("You may not handle participants of this organisation."))


def _apply(participant: Participant, data: ParticipantData) -> None:
    today = timezone.localdate()
    for name in ("first_name", "last_name"):
        value = getattr(data, name).strip()
        if not value:
            raise DomainError(_("This field is required."), field=name)
        setattr(participant, name, value)
    birth_date = data.birth_date
    if data.identity_number.strip():
        try:
            identity = parse_identity_number(data.identity_number, data.identity_country)
        except InvalidIdentityNumber as exc:
            raise DomainError(exc.args[0], field="identity_number") from exc
        if birth_date is not None and birth_date != identity.birth_date:
            raise DomainError(
                _("The birth date does not match the identity number."), field="birth_date"
            )
        participant.identity_kind = identity.kind
        participant.identity_number = identity.number
        birth_date = identity.birth_date
    else:
        participant.identity_kind = ""
        participant.identity_number = ""
    if birth_date is not None and birth_date > today:
        raise DomainError(_("The birth date is in the future."), field="birth_date")
    participant.birth_date = birth_date
    for name in ("labour_market_status_since", "income_support_since", "sick_leave_since"):
        value = getattr(data, name)
        if value is not None and value > today:
            raise DomainError(_("The date is in the future."), field=name)
        if birth_date is not None and value is not None and value < birth_date:
            raise DomainError(_("The date is before the birth date."), field=name)
    if data.sick_leave and data.sick_leave_since is None:
        raise DomainError(_("Give the date the sick leave began."), field="sick_leave_since")
    if data.labour_market_status_since and not data.labour_market_status:
        raise DomainError(
            _("Give the labour-market status the date refers to."), field="labour_market_status"
        )
    participant.gender = data.gender
    participant.municipality = data.municipality.strip()
    participant.foreign_background = data.foreign_background
    participant.third_country_national = data.third_country_national
    participant.in_upper_secondary_school = data.in_upper_secondary_school
    participant.education_level = data.education_level
    participant.labour_market_status = data.labour_market_status
    participant.labour_market_status_since = data.labour_market_status_since
    participant.income_support = data.income_support
    participant.income_support_since = data.income_support_since if data.income_support else None
    participant.sick_leave = data.sick_leave
    participant.sick_leave_since = data.sick_leave_since if data.sick_leave else None
    participant.case_worker = data.case_worker


def _save(participant: Participant) -> None:
    if (
        participant.identity_number
        and Participant.objects.filter(
            organisation=participant.organisation,
            identity_number_hash=lookup_hash(participant.identity_number),
        )
        .exclude(pk=participant.pk)
        .exists()
    ):
        raise ConflictError(
            _("A participant with this identity number is already registered."),
            field="identity_number",
        )
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as exc:  # a concurrent registration of the same number
        raise ConflictError(
            _("A participant with this identity number is already registered."),
            field="identity_number",
        ) from exc


@transaction.atomic
def register_participant(
    actor: User, organisation: Organisation, data: ParticipantData
) -> Participant:
    check_personal_data_access(actor, organisation)
    participant = Participant(organisation=organisation)
    _apply(participant, data)
    _save(participant)
    CompetenceProfile.objects.create(participant=participant)
    return participant


@transaction.atomic
def update_participant(
    actor: User, participant: Participant, data: ParticipantData, version: int | None = None
) -> Participant:
    """Change the participant's facts.

    ``version`` is the version the editor started from (the form's hidden field,
    the API's ``If-Match``): when somebody saved in between, the change is
    refused with ``ConflictError`` and nothing is overwritten.
    """
    check_personal_data_access(actor, participant.organisation)
    _claim_version(participant, participant.version if version is None else version)
    _apply(participant, data)
    _save(participant)
    return participant


def _claim_version(participant: Participant, version: int) -> None:
    """Move the row from ``version`` to the next one, or refuse: optimistic locking.

    The conditional UPDATE also locks the row until the transaction ends, so of
    two concurrent saves from the same version exactly one goes through.
    """
    claimed = Participant.objects.filter(pk=participant.pk, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ConflictError(
            _(
                "Somebody else saved this participant after you opened the form. "
                "Your changes are not saved: reload to see theirs, then make yours again."
            )
        )
    participant.version = version + 1


@transaction.atomic
def record_consent(
    actor: User, participant: Participant, purpose: str, given_on: datetime.date
) -> Consent:
    check_personal_data_access(actor, participant.organisation)
    if purpose not in ConsentPurpose.values:
        raise DomainError(_("Unknown purpose."), field="purpose")
    if given_on > timezone.localdate():
        raise DomainError(_("The date is in the future."), field="given_on")
    if participant.consents.filter(purpose=purpose, withdrawn_on__isnull=True).exists():
        raise ConflictError(_("Consent for this purpose is already recorded."), field="purpose")
    return Consent.objects.create(
        participant=participant, purpose=purpose, given_on=given_on, recorded_by=actor
    )


@transaction.atomic
def withdraw_consent(actor: User, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    check_personal_data_access(actor, consent.participant.organisation)
    if consent.withdrawn_on is not None:
        raise ConflictError(_("The consent is already withdrawn."))
    if withdrawn_on < consent.given_on:
        raise DomainError(
            _("Consent cannot be withdrawn before it was given."), field="withdrawn_on"
        )
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    return consent


@dataclass
class CompetenceData:
    hours_available_per_week: int | None = None
    driving_licences: list[str] = field(default_factory=list)
    adaptations_needed: list[str] = field(default_factory=list)
    validation_needs: str = ""
    #: (kind, code, label) triples; kind is "skill" or "occupation".
    competences: list[tuple[str, str, str]] = field(default_factory=list)
    #: (ISO 639-1 language, CEFR level) pairs.
    languages: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def save_competence_profile(
    actor: User, participant: Participant, data: CompetenceData
) -> CompetenceProfile:
    """Replace the participant's competence profile with ``data``."""
    from .models import CefrLevel, Competence, LanguageSkill
    from .vocabularies import Adaptation, DrivingLicence

    check_personal_data_access(actor, participant.organisation)
    if data.hours_available_per_week is not None and not 0 <= data.hours_available_per_week <= 80:
        raise DomainError(_("Hours must be between 0 and 80."), field="hours_available_per_week")
    _check_codes(data.driving_licences, DrivingLicence.values, "driving_licences")
    _check_codes(data.adaptations_needed, Adaptation.values, "adaptations_needed")
    seen_languages: set[str] = set()
    for language, level in data.languages:
        if not language.isalpha() or not 2 <= len(language) <= 3:
            raise DomainError(
                _("Give the language as an ISO 639 code, e.g. sv."), field="languages"
            )
        if level not in CefrLevel.values:
            raise DomainError(_("Give the level on the CEFR scale, A1–C2."), field="languages")
        if language.lower() in seen_languages:
            raise DomainError(_("Each language once."), field="languages")
        seen_languages.add(language.lower())
    for kind, _code, label in data.competences:
        if kind not in CompetenceKind.values or not label.strip():
            raise DomainError(_("Each competence needs a kind and a label."), field="competences")
    profile, _created = CompetenceProfile.objects.get_or_create(participant=participant)
    profile.hours_available_per_week = data.hours_available_per_week
    profile.driving_licences = sorted(set(data.driving_licences))
    profile.adaptations_needed = sorted(set(data.adaptations_needed))
    profile.validation_needs = data.validation_needs.strip()
    profile.save()
    participant.competences.all().delete()
    Competence.objects.bulk_create(
        Competence(participant=participant, kind=kind, code=code.strip(), label=label.strip())
        for kind, code, label in data.competences
    )
    participant.languages.all().delete()
    LanguageSkill.objects.bulk_create(
        LanguageSkill(participant=participant, language=language.lower(), level=level)
        for language, level in data.languages
    )
    return profile


def _check_codes(values: Iterable[str], allowed: list[str], field_name: str) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise DomainError(
            _("Unknown value: %(value)s") % {"value": ", ".join(unknown)}, field=field_name
        )
