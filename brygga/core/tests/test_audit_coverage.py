"""Every model that holds a participant's data is audited, in every app, now and later.

A model is about a participant when it has a foreign key (or one-to-one) to
``Participant`` or to another such model. Each must inherit
``brygga.core.audit.PersonalData``, which notes its reads and writes; the
test fails for a new model that forgets.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from brygga.core.audit import PersonalData
from brygga.people.models import Participant

#: Models that point at a participant but hold nothing about them, with the reason.
NOT_PERSONAL: dict[str, str] = {}


def about_participants() -> set[type[models.Model]]:
    found: set[type[models.Model]] = {Participant}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in found:
                continue
            targets = {
                f.related_model
                for f in model._meta.get_fields()
                if isinstance(f, models.ForeignKey | models.OneToOneField)
            }
            if targets & found:
                found.add(model)
                grew = True
    return found


def test_every_model_about_a_participant_inherits_personal_data() -> None:
    missing = sorted(
        model._meta.label
        for model in about_participants()
        if not issubclass(model, PersonalData) and model._meta.label not in NOT_PERSONAL
    )
    assert missing == [], "inherit brygga.core.audit.PersonalData (or list the model with a reason)"


def test_the_search_follows_relations() -> None:
    labels = {model._meta.label for model in about_participants()}
    assert {"people.Consent", "journeys.Enrolment", "journeys.Activity"} <= labels


def test_each_audited_model_names_a_lookup_to_its_participant() -> None:
    for model in about_participants():
        if issubclass(model, PersonalData):
            lookup = model.audit_participant
            assert lookup == "id" or lookup.endswith("participant_id"), model
