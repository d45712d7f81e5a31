"""Shapes of participant data in the API: what comes in and what goes out.

Input types are strict enough that nothing malformed reaches a service: enum
fields take the values of the models' ``TextChoices``, ids and numbers are
bounded, text is bounded and free of NUL characters, and dates fall in a
plausible range. Whatever passes the schema is judged by the services.

No ``from __future__ import annotations`` here: ninja's ``PatchDict`` derives a
schema from ``ParticipantIn`` and needs its annotations evaluated.
"""

import datetime
import uuid
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from brygga.core.models import Country

from .identity import IdentityKind
from .models import (
    CefrLevel,
    CompetenceKind,
    ConsentPurpose,
    EducationLevel,
    Gender,
    LabourMarketStatus,
    Participant,
)
from .rules import TargetGroup
from .selectors import participant_status
from .vocabularies import Adaptation, DrivingLicence

#: Primary keys are 64-bit; a larger number could not name a row.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]

#: Dates outside this range are typing errors, not facts about a person.
Day = Annotated[datetime.date, Field(ge=datetime.date(1900, 1, 1), le=datetime.date(2199, 12, 31))]

_NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot store NUL characters in text.
Name = Annotated[str, StringConstraints(max_length=100, pattern=_NO_NUL)]
Label = Annotated[str, StringConstraints(max_length=200, pattern=_NO_NUL)]
Note = Annotated[str, StringConstraints(max_length=10_000, pattern=_NO_NUL)]
IdentityNumberText = Annotated[str, StringConstraints(max_length=20, pattern=_NO_NUL)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}$")]

ParticipantStatusValue = Literal["registered", "active", "exited"]


class ErrorOut(Schema):
    """A refusal with its reason; ``field`` names the input at fault, when one is."""

    detail: str
    field: str | None = None


class ValidationErrorOut(Schema):
    """Input that does not fit the schema: pydantic's list of errors with their locations."""

    detail: list[dict[str, Any]] | dict[str, list[str]]


#: The error answers of operations that read one object, and of those that change data.
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 409: ErrorOut, **READ_ERRORS}


# --- input ------------------------------------------------------------------------


class ParticipantListQuery(Schema):
    q: Label = Field(
        "",
        description="Words of the name. An identity number may only be searched with "
        "`POST /participants/search`, so that it never stands in a URL.",
    )
    target_group: TargetGroup | None = None
    status: ParticipantStatusValue | None = None
    project: RowId | None = Field(None, description="Enrolled (now or before) in this project.")
    limit: int = Field(50, ge=1, le=200)
    cursor: str | None = Field(None, max_length=1000, description="`next_cursor` of a page.")


class ParticipantIn(Schema):
    """The facts about a participant. Target groups are derived from them, never sent."""

    first_name: Name
    last_name: Name
    identity_number: IdentityNumberText = Field(
        "", description="Swedish personnummer or samordningsnummer, or Danish CPR number."
    )
    identity_country: Country = Field(
        Country.SWEDEN, description="Which country's rules the identity number follows."
    )
    birth_date: Day | None = Field(
        None, description="Derived from the identity number when one is given."
    )
    gender: Gender | None = None
    municipality: Name = ""
    foreign_background: bool = False
    third_country_national: bool = False
    in_upper_secondary_school: bool = False
    education_level: EducationLevel | None = Field(None, description="ISCED 2011 level.")
    labour_market_status: LabourMarketStatus | None = None
    labour_market_status_since: Day | None = None
    income_support: bool = False
    income_support_since: Day | None = None
    sick_leave: bool = False
    sick_leave_since: Day | None = None


class ParticipantCreateIn(ParticipantIn):
    organisation: RowId | None = Field(
        None,
        description="The registering organisation; may be left out when the user "
        "handles participants in only one.",
    )


class ConsentIn(Schema):
    purpose: ConsentPurpose
    given_on: Day


class ConsentWithdrawalIn(Schema):
    withdrawn_on: Day


class CompetenceIn(Schema):
    kind: CompetenceKind
    code: Label = ""
    label: Label


class LanguageIn(Schema):
    language: LanguageCode = Field(description="ISO 639 code, e.g. sv.")
    level: CefrLevel


class CompetenceProfileIn(Schema):
    """The whole profile; it replaces the one recorded."""

    hours_available_per_week: int | None = Field(None, ge=0, le=80)
    driving_licences: list[DrivingLicence] = Field(default_factory=list, max_length=20)
    adaptations_needed: list[Adaptation] = Field(default_factory=list, max_length=20)
    validation_needs: Note = ""
    competences: list[CompetenceIn] = Field(default_factory=list, max_length=200)
    languages: list[LanguageIn] = Field(default_factory=list, max_length=50)


# --- output -----------------------------------------------------------------------


class ParticipantListItemOut(Schema):
    """A participant in a list; the identity number is shown on the detail only."""

    id: uuid.UUID
    first_name: str
    last_name: str
    birth_date: datetime.date | None
    gender: str
    organisation: int = Field(validation_alias="organisation_id")
    target_groups: list[TargetGroup]
    status: ParticipantStatusValue

    @staticmethod
    def resolve_target_groups(obj: Participant) -> list[str]:
        return [group.value for group in obj.target_groups()]

    @staticmethod
    def resolve_status(obj: Participant) -> str:
        return participant_status(obj)


class ParticipantPageOut(Schema):
    items: list[ParticipantListItemOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class ConsentOut(Schema):
    id: int
    purpose: str
    given_on: datetime.date
    withdrawn_on: datetime.date | None


class CompetenceOut(Schema):
    kind: str
    code: str
    label: str


class LanguageOut(Schema):
    language: str
    level: str


class CompetenceProfileOut(Schema):
    hours_available_per_week: int | None
    driving_licences: list[str]
    adaptations_needed: list[str]
    validation_needs: str
    competences: list[CompetenceOut]
    languages: list[LanguageOut]


def competence_profile_out(participant: Participant) -> CompetenceProfileOut:
    """The profile with the participant's competences and languages, which sit beside it."""
    from .models import CompetenceProfile

    profile = CompetenceProfile.objects.filter(participant=participant).first()
    return CompetenceProfileOut(
        hours_available_per_week=profile.hours_available_per_week if profile else None,
        driving_licences=profile.driving_licences if profile else [],
        adaptations_needed=profile.adaptations_needed if profile else [],
        validation_needs=profile.validation_needs if profile else "",
        competences=[
            CompetenceOut(kind=c.kind, code=c.code, label=c.label)
            for c in participant.competences.all()
        ],
        languages=[
            LanguageOut(language=lang.language, level=lang.level)
            for lang in participant.languages.all()
        ],
    )


class ParticipantOut(ParticipantListItemOut):
    """Everything recorded about one participant except the journey."""

    identity_number: str
    identity_kind: IdentityKind | Literal[""]
    municipality: str
    foreign_background: bool
    third_country_national: bool
    in_upper_secondary_school: bool
    education_level: int | None
    labour_market_status: str
    labour_market_status_since: datetime.date | None
    income_support: bool
    income_support_since: datetime.date | None
    sick_leave: bool
    sick_leave_since: datetime.date | None
    consents: list[ConsentOut]
    competence_profile: CompetenceProfileOut
    version: int = Field(
        description="Send it back as `If-Match` when you change the participant: "
        "a change based on an older version is refused with 409."
    )

    @staticmethod
    def resolve_competence_profile(obj: Participant) -> CompetenceProfileOut:
        return competence_profile_out(obj)
