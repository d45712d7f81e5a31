# ruff: noqa: E501 (one line per route reads as a table)
"""The authorization matrix: who gets what answer from every route and API operation.

Every named URL pattern (``namespace:name``) has an entry in ``WEB`` and every
operation of the OpenAPI schema (``METHOD /api/v1/path``) one in ``API``; a new
route without one fails ``test_every_route_and_operation_has_an_entry``. Django
admin pages are covered by one rule (``ADMIN_ANSWERS``: nobody in the matrix is
staff, so every admin URL sends every actor to the admin login).

An entry names the object kinds that fill the URL's parameters (``KINDS``, looked
up in the world of conftest.py; a value starting with ``=`` is used as it is)
and the expected status for each actor:

* ``own``: on objects of the actor's organisation (Bodens kommun; Grön Framtid
  ASF for ``asf_staff``, falling back to Boden's where the ASF has none);
* ``foreign``: on objects of Jammerbugt Kommune, another tenant. Omitted for
  routes without object parameters (the answer cannot depend on one).

``"*"`` gives the answer for the actors not named. The outsider (a case worker
at Jammerbugt) is checked on Boden's objects and must get what a Boden case
worker gets on Jammerbugt's (``foreign["case_worker"]``). Anonymous visitors get
``302`` (to the login page) on the web and ``401`` from the API unless an entry
says otherwise.

``method``: how the route is reached (``POST`` for views that only take POST;
the body is empty on the web and a schema-built minimal body on the API). Every
request runs in a transaction that is rolled back, so nothing one check writes
is seen by the next. Where an answer is a refusal (401, 403, 404, a redirect to
login), a web route that is read with GET is also sent an empty POST, which
must be refused the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

#: Who asks. ``outsider`` is derived (see above); all others are listed in the entries.
ACTORS: tuple[str, ...] = (
    "anonymous",
    "org_admin",
    "case_worker",
    "enterprise_staff",
    "analyst",
    "auditor",
    "asf_staff",
    "outsider",
)

#: Names of Jammerbugt's private objects carry this, and no page shown to a
#: Boden actor may contain it.
LEAK_MARKER = "Qxleakmarker"

#: Object kinds that fill URL parameters.
KINDS: tuple[str, ...] = (
    "participant",
    "consent",
    "enrolment",
    "follow_up",
    "project",
    "funder",
    "estimate",
    "supported_entity",
    "organisation",
    "profile",
    "guidance_case",
    "offer",
    "partnership",
    "need",
    "opportunity",
    "referral",
    "allocation_run",
    "parameter_set",
    "override",
    "scenario",
    "result",
    "item",
    "network",
    "document",
    "inquiry",
    "import_job",
    "input_name",
    "concept",
    "scale",
)

Answers = dict[str, int]


@dataclass(frozen=True)
class Rule:
    kwargs: dict[str, str] = field(default_factory=dict)
    own: Answers = field(default_factory=dict)
    foreign: Answers | None = None
    method: str = "GET"
    query: str = ""
    #: API request-body fields that name objects (field → kind), filled like ``kwargs``
    body: dict[str, str] = field(default_factory=dict)
    #: With objects in both URL and body: the answers for the actor's own object in the
    #: URL and Jammerbugt's in the body (e.g. enrolling one's participant in Jammerbugt's
    #: project).
    mixed: Answers | None = None

    @property
    def mixes(self) -> bool:
        url = any(not value.startswith("=") for value in self.kwargs.values())
        return url and bool(self.body)

    def expected(self, actor: str, side: str, api: bool) -> int:
        if side == "mixed":
            assert self.mixed is not None, "name the answers for mixed references"
            return self.mixed.get(actor, self.mixed["*"])
        answers = self.own if side == "own" else (self.foreign or self.own)
        if actor == "outsider":
            if "outsider" in self.own:  # e.g. a public page: the same for everyone
                return self.own["outsider"]
            answers, actor = (self.foreign or self.own), "case_worker"
        if actor in answers:
            return answers[actor]
        if actor == "anonymous":
            return 401 if api else 302
        return answers["*"]

    @property
    def has_objects(self) -> bool:
        values = [*self.kwargs.values(), *self.body.values()]
        return any(not value.startswith("=") for value in values)


#: Every admin URL sends a signed-in non-staff user to the admin login page
#: (every actor tries the index, the org admin every other admin URL).
ADMIN_ANSWERS: dict[str, int] = {"*": 302, "admin:login": 200, "admin:logout": 303}

# fmt: off
WEB: dict[str, Rule] = {
    "audit_log": Rule(own={"auditor": 200, "*": 403}),
    "enterprises:board": Rule(own={"*": 200}),
    "enterprises:case": Rule(kwargs={"pk": "guidance_case"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "enterprises:case_new": Rule(own={"analyst": 404, "auditor": 404, "asf_staff": 404, "*": 200}),
    "enterprises:directory": Rule(own={"anonymous": 200, "*": 200}, query="q=a"),
    "enterprises:my_profiles": Rule(own={"*": 200}),
    "enterprises:need": Rule(kwargs={"pk": "need"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "enterprises:need_list": Rule(own={"*": 200}),
    "enterprises:need_new": Rule(own={"*": 200}),
    "enterprises:offer_edit": Rule(kwargs={"pk": "offer"}, own={"analyst": 404, "auditor": 404, "asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "enterprises:offer_list": Rule(own={"*": 200}),
    "enterprises:offer_new": Rule(own={"*": 200}),
    "enterprises:partnership_edit": Rule(kwargs={"pk": "partnership"}, own={"asf_staff": 200, "*": 404}, foreign={"*": 404}),
    "enterprises:partnership_graph": Rule(own={"*": 200}),
    "enterprises:partnership_list": Rule(own={"*": 200}),
    "enterprises:partnership_new": Rule(own={"*": 200}),
    # The enterprise directory is public.
    "enterprises:profile": Rule(kwargs={"pk": "profile"}, own={"anonymous": 200, "*": 200}, foreign={"anonymous": 200, "*": 200}),
    "enterprises:profile_edit": Rule(kwargs={"org_pk": "organisation"}, own={"asf_staff": 200, "*": 404}, foreign={"*": 404}),
    "enterprises:support_map": Rule(own={"anonymous": 200, "*": 200}),
    "enterprises:year_add": Rule(kwargs={"org_pk": "organisation"}, own={"asf_staff": 200, "*": 404}, foreign={"*": 404}),
    "healthz": Rule(own={"anonymous": 200, "*": 200}),
    # The start page redirects to the participant list (303).
    "home": Rule(own={"*": 303}),
    "impact:compare": Rule(own={"*": 200}),
    "impact:index": Rule(own={"*": 200}),
    "impact:override_edit": Rule(kwargs={"pk": "parameter_set"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    # The impact services refuse a role without edit rights with a message and a redirect (303); the API entries show the same refusals as 403.
    "impact:override_remove": Rule(kwargs={"pk": "override"}, own={"asf_staff": 404, "*": 303}, foreign={"*": 404}, method="POST"),
    "impact:parameter_set_copy": Rule(kwargs={"pk": "parameter_set"}, own={"org_admin": 303, "analyst": 303, "*": 404}, foreign={"*": 404}, method="POST"),
    "impact:parameter_set_detail": Rule(kwargs={"pk": "parameter_set"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "impact:participant_account": Rule(kwargs={"pk": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "impact:result_detail": Rule(kwargs={"pk": "result"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "impact:result_pdf": Rule(kwargs={"pk": "result"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "impact:result_xlsx": Rule(kwargs={"pk": "result"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "impact:scenario_create": Rule(own={"org_admin": 200, "analyst": 200, "*": 404}),
    "impact:scenario_delete": Rule(kwargs={"pk": "scenario"}, own={"asf_staff": 404, "*": 303}, foreign={"*": 404}, method="POST"),
    "impact:scenario_detail": Rule(kwargs={"pk": "scenario"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "impact:scenario_edit": Rule(kwargs={"pk": "scenario"}, own={"org_admin": 200, "analyst": 200, "*": 404}, foreign={"*": 404}),
    "impact:scenario_run": Rule(kwargs={"pk": "scenario"}, own={"asf_staff": 404, "*": 303}, foreign={"*": 404}, method="POST"),
    "imports:import_detail": Rule(kwargs={"pk": "import_job"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "imports:import_errors": Rule(kwargs={"pk": "import_job"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "imports:import_list": Rule(own={"org_admin": 200, "case_worker": 200, "*": 403}),
    "imports:import_progress": Rule(kwargs={"pk": "import_job"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "journeys:activity_add": Rule(kwargs={"pk": "enrolment"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "journeys:assessment_add": Rule(kwargs={"pk": "enrolment"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "journeys:enrol": Rule(kwargs={"participant_pk": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "journeys:exit": Rule(kwargs={"pk": "enrolment"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "journeys:follow_up_complete": Rule(kwargs={"pk": "follow_up"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "journeys:follow_up_list": Rule(own={"*": 200}),
    "knowledge:centre": Rule(own={"anonymous": 200, "*": 200}, query="q=Om"),
    "knowledge:contact": Rule(own={"anonymous": 200, "*": 200}),
    "knowledge:contact_thanks": Rule(own={"anonymous": 200, "*": 200}),
    "knowledge:document": Rule(kwargs={"pk": "network", "doc_pk": "document"}, own={"*": 200}, foreign={"*": 404}),
    "knowledge:document_add": Rule(kwargs={"pk": "network"}, own={"*": 200}, foreign={"*": 404}),
    "knowledge:inquiry": Rule(kwargs={"pk": "inquiry"}, own={"analyst": 404, "auditor": 404, "asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "knowledge:inquiry_list": Rule(own={"*": 200}),
    # Members-only knowledge is for every signed-in user; public items for everyone.
    "knowledge:item": Rule(kwargs={"pk": "item"}, own={"anonymous": 200, "*": 200}, foreign={"anonymous": 404, "*": 200}),
    "knowledge:item_edit": Rule(kwargs={"pk": "item"}, own={"analyst": 404, "auditor": 404, "asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "knowledge:item_new": Rule(own={"analyst": 404, "auditor": 404, "*": 200}),
    "knowledge:meeting_add": Rule(kwargs={"pk": "network"}, own={"*": 200}, foreign={"*": 404}),
    "knowledge:member_add": Rule(kwargs={"pk": "network"}, own={"*": 404}, foreign={"*": 404}, method="POST"),
    "knowledge:network": Rule(kwargs={"pk": "network"}, own={"*": 200}, foreign={"*": 404}),
    "knowledge:network_list": Rule(own={"*": 200}),
    "knowledge:network_new": Rule(own={"analyst": 404, "auditor": 404, "*": 200}),
    "login": Rule(own={"anonymous": 200, "*": 200}),
    "logout": Rule(own={"*": 302}, method="POST"),
    "matching:allocation_detail": Rule(kwargs={"pk": "allocation_run"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "matching:allocation_list": Rule(own={"org_admin": 200, "case_worker": 200, "*": 404}),
    "matching:opportunity_create": Rule(own={"analyst": 404, "auditor": 404, "*": 200}),
    # Open opportunities of every organisation are shown to case workers (to refer people).
    "matching:opportunity_detail": Rule(kwargs={"pk": "opportunity"}, own={"*": 200}, foreign={"org_admin": 200, "case_worker": 200, "*": 404}),
    "matching:opportunity_edit": Rule(kwargs={"pk": "opportunity"}, own={"analyst": 404, "auditor": 404, "*": 200}, foreign={"*": 404}),
    "matching:opportunity_list": Rule(own={"*": 200}),
    "matching:participant_suggestions": Rule(kwargs={"pk": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "matching:refer": Rule(kwargs={"pk": "participant", "opportunity_pk": "opportunity"}, own={"org_admin": 303, "case_worker": 303, "*": 404}, foreign={"*": 404}, method="POST"),
    "matching:referral_answer": Rule(kwargs={"pk": "referral"}, own={"analyst": 404, "auditor": 404, "asf_staff": 404, "*": 303}, foreign={"*": 404}, method="POST"),
    "matching:referral_detail": Rule(kwargs={"pk": "referral"}, own={"analyst": 404, "auditor": 404, "asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "matching:referral_list": Rule(own={"*": 200}),
    "matching:referral_withdraw": Rule(kwargs={"pk": "referral"}, own={"org_admin": 303, "case_worker": 303, "*": 404}, foreign={"*": 404}, method="POST"),
    "people:access_reason": Rule(kwargs={"pk": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "people:competence_edit": Rule(kwargs={"pk": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "people:consent_list": Rule(kwargs={"pk": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "people:consent_withdraw": Rule(kwargs={"pk": "participant", "consent_id": "consent"}, own={"org_admin": 303, "case_worker": 303, "*": 404}, foreign={"*": 404}),
    "people:data_export": Rule(kwargs={"pk": "participant", "fmt": "=json"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "people:erase": Rule(kwargs={"pk": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    # Roles without personal-data access are sent back with a message (303).
    "people:participant_create": Rule(own={"org_admin": 200, "case_worker": 200, "*": 303}),
    "people:participant_detail": Rule(kwargs={"pk": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "people:participant_edit": Rule(kwargs={"pk": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "people:participant_list": Rule(own={"*": 200}, query="q=Qxleak"),
    "projects:budget_line_add": Rule(kwargs={"pk": "project"}, own={"org_admin": 200, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "projects:cost_add": Rule(kwargs={"pk": "project"}, own={"org_admin": 200, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "projects:dashboard": Rule(kwargs={"pk": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "projects:detail": Rule(kwargs={"pk": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "projects:entry_situation": Rule(kwargs={"enrolment_pk": "enrolment"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "projects:esf_incomplete": Rule(kwargs={"pk": "project"}, own={"org_admin": 200, "case_worker": 200, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "projects:esf_report": Rule(kwargs={"pk": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "projects:estimate_add": Rule(kwargs={"pk": "project"}, own={"org_admin": 200, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "projects:estimate_remove": Rule(kwargs={"pk": "project", "estimate_pk": "estimate"}, own={"org_admin": 303, "asf_staff": 404, "*": 403}, foreign={"*": 404}, method="POST"),
    "projects:estimates": Rule(kwargs={"pk": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "projects:follow_up_report": Rule(kwargs={"pk": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "projects:funder_add": Rule(kwargs={"pk": "project"}, own={"org_admin": 200, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "projects:funding_set": Rule(kwargs={"pk": "project"}, own={"org_admin": 200, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "projects:list": Rule(own={"*": 200}),
    "projects:organisation_dashboard": Rule(kwargs={"pk": "organisation"}, own={"*": 200}, foreign={"*": 404}),
    "projects:record_export": Rule(kwargs={"pk": "project", "fmt": "=csv"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "projects:record_import": Rule(own={"org_admin": 200, "*": 403}),
    "projects:special_data": Rule(kwargs={"participant_pk": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "projects:supported_entities": Rule(kwargs={"pk": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "projects:supported_entity_add": Rule(kwargs={"pk": "project"}, own={"org_admin": 200, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "projects:supported_entity_remove": Rule(kwargs={"pk": "project", "entity_pk": "supported_entity"}, own={"org_admin": 303, "asf_staff": 404, "*": 403}, foreign={"*": 404}, method="POST"),
    "set_language": Rule(own={"anonymous": 303, "*": 303}),
    "taxonomy:chosen_row": Rule(own={"*": 200}, query="kind=skill&uri={concept}"),
    "taxonomy:concept_search": Rule(own={"*": 200}, query="kind=skill&q=a"),
    "taxonomy:removed_row": Rule(own={"*": 200}),
    "two_factor": Rule(own={"*": 200}),
}

API: dict[str, Rule] = {
    "DELETE /api/v1/impact/parameter-sets/{set_id}/values/{name}": Rule(kwargs={"set_id": "parameter_set", "name": "input_name"}, own={"org_admin": 200, "analyst": 200, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "GET /api/v1/enrolments/{enrolment_id}": Rule(kwargs={"enrolment_id": "enrolment"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "GET /api/v1/enterprises/directory": Rule(own={"anonymous": 200, "*": 200}, query="q=a"),
    "GET /api/v1/enterprises/directory/{profile_id}": Rule(kwargs={"profile_id": "profile"}, own={"anonymous": 200, "*": 200}, foreign={"anonymous": 200, "*": 200}),
    "GET /api/v1/enterprises/guidance/cases": Rule(own={"*": 200}),
    "GET /api/v1/enterprises/guidance/cases/{case_id}": Rule(kwargs={"case_id": "guidance_case"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/enterprises/guidance/cases/{case_id}/sessions": Rule(kwargs={"case_id": "guidance_case"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/enterprises/partnerships": Rule(own={"*": 200}),
    "GET /api/v1/enterprises/partnerships/graph": Rule(own={"*": 200}),
    "GET /api/v1/enterprises/procurement/needs": Rule(own={"*": 200}),
    "GET /api/v1/enterprises/procurement/needs/{need_id}/matches": Rule(kwargs={"need_id": "need"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/enterprises/profiles": Rule(own={"*": 200}),
    # Published enterprise profiles are shown to every signed-in user.
    "GET /api/v1/enterprises/profiles/{profile_id}": Rule(kwargs={"profile_id": "profile"}, own={"*": 200}, foreign={"*": 200}),
    "GET /api/v1/enterprises/support": Rule(own={"anonymous": 200, "*": 200}),
    "GET /api/v1/follow-ups": Rule(own={"*": 200}),
    "GET /api/v1/impact/parameter-sets": Rule(own={"*": 200}),
    "GET /api/v1/impact/parameter-sets/{set_id}": Rule(kwargs={"set_id": "parameter_set"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/impact/results/{result_id}": Rule(kwargs={"result_id": "result"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/impact/scenarios": Rule(own={"*": 200}),
    "GET /api/v1/impact/scenarios/{scenario_id}": Rule(kwargs={"scenario_id": "scenario"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/impact/scenarios/{scenario_id}/results": Rule(kwargs={"scenario_id": "scenario"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/imports/jobs": Rule(own={"*": 200}),
    "GET /api/v1/imports/jobs/{job_id}": Rule(kwargs={"job_id": "import_job"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "GET /api/v1/imports/jobs/{job_id}/errors.csv": Rule(kwargs={"job_id": "import_job"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    # A role or organisation that may not import is told so (400, naming the field).
    "POST /api/v1/imports/jobs": Rule(own={"org_admin": 202, "case_worker": 202, "*": 400}, foreign={"*": 400}, body={"organisation": "organisation"}),
    "GET /api/v1/knowledge/inquiries": Rule(own={"*": 200}),
    "GET /api/v1/knowledge/items": Rule(own={"anonymous": 200, "*": 200}, query="q=Om"),
    # Jammerbugt's item is for members (on the web: any signed-in user), not in the public API.
    "GET /api/v1/knowledge/items/{item_id}": Rule(kwargs={"item_id": "item"}, own={"anonymous": 200, "outsider": 200, "*": 200}, foreign={"anonymous": 404, "*": 404}),
    "GET /api/v1/knowledge/members/items": Rule(own={"*": 200}, query="q=Om"),
    # Members-only knowledge is for every signed-in user.
    "GET /api/v1/knowledge/members/items/{item_id}": Rule(kwargs={"item_id": "item"}, own={"*": 200}, foreign={"*": 200}),
    "GET /api/v1/knowledge/networks": Rule(own={"*": 200}),
    "GET /api/v1/knowledge/networks/{network_id}": Rule(kwargs={"network_id": "network"}, own={"*": 200}, foreign={"*": 404}),
    "GET /api/v1/matching/opportunities": Rule(own={"*": 200}),
    # Open opportunities of every organisation are shown to case workers (to refer people).
    "GET /api/v1/matching/opportunities/{opportunity_id}": Rule(kwargs={"opportunity_id": "opportunity"}, own={"*": 200}, foreign={"org_admin": 200, "case_worker": 200, "*": 404}),
    "GET /api/v1/matching/participants/{participant_id}/suggestions": Rule(kwargs={"participant_id": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "GET /api/v1/participants": Rule(own={"*": 200}, query="q=Qxleak"),
    "GET /api/v1/participants/{participant_id}": Rule(kwargs={"participant_id": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "GET /api/v1/participants/{participant_id}/enrolments": Rule(kwargs={"participant_id": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "GET /api/v1/projects": Rule(own={"*": 200}),
    "GET /api/v1/projects/{project_id}": Rule(kwargs={"project_id": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/projects/{project_id}/dashboard": Rule(kwargs={"project_id": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/projects/{project_id}/entities": Rule(kwargs={"project_id": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/projects/{project_id}/esf": Rule(kwargs={"project_id": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/projects/{project_id}/estimates": Rule(kwargs={"project_id": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/projects/{project_id}/follow-up": Rule(kwargs={"project_id": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/projects/{project_id}/funding": Rule(kwargs={"project_id": "project"}, own={"asf_staff": 404, "*": 200}, foreign={"*": 404}),
    "GET /api/v1/taxonomy/concepts": Rule(own={"*": 200}, query="kind=skill&q=sv&semantic=false"),
    "PATCH /api/v1/participants/{participant_id}": Rule(kwargs={"participant_id": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "POST /api/v1/consents/{consent_id}/withdraw": Rule(kwargs={"consent_id": "consent"}, own={"org_admin": 400, "case_worker": 400, "*": 404}, foreign={"*": 404}),
    "POST /api/v1/enrolments/{enrolment_id}/activities": Rule(kwargs={"enrolment_id": "enrolment"}, own={"org_admin": 400, "case_worker": 400, "*": 404}, foreign={"*": 404}),
    "POST /api/v1/enrolments/{enrolment_id}/assessments": Rule(kwargs={"enrolment_id": "enrolment"}, own={"org_admin": 400, "case_worker": 400, "*": 404}, foreign={"*": 404}, body={"scale": "scale"}, mixed={"org_admin": 400, "case_worker": 400, "*": 404}),
    "POST /api/v1/enrolments/{enrolment_id}/exit": Rule(kwargs={"enrolment_id": "enrolment"}, own={"org_admin": 409, "case_worker": 409, "*": 404}, foreign={"*": 404}),
    "POST /api/v1/enterprises/guidance/cases": Rule(own={"analyst": 404, "auditor": 404, "asf_staff": 404, "*": 201}, foreign={"*": 404}, body={"advising_organisation": "organisation"}),
    "POST /api/v1/enterprises/guidance/cases/{case_id}/sessions": Rule(kwargs={"case_id": "guidance_case"}, own={"analyst": 403, "auditor": 403, "asf_staff": 404, "*": 400}, foreign={"*": 404}),
    "POST /api/v1/enterprises/guidance/cases/{case_id}/stage": Rule(kwargs={"case_id": "guidance_case"}, own={"analyst": 403, "auditor": 403, "asf_staff": 404, "*": 400}, foreign={"*": 404}),
    "POST /api/v1/enterprises/partnerships": Rule(own={"analyst": 403, "auditor": 403, "*": 400}, foreign={"*": 403}, body={"enterprise": "organisation", "partner": "organisation"}),
    "POST /api/v1/enterprises/procurement/needs": Rule(own={"analyst": 404, "auditor": 404, "*": 400}, foreign={"*": 404}, body={"buyer": "organisation"}),
    "POST /api/v1/enterprises/support/offers": Rule(own={"analyst": 404, "auditor": 404, "*": 201}, foreign={"*": 404}, body={"provider": "organisation"}),
    "POST /api/v1/follow-ups/{follow_up_id}/complete": Rule(kwargs={"follow_up_id": "follow_up"}, own={"org_admin": 409, "case_worker": 409, "*": 404}, foreign={"*": 404}),
    "POST /api/v1/impact/parameter-sets/{set_id}/copy": Rule(kwargs={"set_id": "parameter_set"}, own={"asf_staff": 404, "*": 400}, foreign={"*": 404}),
    "POST /api/v1/impact/scenarios": Rule(own={"org_admin": 201, "analyst": 201, "*": 400}, foreign={"org_admin": 404, "analyst": 404, "*": 400}, body={"parameter_set": "parameter_set"}),
    "POST /api/v1/impact/scenarios/{scenario_id}/runs": Rule(kwargs={"scenario_id": "scenario"}, own={"asf_staff": 404, "*": 202}, foreign={"*": 404}),
    "POST /api/v1/knowledge/inquiries": Rule(own={"anonymous": 400, "*": 400}),
    "POST /api/v1/knowledge/inquiries/{inquiry_id}/answer": Rule(kwargs={"inquiry_id": "inquiry"}, own={"analyst": 404, "auditor": 404, "asf_staff": 404, "*": 400}, foreign={"*": 404}),
    "POST /api/v1/knowledge/networks/{network_id}/meetings": Rule(kwargs={"network_id": "network"}, own={"*": 201}, foreign={"*": 404}),
    "POST /api/v1/matching/allocate": Rule(own={"*": 200}),
    "POST /api/v1/matching/allocate/graph": Rule(own={"*": 200}),
    # Open opportunities of every organisation may be referred to (with the person's consent).
    "POST /api/v1/matching/participants/{participant_id}/referrals": Rule(kwargs={"participant_id": "participant"}, own={"org_admin": 409, "case_worker": 409, "*": 404}, foreign={"*": 404}, body={"opportunity": "opportunity"}, mixed={"org_admin": 201, "case_worker": 201, "*": 404}),
    "POST /api/v1/matching/suggest": Rule(own={"*": 200}),
    "POST /api/v1/participants": Rule(own={"org_admin": 201, "case_worker": 201, "*": 400}),
    # Everyone may search; the answer holds only the participants the actor may see.
    "POST /api/v1/participants/search": Rule(own={"*": 200}),
    "POST /api/v1/participants/{participant_id}/consents": Rule(kwargs={"participant_id": "participant"}, own={"org_admin": 409, "case_worker": 409, "*": 404}, foreign={"*": 404}),
    "POST /api/v1/participants/{participant_id}/enrolments": Rule(kwargs={"participant_id": "participant"}, own={"org_admin": 400, "case_worker": 400, "*": 404}, foreign={"*": 404}, body={"project": "project"}, mixed={"org_admin": 400, "case_worker": 400, "*": 404}),
    "POST /api/v1/projects/records": Rule(own={"*": 400}),
    "POST /api/v1/projects/{project_id}/costs": Rule(kwargs={"project_id": "project"}, own={"org_admin": 201, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    # Any organisation may be recorded as supported by one's own project.
    "POST /api/v1/projects/{project_id}/entities": Rule(kwargs={"project_id": "project"}, own={"org_admin": 201, "asf_staff": 404, "*": 403}, foreign={"*": 404}, body={"organisation_id": "organisation"}, mixed={"org_admin": 201, "asf_staff": 404, "*": 403}),
    "POST /api/v1/projects/{project_id}/estimates": Rule(kwargs={"project_id": "project"}, own={"org_admin": 400, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "POST /api/v1/projects/{project_id}/funders": Rule(kwargs={"project_id": "project"}, own={"org_admin": 400, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "PUT /api/v1/enterprises/organisations/{organisation_id}/profile": Rule(kwargs={"organisation_id": "organisation"}, own={"asf_staff": 200, "*": 404}, foreign={"*": 404}),
    "PUT /api/v1/enterprises/organisations/{organisation_id}/years/{year}": Rule(kwargs={"organisation_id": "organisation", "year": "=2024"}, own={"asf_staff": 200, "*": 404}, foreign={"*": 404}),
    "PUT /api/v1/impact/parameter-sets/{set_id}/values/{name}": Rule(kwargs={"set_id": "parameter_set", "name": "input_name"}, own={"org_admin": 200, "analyst": 200, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
    "PUT /api/v1/impact/scenarios/{scenario_id}": Rule(kwargs={"scenario_id": "scenario"}, own={"org_admin": 200, "analyst": 200, "asf_staff": 404, "*": 403}, foreign={"*": 404}, body={"parameter_set": "parameter_set"}, mixed={"*": 404}),
    "PUT /api/v1/participants/{participant_id}/competence-profile": Rule(kwargs={"participant_id": "participant"}, own={"org_admin": 200, "case_worker": 200, "*": 404}, foreign={"*": 404}),
    "PUT /api/v1/projects/{project_id}/funders/{funder_id}/amounts": Rule(kwargs={"project_id": "project", "funder_id": "funder"}, own={"org_admin": 400, "asf_staff": 404, "*": 403}, foreign={"*": 404}),
}
# fmt: on

#: More ways into routes already listed (other export formats), with the same answers:
#: ``name#variant`` → the entry, changed.
VARIANTS: dict[str, Rule] = {
    "people:data_export#pdf": replace(
        WEB["people:data_export"], kwargs={"pk": "participant", "fmt": "=pdf"}
    ),
    "projects:record_export#txt": replace(
        WEB["projects:record_export"], kwargs={"pk": "project", "fmt": "=txt"}
    ),
    "projects:esf_report#csv": replace(WEB["projects:esf_report"], query="format=csv"),
    "projects:esf_report#json": replace(WEB["projects:esf_report"], query="format=json"),
    "projects:esf_report#xlsx": replace(WEB["projects:esf_report"], query="format=xlsx"),
}
