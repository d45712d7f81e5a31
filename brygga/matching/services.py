"""Writes of the matching app, and the bridge from rows to the matching kernel.

Opportunities are published and edited by their organisation; referrals are made
by the participant's case worker (with the participant's consent to referral) and
answered by the receiving organisation; allocation runs store the kernel's result
with the model's name, version and parameters so a number can be reproduced.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.errors import ConflictError, DomainError, NotPermitted
from brygga.core.models import Organisation, User
from brygga.people.models import CefrLevel, Competence, ConsentPurpose, Participant
from brygga.people.services import check_personal_data_access
from brygga.people.vocabularies import Adaptation
from brygga.taxonomy.models import Concept
from brygga.taxonomy.selectors import broader_edges

from . import kernel as k
from .models import (
    LIVE_REFERRAL_STATES,
    AllocationResult,
    AllocationRun,
    Opportunity,
    OpportunityStatus,
    OpportunityType,
    Referral,
    ReferralStatus,
)
from .places import locate
from .selectors import open_opportunities_for, opportunities_for, owning_organisations

#: Suggestions shown on a page.
SUGGESTIONS = 10
#: Candidates per person kept for an allocation's graph.
ALLOCATION_K = 50


# --------------------------------------------------------------------------- opportunities


@dataclass
class OpportunityData:
    title: str
    type: str
    description: str = ""
    status: str = OpportunityStatus.OPEN
    required_skills: list[str] = field(default_factory=list)
    desired_skills: list[str] = field(default_factory=list)
    occupations: list[str] = field(default_factory=list)
    languages_required: dict[str, str] = field(default_factory=dict)
    languages_desired: dict[str, str] = field(default_factory=dict)
    hours_per_week: int | None = None
    municipality: str = ""
    remote: bool = False
    seats: int = 1
    adaptations_offered: list[str] = field(default_factory=list)
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None

    @classmethod
    def from_opportunity(cls, o: Opportunity) -> OpportunityData:
        return cls(**{name: getattr(o, name) for name in cls.__dataclass_fields__})


def _check_concepts(codes: Sequence[str], kind: str, field_name: str) -> list[str]:
    unique = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    known = set(Concept.objects.filter(uri__in=unique, kind=kind).values_list("uri", flat=True))
    unknown = [c for c in unique if c not in known]
    if unknown:
        raise DomainError(
            _("Unknown code: %(code)s") % {"code": ", ".join(unknown)}, field=field_name
        )
    return unique


def _check_languages(levels: dict[str, str], field_name: str) -> dict[str, str]:
    out = {}
    for language, level in levels.items():
        code = language.strip().lower()
        if not code.isalpha() or not 2 <= len(code) <= 3:
            raise DomainError(_("Give the language as an ISO 639 code, e.g. sv."), field=field_name)
        if level not in CefrLevel.values:
            raise DomainError(_("Give the level on the CEFR scale, A1–C2."), field=field_name)
        out[code] = level
    return out


def _apply(opportunity: Opportunity, data: OpportunityData) -> None:
    title = data.title.strip()
    if not title:
        raise DomainError(_("This field is required."), field="title")
    if data.type not in OpportunityType.values:
        raise DomainError(_("Unknown type."), field="type")
    if data.status not in OpportunityStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    if data.hours_per_week is not None and not 1 <= data.hours_per_week <= 80:
        raise DomainError(_("Hours must be between 1 and 80."), field="hours_per_week")
    if not 0 <= data.seats <= 10_000:
        raise DomainError(_("Seats must be between 0 and 10 000."), field="seats")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise DomainError(_("The end is before the start."), field="end_date")
    if data.municipality.strip() and locate(data.municipality) is None:
        raise DomainError(
            _("Unknown municipality: choose one from the list."), field="municipality"
        )
    unknown = sorted(set(data.adaptations_offered) - set(Adaptation.values))
    if unknown:
        raise DomainError(
            _("Unknown value: %(value)s") % {"value": ", ".join(unknown)},
            field="adaptations_offered",
        )
    required = _check_languages(data.languages_required, "languages_required")
    desired = _check_languages(data.languages_desired, "languages_desired")
    opportunity.title = title
    opportunity.type = data.type
    opportunity.status = data.status
    opportunity.description = data.description.strip()
    opportunity.required_skills = _check_concepts(data.required_skills, "skill", "required_skills")
    opportunity.desired_skills = [
        s
        for s in _check_concepts(data.desired_skills, "skill", "desired_skills")
        if s not in opportunity.required_skills
    ]
    opportunity.occupations = _check_concepts(data.occupations, "occupation", "occupations")
    opportunity.languages_required = required
    opportunity.languages_desired = desired
    opportunity.hours_per_week = data.hours_per_week
    opportunity.municipality = " ".join(data.municipality.split())
    opportunity.remote = data.remote
    opportunity.seats = data.seats
    opportunity.adaptations_offered = sorted(set(data.adaptations_offered))
    opportunity.start_date = data.start_date
    opportunity.end_date = data.end_date


def check_opportunity_access(actor: User, organisation: Organisation) -> None:
    if not owning_organisations(actor).filter(pk=organisation.pk).exists():
        raise NotPermitted(_("You may not publish opportunities for this organisation."))


@transaction.atomic
def create_opportunity(
    actor: User, organisation: Organisation, data: OpportunityData
) -> Opportunity:
    check_opportunity_access(actor, organisation)
    opportunity = Opportunity(organisation=organisation, created_by=actor)
    _apply(opportunity, data)
    opportunity.save()
    return opportunity


@transaction.atomic
def update_opportunity(actor: User, opportunity: Opportunity, data: OpportunityData) -> Opportunity:
    check_opportunity_access(actor, opportunity.organisation)
    _apply(opportunity, data)
    opportunity.save()
    return opportunity


# --------------------------------------------------------------------------- kernel inputs


def with_profiles(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """``participants`` with what matching needs, in a fixed number of queries."""
    return participants.select_related("competence_profile").prefetch_related(
        Prefetch("competences", queryset=Competence.objects.exclude(code="")),
        "languages",
        "consents",
    )


def priority_of(participant: Participant, on: datetime.date | None = None) -> float:
    """Allocation weight: 1 plus 0.1 per target group the person belongs to (at most 1.5).

    People in more target groups (long-term unemployed, on income support, …) have usually
    waited longer; the weight tips ties towards them without overriding a clearly better fit.
    """
    return 1.0 + min(0.5, 0.1 * len(participant.target_groups(on)))


def person_of(participant: Participant, priority: float = 1.0) -> k.Person | None:
    """The participant as the kernel sees them; None when they have said they can work 0 hours."""
    profile = getattr(participant, "competence_profile", None)
    hours = profile.hours_available_per_week if profile else None
    if hours == 0:
        return None
    competences = list(participant.competences.all())
    return k.Person(
        id=str(participant.pk),
        skills=frozenset(c.code for c in competences if c.kind == "skill" and c.code),
        occupations=frozenset(c.code for c in competences if c.kind == "occupation" and c.code),
        languages={s.language: s.level for s in participant.languages.all()},
        hours_available=float(hours) if hours else None,
        location=locate(participant.municipality),
        adaptations_needed=frozenset(profile.adaptations_needed if profile else ()),
        priority=priority,
    )


def opening_of(opportunity: Opportunity, seats: int | None = None) -> k.Opportunity:
    return k.Opportunity(
        id=str(opportunity.pk),
        required_skills=frozenset(opportunity.required_skills),
        desired_skills=frozenset(opportunity.desired_skills),
        occupations=frozenset(opportunity.occupations),
        languages_required=dict(opportunity.languages_required),
        languages_desired=dict(opportunity.languages_desired),
        hours_per_week=float(opportunity.hours_per_week) if opportunity.hours_per_week else None,
        location=None if opportunity.remote else locate(opportunity.municipality),
        seats=opportunity.seats if seats is None else max(0, seats),
        adaptations_offered=frozenset(opportunity.adaptations_offered),
    )


def params_for(people: Iterable[k.Person], openings: Iterable[k.Opportunity]) -> k.Params:
    """Default parameters with the skill and occupation hierarchy around the codes in play."""
    people, openings = list(people), list(openings)
    skills = set().union(*(p.skills for p in people), *(o.required_skills for o in openings))
    skills.update(*(o.desired_skills for o in openings))
    occupations = set().union(*(p.occupations for p in people), *(o.occupations for o in openings))
    return k.Params(
        skill_hierarchy=k.Hierarchy.from_edges(broader_edges(skills)),
        occupation_hierarchy=k.Hierarchy.from_edges(broader_edges(occupations)),
    )


@dataclass(frozen=True)
class Suggestion:
    opportunity: Opportunity | None
    participant: Participant | None
    match: k.Match
    parts: list[dict[str, Any]]


def _top(
    people: list[k.Person], openings: list[k.Opportunity], params: k.Params, count: int
) -> k.TopKResult:
    encoded_people, encoded_openings = k.encode(people, openings, params)
    return k.top_k(
        encoded_people,
        encoded_openings,
        k=max(1, min(count, len(openings))),
        k_people=max(1, min(count, len(people))),
        min_score=1e-9,
    )


def suggest_opportunities(
    user: User, participant: Participant, count: int = SUGGESTIONS
) -> list[Suggestion]:
    """The best open opportunities for ``participant`` that ``user`` may see, explained."""
    person = person_of(participant)
    openings = {str(o.pk): o for o in open_opportunities_for(user)}
    if person is None or not openings:
        return []
    kernel_openings = [opening_of(o) for o in openings.values()]
    params = params_for([person], kernel_openings)
    result = _top([person], kernel_openings, params, count)
    by_id = {o.id: o for o in kernel_openings}
    out = []
    for opening_id, _score in result.opportunities_for_people.for_row(0):
        match = k.score_pair(person, by_id[opening_id], params)
        out.append(Suggestion(openings[opening_id], None, match, k.explain(match)))
    return out


def suggest_participants(
    user: User, opportunity: Opportunity, count: int = SUGGESTIONS
) -> list[Suggestion]:
    """The participants ``user`` may see who fit ``opportunity`` best, explained."""
    from brygga.people.selectors import participants_for

    participants = {str(p.pk): p for p in with_profiles(participants_for(user))}
    people = [p for p in (person_of(x) for x in participants.values()) if p is not None]
    if not people:
        return []
    opening = opening_of(opportunity)
    params = params_for(people, [opening])
    result = _top(people, [opening], params, count)
    ranked = result.people_for_opportunities
    if ranked is None:
        return []
    by_id = {p.id: p for p in people}
    out = []
    for person_id, _score in ranked.for_row(0):
        match = k.score_pair(by_id[person_id], opening, params)
        out.append(Suggestion(opportunity, participants[person_id], match, k.explain(match)))
    return out


# --------------------------------------------------------------------------- referrals


def has_referral_consent(participant: Participant, on: datetime.date | None = None) -> bool:
    day = on or timezone.localdate()
    return any(
        c.purpose == ConsentPurpose.REFERRAL
        and c.given_on <= day
        and (c.withdrawn_on is None or c.withdrawn_on > day)
        for c in participant.consents.all()
    )


@transaction.atomic
def refer(
    actor: User, participant: Participant, opportunity: Opportunity, note: str = ""
) -> Referral:
    check_personal_data_access(actor, participant.organisation)
    if not opportunities_for(actor).filter(pk=opportunity.pk).exists():
        raise NotPermitted(_("You may not refer to this opportunity."))
    if opportunity.status != OpportunityStatus.OPEN:
        raise ConflictError(_("The opportunity is not open."), field="opportunity")
    if not has_referral_consent(participant):
        raise DomainError(
            _("The participant has not consented to referral to another organisation."),
            field="participant",
        )
    if Referral.objects.filter(
        opportunity=opportunity, participant=participant, status__in=LIVE_REFERRAL_STATES
    ).exists():
        raise ConflictError(
            _("The participant is already referred to this opportunity."), field="participant"
        )
    person = person_of(participant)
    opening = opening_of(opportunity)
    score, parts = None, []
    if person is not None:
        params = params_for([person], [opening])
        match = k.score_pair(person, opening, params)
        score, parts = match.score, k.explain(match)
    try:
        with transaction.atomic():
            return Referral.objects.create(
                opportunity=opportunity,
                participant=participant,
                referred_by=actor,
                note=note.strip(),
                score=score,
                explanation=parts,
                model_version=f"{k.MODEL_NAME} {k.MODEL_VERSION}",
            )
    except IntegrityError as exc:  # a concurrent referral of the same person
        raise ConflictError(
            _("The participant is already referred to this opportunity."), field="participant"
        ) from exc


@transaction.atomic
def answer_referral(actor: User, referral: Referral, accept: bool, note: str = "") -> Referral:
    check_opportunity_access(actor, referral.opportunity.organisation)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != ReferralStatus.PENDING:
        raise ConflictError(_("The referral has already been answered."))
    opportunity = referral.opportunity
    if accept:
        taken = opportunity.referrals.filter(status=ReferralStatus.ACCEPTED).count()
        if taken >= opportunity.seats:
            raise ConflictError(_("Every seat is already taken."))
    referral.status = ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED
    referral.answer_note = note.strip()
    referral.answered_by = actor
    referral.answered_at = timezone.now()
    referral.save()
    if accept and taken + 1 >= opportunity.seats:
        opportunity.status = OpportunityStatus.FILLED
        opportunity.save(update_fields=["status", "updated_at"])
    return referral


@transaction.atomic
def withdraw_referral(actor: User, referral: Referral) -> Referral:
    check_personal_data_access(actor, referral.participant.organisation)
    if referral.status not in LIVE_REFERRAL_STATES:
        raise ConflictError(_("Only a waiting or accepted referral can be withdrawn."))
    referral.status = ReferralStatus.WITHDRAWN
    referral.save(update_fields=["status"])
    return referral


# --------------------------------------------------------------------------- allocation


def free_seats(opportunity: Opportunity) -> int:
    accepted = opportunity.referrals.filter(status=ReferralStatus.ACCEPTED).count()
    return max(0, opportunity.seats - accepted)


@transaction.atomic
def run_allocation(
    actor: User,
    organisation: Organisation,
    title: str,
    participants: QuerySet[Participant],
    opportunities: QuerySet[Opportunity],
    min_score: float = 0.3,
    use_priority: bool = True,
) -> AllocationRun:
    """Allocate ``participants`` to the free seats of ``opportunities`` and store the result.

    The caller passes querysets already scoped to ``actor`` (``participants_for``,
    ``open_opportunities_for``); this function checks ``actor`` may handle the organisation's
    participants and that every participant belongs to organisations ``actor`` may see.
    """
    check_personal_data_access(actor, organisation)
    if not title.strip():
        raise DomainError(_("This field is required."), field="title")
    if not 0.0 <= min_score <= 1.0:
        raise DomainError(_("The minimum score lies between 0 and 1."), field="min_score")
    today = timezone.localdate()
    rows = {str(p.pk): p for p in with_profiles(participants)}
    people = [
        person
        for person in (
            person_of(p, priority_of(p, today) if use_priority else 1.0) for p in rows.values()
        )
        if person is not None
    ]
    places = {str(o.pk): o for o in opportunities.prefetch_related("referrals")}
    openings = [opening_of(o, free_seats(o)) for o in places.values()]
    openings = [o for o in openings if o.seats > 0]
    params = params_for(people, openings)
    run = AllocationRun(
        organisation=organisation,
        title=title.strip(),
        created_by=actor,
        min_score=min_score,
        use_priority=use_priority,
        people=len(people),
        places=sum(o.seats for o in openings),
        model=k.MODEL_NAME,
        model_version=k.MODEL_VERSION,
        params={**params.describe(), "min_score": min_score, "use_priority": use_priority},
    )
    chosen: dict[str, tuple[str, float]] = {}
    candidates: dict[str, int] = {}
    if people and openings:
        encoded_people, encoded_openings = k.encode(people, openings, params)
        top = k.top_k(
            encoded_people,
            encoded_openings,
            k=min(ALLOCATION_K, len(openings)),
            k_people=0,
            min_score=max(min_score, 1e-9),
        )
        rows_i, cols_i, scores = k.candidate_edges(top.opportunities_for_people)
        graph = k.CandidateGraph(
            person_ids=tuple(p.id for p in people),
            opportunity_ids=tuple(o.id for o in openings),
            capacity=np.array([o.seats for o in openings], dtype=np.int64),
            person=rows_i,
            opportunity=cols_i,
            score=scores.astype(np.float64),
        )
        priority = np.array([p.priority for p in people], dtype=np.float64)
        best = k.allocate(graph, priority=priority, min_score=min_score)
        greedy = k.allocate_greedy(graph, priority=priority, min_score=min_score)
        for person_id, opening_id, score in best.pairs(graph):
            chosen[person_id] = (opening_id, score)
        for person_index in rows_i.tolist():
            pid = people[person_index].id
            candidates[pid] = candidates.get(pid, 0) + 1
        run.edges = graph.n_edges
        run.assigned = len(best.edges)
        run.total_score = best.total_score
        run.greedy_assigned = len(greedy.edges)
        run.greedy_total_score = greedy.total_score
    run.save()
    by_person = {p.id: p for p in people}
    by_opening = {o.id: o for o in openings}
    results = []
    for person in people:
        if person.id in chosen:
            opening_id, score = chosen[person.id]
            match = k.score_pair(person, by_opening[opening_id], params)
            results.append(
                AllocationResult(
                    run=run,
                    participant=rows[person.id],
                    opportunity=places[opening_id],
                    score=score,
                    explanation=k.explain(match),
                    outcome="assigned",
                    candidates=candidates.get(person.id, 0),
                )
            )
        else:
            n = candidates.get(person.id, 0)
            results.append(
                AllocationResult(
                    run=run,
                    participant=rows[by_person[person.id].id],
                    outcome="outbid" if n else "no_candidate",
                    candidates=n,
                )
            )
    AllocationResult.objects.bulk_create(results)
    return run
