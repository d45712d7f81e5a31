"""The world of the authorization matrix (test_authorization_matrix.py).

The demo world (``brygga.devtools.demo.seed``: Bodens kommun and Jammerbugt
Kommune with their participants, projects, enterprises, networks, scenarios…)
plus a user in every role at Bodens kommun, an enterprise-staff user at an ASF
and a case worker at Jammerbugt (the outsider). What the demo does not make for
both municipalities (consents, opportunities, referrals, allocation runs,
imports, a network of Jammerbugt's own) is added here, each foreign (Jammerbugt)
object named with ``LEAK_MARKER`` so that a page that shows it is caught.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest
from django.db.models import Model, Q
from django.utils import timezone

from brygga.core.models import ApiToken, Membership, Organisation, Role, User

from .authorization_matrix import ACTORS, LEAK_MARKER

#: actor → (organisation name, role); the anonymous visitor has none.
ACTOR_MEMBERSHIPS: dict[str, tuple[str, str]] = {
    "org_admin": ("Bodens kommun", Role.ORG_ADMIN),
    "case_worker": ("Bodens kommun", Role.CASE_WORKER),
    "enterprise_staff": ("Bodens kommun", Role.ENTERPRISE_STAFF),
    "analyst": ("Bodens kommun", Role.ANALYST),
    "auditor": ("Bodens kommun", Role.AUDITOR),
    "asf_staff": ("Grön Framtid ASF", Role.ENTERPRISE_STAFF),
    "outsider": ("Jammerbugt Kommune", Role.CASE_WORKER),
}


@dataclass
class World:
    boden: Organisation
    jammerbugt: Organisation
    asf: Organisation
    users: dict[str, User]
    tokens: dict[str, str]
    #: kind → organisation id → the URL value of one object of that organisation
    objects: dict[str, dict[int, str]] = field(default_factory=dict)

    def value(self, kind: str, organisation: Organisation) -> str:
        """An object of ``kind`` belonging to ``organisation`` (Boden's when it has none)."""
        by_org = self.objects[kind]
        for org in (organisation, self.boden, self.asf):
            if org.pk in by_org:
                return by_org[org.pk]
        raise LookupError(f"the matrix world has no {kind} of {organisation} or Bodens kommun")


def _first(queryset: object) -> Model | None:
    return queryset.order_by("pk").first()  # type: ignore[attr-defined,no-any-return]


def _pk(obj: Model | None) -> str | None:
    return None if obj is None else str(obj.pk)


def _build() -> World:
    from brygga.devtools.demo import seed
    from brygga.enterprises.models import (
        EnterpriseProfile,
        GuidanceCase,
        Partnership,
        ProcurementNeed,
        Stage,
        SupportOffer,
    )
    from brygga.impact.models import ParameterOverride, ParameterSet, Scenario, ScenarioResult
    from brygga.impact.services import input_rows
    from brygga.imports.models import ImportJob, ImportKind, ImportRowError, ImportStatus
    from brygga.journeys.models import AssessmentScale, Enrolment, FollowUp
    from brygga.knowledge.models import (
        Document,
        Inquiry,
        Item,
        ItemKind,
        Network,
        Translation,
        Visibility,
    )
    from brygga.matching.models import AllocationRun, Opportunity, OpportunityType, Referral
    from brygga.people.models import Consent, ConsentPurpose, Participant
    from brygga.projects.models import (
        ESTIMATE_CHOICES,
        Funder,
        IndicatorEstimate,
        Project,
        SupportedEntity,
    )
    from brygga.taxonomy.models import Concept, ConceptKind

    seed(participants=20, seed_value=7)
    boden = Organisation.objects.get(name="Bodens kommun")
    jammerbugt = Organisation.objects.get(name="Jammerbugt Kommune")
    asf = Organisation.objects.get(name="Grön Framtid ASF")
    orgs = {o.name: o for o in (boden, jammerbugt, asf)}
    users: dict[str, User] = {}
    tokens: dict[str, str] = {}
    for actor in ACTORS:
        if actor == "anonymous":
            continue
        org_name, role = ACTOR_MEMBERSHIPS[actor]
        user = User.objects.create_user(username=f"matrix.{actor}", password=None)
        Membership.objects.create(user=user, organisation=orgs[org_name], role=role)
        users[actor] = user
        tokens[actor] = ApiToken.issue(user, "matrix")[1]
    today = timezone.localdate()

    # One participant of each municipality in the shared caseload (no case worker),
    # so that opening it needs no reason; Jammerbugt's is named with the marker.
    people = {}
    for org in (boden, jammerbugt):
        first = _first(Enrolment.objects.filter(participant__organisation=org))
        assert isinstance(first, Enrolment)  # the first enrolled (uuids sort at random)
        person = first.participant
        person.case_worker = None
        if org == jammerbugt:
            person.first_name = LEAK_MARKER
        person.save()
        people[org.pk] = person
        Participant.objects.filter(organisation=org).update(case_worker=None)

    #: kind → organisation id → an object made here (preferred to the demo's)
    made: dict[str, dict[int, str]] = {}

    def keep(kind: str, org: Organisation, obj: Model | str) -> None:
        made.setdefault(kind, {})[org.pk] = obj if isinstance(obj, str) else str(obj.pk)

    for org in (boden, jammerbugt, asf):
        foreign = org == jammerbugt
        # Open opportunities are shown to every case worker, by design: no marker.
        opportunity = Opportunity.objects.create(
            organisation=org,
            title=f"Praktik hos {org.name}",
            type=OpportunityType.values[0],
            municipality=org.municipality or "Boden",
        )
        keep("opportunity", org, opportunity)
        network = Network.objects.create(
            name=f"Nätverk {LEAK_MARKER if foreign else org.name}", coordinator=org
        )
        network.members.add(org)
        keep("network", org, network)
        keep(
            "document",
            org,
            Document.objects.create(
                network=network,
                title=f"Protokoll {LEAK_MARKER if foreign else org.name}",
                file_name="protokoll.txt",
                content_type="text/plain",
                size=5,
                content=b"text.",
            ),
        )
        if org == asf:
            continue
        person = people[org.pk]
        keep("participant", org, person)
        keep(
            "consent",
            org,
            Consent.objects.create(
                participant=person, purpose=ConsentPurpose.values[0], given_on=today
            ),
        )
        keep("referral", org, Referral.objects.create(opportunity=opportunity, participant=person))
        keep(
            "allocation_run",
            org,
            AllocationRun.objects.create(
                organisation=org, title=f"Fördelning {org.name}", model="matrix", model_version="1"
            ),
        )
        job = ImportJob.objects.create(
            organisation=org,
            kind=ImportKind.values[0],
            file_path=f"imports/{uuid.uuid4()}.csv",
            file_name=f"{LEAK_MARKER if foreign else 'deltagare'}.csv",
            checksum="0" * 64,
            status=ImportStatus.FINISHED,
            total_rows=1,
            processed_rows=1,
            failed_rows=1,
        )
        ImportRowError.objects.create(
            job=job, row_number=2, value=LEAK_MARKER if foreign else "x", message="bad"
        )
        keep("import_job", org, job)
    for org in (boden, jammerbugt):
        foreign = org == jammerbugt
        GuidanceCase.objects.create(
            advising_organisation=org,
            name=f"Idé {LEAK_MARKER if foreign else org.name}",
            stage=Stage.values[0],
            stage_since=today,
            opened_on=today,
        )
        if not ProcurementNeed.objects.filter(buyer=org).exists():
            ProcurementNeed.objects.create(
                buyer=org, title=f"Behov {org.name}", services="städ", start_date=today
            )
        item = Item.objects.create(
            organisation=org,
            kind=ItemKind.ARTICLE,
            visibility=Visibility.MEMBERS if foreign else Visibility.PUBLIC,
        )
        Translation.objects.create(item=item, language="sv", title=f"Om {org.name}", body="Text")
        if foreign:
            scenario = Scenario.objects.filter(organisation=boden).order_by("pk").first()
            assert scenario is not None
            results = list(scenario.results.all())
            scenario.pk = None
            scenario.organisation, scenario.name, scenario.project = jammerbugt, LEAK_MARKER, None
            scenario.save()
            for result in results:
                result.pk, result.scenario = None, scenario
                result.save()
        shipped = ParameterSet.objects.filter(organisation__isnull=True).order_by("pk").first()
        assert shipped is not None
        copy = ParameterSet.objects.filter(organisation=org).first() or ParameterSet.objects.create(
            organisation=org,
            based_on=shipped,
            key=shipped.key,
            version=f"{shipped.version}-{org.pk}",
            label=f"Kopia {org.name}",
            currency=shipped.currency,
            country=shipped.country,
        )
        name = input_rows(copy)[0].name
        override = ParameterOverride.objects.get_or_create(
            parameter_set=copy, name=name, defaults={"value": 1.0, "reason": "test"}
        )[0]
        keep("parameter_set", org, copy)
        keep("override", org, override)
        keep("input_name", org, name)
    for project in Project.objects.filter(owner__in=(boden, jammerbugt)):
        SupportedEntity.objects.create(project=project, organisation=asf, supported_on=today)
        IndicatorEstimate.objects.create(
            project=project,
            code=ESTIMATE_CHOICES[0][0],
            period_start=today,
            period_end=today,
            count=1,
            basis="test",
        )
    for org in (boden, jammerbugt):
        scale = AssessmentScale.objects.create(
            organisation=org, name=f"Steg {org.name}", steps=["ett", "två", "tre"]
        )
        keep("scale", org, scale)
    concept = Concept.objects.filter(kind=ConceptKind.SKILL).order_by("pk").first()
    for org in (boden, jammerbugt, asf):
        keep("concept", org, concept.uri if concept else "none")

    def in_org(kind: str, org: Organisation) -> str | None:
        if org.pk in made.get(kind, {}):
            return made[kind][org.pk]
        if kind in ("input_name", "concept", "scale"):
            return None
        participants = Participant.objects.filter(organisation=org)
        if kind == "participant":
            return _pk(people.get(org.pk))
        if kind == "consent":
            return _pk(_first(Consent.objects.filter(participant__in=participants)))
        if kind == "enrolment":
            person = people.get(org.pk)
            return _pk(_first(Enrolment.objects.filter(participant=person)))
        if kind == "follow_up":
            return _pk(_first(FollowUp.objects.filter(enrolment__participant__in=participants)))
        if kind == "project":  # one it owns, else one it takes part in
            return _pk(
                _first(Project.objects.filter(owner=org))
                or _first(Project.objects.filter(partners=org))
            )
        if kind == "estimate":
            return _pk(
                _first(IndicatorEstimate.objects.filter(project_id=in_org("project", org) or 0))
            )
        if kind == "supported_entity":
            return _pk(
                _first(SupportedEntity.objects.filter(project_id=in_org("project", org) or 0))
            )
        if kind == "funder":  # of the project above
            project_id = in_org("project", org) or 0
            return _pk(_first(Funder.objects.filter(project_id=project_id)))
        if kind == "organisation":
            return str(org.pk)
        if kind == "profile":
            if org == jammerbugt:  # another enterprise's profile
                return _pk(_first(EnterpriseProfile.objects.exclude(organisation=asf)))
            return _pk(_first(EnterpriseProfile.objects.filter(organisation=org)))
        if kind == "guidance_case":
            return _pk(
                _first(
                    GuidanceCase.objects.filter(Q(advising_organisation=org) | Q(enterprise=org))
                )
            )
        if kind == "offer":
            return _pk(_first(SupportOffer.objects.filter(provider=org)))
        if kind == "partnership":
            return _pk(_first(Partnership.objects.filter(Q(enterprise=org) | Q(partner=org))))
        if kind == "need":
            return _pk(_first(ProcurementNeed.objects.filter(buyer=org)))
        if kind == "opportunity":
            return _pk(_first(Opportunity.objects.filter(organisation=org)))
        if kind == "referral":
            return _pk(_first(Referral.objects.filter(participant__in=participants)))
        if kind == "allocation_run":
            return _pk(_first(AllocationRun.objects.filter(organisation=org)))
        if kind == "parameter_set":
            return _pk(_first(ParameterSet.objects.filter(organisation=org)))
        if kind == "override":
            return _pk(_first(ParameterOverride.objects.filter(parameter_set__organisation=org)))
        if kind == "scenario":
            return _pk(_first(Scenario.objects.filter(organisation=org)))
        if kind == "result":
            return _pk(_first(ScenarioResult.objects.filter(scenario__organisation=org)))
        if kind == "item":
            return _pk(_first(Item.objects.filter(organisation=org)))
        if kind == "network":
            return _pk(
                _first(Network.objects.filter(coordinator=org))
                or _first(Network.objects.filter(members=org))
            )
        if kind == "document":
            return _pk(
                _first(Document.objects.filter(network__coordinator=org))
                or _first(Document.objects.filter(network__members=org))
            )
        if kind == "inquiry":
            return _pk(_first(Inquiry.objects.filter(organisation=org)))
        if kind == "import_job":
            return _pk(_first(ImportJob.objects.filter(organisation=org)))
        raise KeyError(kind)

    world = World(boden=boden, jammerbugt=jammerbugt, asf=asf, users=users, tokens=tokens)
    from .authorization_matrix import KINDS

    for kind in KINDS:
        world.objects[kind] = {}
        for org in (boden, jammerbugt, asf):
            found = in_org(kind, org)
            if found is not None:
                world.objects[kind][org.pk] = found
    return world


@pytest.fixture
def matrix_world(db: None) -> World:
    return _build()
