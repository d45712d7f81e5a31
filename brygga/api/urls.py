"""The HTTP API at /api/v1/: one NinjaAPI, one router per domain app."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from brygga.core.audit import REASON_HEADER, ReasonRequired
from brygga.core.errors import DomainError
from brygga.enterprises.api import router as enterprises_router
from brygga.impact.api import router as impact_router
from brygga.imports.api import router as imports_router
from brygga.journeys.api import router as journeys_router
from brygga.knowledge.api import router as knowledge_router
from brygga.matching.api import router as matching_router
from brygga.people.api import router as people_router
from brygga.projects.api import router as projects_router
from brygga.taxonomy.api import router as taxonomy_router

from .auth import TokenAuth

api = NinjaAPI(
    title="Brygga API",
    version="1",
    description="Participants, enrolments, activities and exits. "
    "Authenticate with `Authorization: Bearer <token>`.",
    auth=TokenAuth(),
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, object] = {"detail": str(exc.message)}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(DjangoValidationError)
def django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(ReasonRequired)
def reason_required(request: HttpRequest, exc: ReasonRequired) -> HttpResponse:
    detail = _(
        "This person is in another case worker's caseload: give your reason for opening "
        "the record in the %(header)s header."
    ) % {"header": REASON_HEADER}
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"detail": _("The request body is too large.")}, status=413)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


# Both routers spell out their paths: consents live at /consents/, enrolments
# of a participant under /participants/.
api.add_router("/", people_router)
api.add_router("/", journeys_router)
# The later domains each own a prefix.
api.add_router("/projects", projects_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("/matching", matching_router)
api.add_router("/taxonomy", taxonomy_router)
api.add_router("/impact", impact_router)
api.add_router("/knowledge", knowledge_router)
api.add_router("/imports", imports_router)
