"""The guided competence-mapping page of a participant (mounted at people:competence_edit).

Occupations and skills are found by type-ahead search (``views.concept_search``) and
added as rows, each with the evidence it rests on; languages with CEFR levels,
driving licences, hours, adaptations needed and validation needs complete the
profile. Writes go through ``services.save_competence_mapping`` (which uses
``people.services.save_competence_profile``); a refused save shows the reason and
keeps everything entered.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from brygga.core.errors import DomainError
from brygga.core.models import User
from brygga.people.models import CefrLevel, Participant
from brygga.people.selectors import get_participant_for
from brygga.people.services import CompetenceData
from brygga.people.vocabularies import Adaptation, DrivingLicence

from .models import CompetenceEvidence, Evidence
from .search import labels_for
from .services import MappedCompetence, save_competence_mapping
from .vocabularies import CEFR_DESCRIPTIONS, language_choices

BLANK_LANGUAGE_ROWS = 2


class ProfileForm(forms.Form):
    hours_available_per_week = forms.IntegerField(
        label=gettext_lazy("Hours available per week"),
        min_value=0,
        max_value=80,
        required=False,
        help_text=gettext_lazy("How many hours a week the person can work now."),
    )
    driving_licences = forms.MultipleChoiceField(
        label=gettext_lazy("Driving licences"),
        choices=DrivingLicence.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    adaptations_needed = forms.MultipleChoiceField(
        label=gettext_lazy("Adaptations needed at work"),
        choices=Adaptation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    validation_needs = forms.CharField(
        label=gettext_lazy("Validation needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Skills the person has but cannot yet show, e.g. a trade learnt abroad."
        ),
    )


@dataclass
class Row:
    kind: str
    uri: str
    label: str
    evidence: str


def chosen_rows(kind: str, uris: list[str], evidence: list[str], language: str) -> list[Row]:
    labels = labels_for(uris, language)
    return [
        Row(kind, uri, labels[uri], evidence[i] if i < len(evidence) else "")
        for i, uri in enumerate(dict.fromkeys(uris))
    ]


def _languages_from(post: QueryDict) -> tuple[list[tuple[str, str]], list[str]]:
    pairs, errors = [], []
    for language, level in zip(post.getlist("language"), post.getlist("level"), strict=False):
        if not language and not level:
            continue
        if not language or not level:
            errors.append(_("Give both the language and its level."))
            continue
        pairs.append((language, level))
    return pairs, errors


def _context(
    participant: Participant,
    form: ProfileForm,
    rows: dict[str, list[Row]],
    languages: list[tuple[str, str]],
    errors: list[str],
) -> dict[str, object]:
    return {
        "participant": participant,
        "form": form,
        "occupations": rows["occupation"],
        "skills": rows["skill"],
        "languages": [*languages, *[("", "")] * BLANK_LANGUAGE_ROWS],
        "language_choices": language_choices(),
        "levels": [(code, str(CEFR_DESCRIPTIONS[code])) for code in CefrLevel.values],
        "evidence_choices": Evidence.choices,
        "errors": errors,
    }


@login_required
def competence_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    participant = get_participant_for(request.user, pk)
    language = (get_language() or "sv")[:2]
    if request.method == "POST" and isinstance(request.user, User):
        form = ProfileForm(request.POST)
        rows = {
            kind: chosen_rows(
                kind, request.POST.getlist(kind), request.POST.getlist(f"{kind}_evidence"), language
            )
            for kind in ("occupation", "skill")
        }
        languages, errors = _languages_from(request.POST)
        if form.is_valid() and not errors:
            data = CompetenceData(
                hours_available_per_week=form.cleaned_data["hours_available_per_week"],
                driving_licences=form.cleaned_data["driving_licences"],
                adaptations_needed=form.cleaned_data["adaptations_needed"],
                validation_needs=form.cleaned_data["validation_needs"],
                languages=languages,
            )
            mapped = [
                MappedCompetence(row.kind, row.uri, row.evidence)
                for kind_rows in rows.values()
                for row in kind_rows
            ]
            try:
                save_competence_mapping(request.user, participant, mapped, data, language)
            except DomainError as exc:
                if exc.field in form.fields:
                    form.add_error(exc.field, str(exc.message))
                else:
                    errors.append(str(exc.message))
            else:
                messages.success(request, _("The competence profile is saved."))
                return redirect("people:participant_detail", pk=participant.pk)
        status = 400
    else:
        profile = getattr(participant, "competence_profile", None)
        form = ProfileForm(
            initial={
                "hours_available_per_week": profile.hours_available_per_week if profile else None,
                "driving_licences": profile.driving_licences if profile else [],
                "adaptations_needed": profile.adaptations_needed if profile else [],
                "validation_needs": profile.validation_needs if profile else "",
            }
        )
        evidence = {
            (e.kind, e.code): e.evidence
            for e in CompetenceEvidence.objects.filter(participant=participant)
        }
        rows = {"occupation": [], "skill": []}
        competences = list(participant.competences.all())
        labels = labels_for([c.code for c in competences if c.code], language)
        for c in competences:
            rows.setdefault(c.kind, []).append(
                Row(c.kind, c.code, labels.get(c.code, c.label), evidence.get((c.kind, c.code), ""))
            )
        languages = [(s.language, s.level) for s in participant.languages.all()]
        errors = []
        status = 200
    return render(
        request,
        "taxonomy/competence_form.html",
        _context(participant, form, rows, languages, errors),
        status=status,
    )
