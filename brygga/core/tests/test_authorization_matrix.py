"""The authorization matrix: every route and API operation × every role × own and
foreign organisation, each with the answer written in ``authorization_matrix.py``.

Generated from the URL configuration and the OpenAPI schema, so that a route
or operation added later without an entry fails
``test_every_route_and_operation_has_an_entry``. Run with ``-s`` to see how
many checks were made.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pytest_django.fixtures import Settings

from brygga.api.urls import api

from .authorization_matrix import (
    ACTORS,
    ADMIN_ANSWERS,
    API,
    LEAK_MARKER,
    VARIANTS,
    WEB,
    Rule,
)
from .conftest import World

REFUSALS = frozenset({401, 403, 404})


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name, prefix + str(entry.pattern), tuple(entry.pattern.regex.groupindex))


def web_routes() -> dict[str, Route]:
    """Named URL patterns, without the API's operations (they come from the schema)."""
    operation_names = {
        view_name
        for path_view in api._get_urls()
        if (view_name := getattr(path_view, "name", None))
    }
    routes: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        if route.name.startswith("api:") and route.name[4:] in operation_names:
            continue
        routes.setdefault(route.name, route)
    return routes


@functools.cache
def openapi_schema() -> dict[str, Any]:
    return dict(api.get_openapi_schema())


def api_operations() -> dict[str, dict[str, Any]]:
    schema = openapi_schema()
    operations: dict[str, dict[str, Any]] = {}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            operations[f"{method.upper()} {path}"] = operation
    return operations


def test_every_route_and_operation_has_an_entry() -> None:
    routes = web_routes()
    missing = sorted(n for n in routes if not n.startswith("admin:") and n not in WEB)
    stale = sorted(set(WEB) - set(routes))
    operations = api_operations()
    missing += sorted(op for op in operations if op not in API)
    stale += sorted(set(API) - set(operations))
    assert not missing, "add to brygga/core/tests/authorization_matrix.py:\n" + "\n".join(missing)
    assert not stale, "these entries name no route or operation any more:\n" + "\n".join(stale)
    for name, rule in [*WEB.items(), *VARIANTS.items()]:
        assert set(rule.kwargs) == set(routes[name.split("#")[0]].kwargs), name
    for key, rule in API.items():
        params = set(re.findall(r"{(\w+)}", key))
        assert set(rule.kwargs) == params, key
        assert (rule.mixed is not None) == rule.mixes, f"{key}: mixed answers"


# --- asking -----------------------------------------------------------------------


class Asker:
    """Sends one request as one actor, in a transaction rolled back afterwards."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.clients: dict[str, Client] = {}
        self.sessions: dict[str, str] = {}
        for actor in ACTORS:
            client = Client(raise_request_exception=False)
            if actor != "anonymous":
                client.force_login(world.users[actor])
                self.sessions[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.clients[actor] = client
        self.requests = 0

    def ask(
        self, actor: str, method: str, url: str, api: bool, body: object = None
    ) -> HttpResponse:
        client = self.clients[actor]
        headers: dict[str, str] = {}
        if api and actor != "anonymous":
            headers["authorization"] = f"Bearer {self.world.tokens[actor]}"
        cache.clear()  # rate limits of public forms count per address
        with transaction.atomic():
            if isinstance(body, Upload):
                response = client.post(url, body.fields, headers=headers)
            elif api:
                data = "" if body is None else json.dumps(body)
                response = client.generic(
                    method, url, data, content_type="application/json", headers=headers
                )
            elif method == "GET":
                response = client.get(url, headers=headers)
            else:
                response = client.generic(method, url, headers=headers)
            transaction.set_rollback(True)
        if actor in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[actor]
        else:
            client.cookies.clear()
        self.requests += 1
        return response  # type: ignore[return-value]


def _organisation_of(world: World, actor: str, side: str) -> Any:
    if side == "foreign":
        return world.jammerbugt
    if actor == "asf_staff":
        return world.asf
    return world.boden


def _fill(world: World, rule: Rule, organisation: Any) -> dict[str, str]:
    return {
        key: kind[1:] if kind.startswith("=") else world.value(kind, organisation)
        for key, kind in rule.kwargs.items()
    }


def _query(world: World, rule: Rule, organisation: Any) -> str:
    if not rule.query:
        return ""
    return "?" + re.sub(
        r"{(\w+)}", lambda m: world.value(str(m.group(1)), organisation), rule.query
    )


def _sides(actor: str, rule: Rule) -> tuple[str, ...]:
    if actor in ("outsider", "anonymous"):
        # The outsider asks for Boden's objects; the visitor's answer depends on none.
        return ("own",)
    if rule.mixes:
        return ("own", "foreign", "mixed")
    return ("own", "foreign") if rule.has_objects else ("own",)


#: Who also sends an empty POST where a GET is refused across organisations.
POSTERS = frozenset({"org_admin", "case_worker", "outsider"})


def _leaks(response: HttpResponse) -> bool:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content
    return LEAK_MARKER.encode() in content


def _answer(response: HttpResponse, api: bool) -> int:
    """The status, with a redirect to a login page counted as 302 and any other as 303."""
    status = response.status_code
    if status in (301, 302) and not api:
        location = response.get("Location", "")
        if "/login/" not in location:
            return 303
    return status


# --- API bodies --------------------------------------------------------------------


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        spec = schema["components"]["schemas"][name]
    return spec


def _sample(schema: dict[str, Any], spec: dict[str, Any]) -> object:
    spec = _resolve(schema, spec)
    if "anyOf" in spec:
        return _sample(schema, next(s for s in spec["anyOf"] if s.get("type") != "null"))
    if "allOf" in spec:
        return _sample(schema, spec["allOf"][0])
    if "enum" in spec:
        return spec["enum"][0]
    kind = spec.get("type")
    if kind == "object":
        return {
            key: _sample(schema, spec["properties"][key])
            for key in spec.get("required", [])
            if key in spec.get("properties", {})
        }
    if kind == "array":
        return [_sample(schema, spec["items"])] * spec.get("minItems", 0)
    if kind == "integer":
        return max(1, spec.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    fmt = spec.get("format")
    if fmt == "date":
        return "2025-01-15"
    if fmt == "date-time":
        return "2025-01-15T10:00:00Z"
    if fmt == "uuid":
        return str(uuid.uuid4())
    if fmt == "email":
        return "someone@example.org"
    return "x" * max(1, spec.get("minLength", 1))


@dataclass(frozen=True)
class Upload:
    """A multipart body (a file upload), as opposed to a JSON one."""

    fields: dict[str, Any]


def api_body(operation: dict[str, Any], references: dict[str, str]) -> object:
    """A minimal valid body built from the schema, with ``references`` to objects filled in."""
    content = operation.get("requestBody", {}).get("content", {})
    multipart = "multipart/form-data" in content
    if not multipart and "application/json" not in content:
        return None
    spec = content["multipart/form-data" if multipart else "application/json"]["schema"]
    body = _sample(openapi_schema(), spec)
    assert isinstance(body, dict)
    body.update({key: int(v) if v.isdigit() else v for key, v in references.items()})
    if not multipart:
        return body
    for key, prop in _resolve(openapi_schema(), spec).get("properties", {}).items():
        if prop.get("format") == "binary" and key in body:
            body[key] = SimpleUploadedFile("matrix.csv", b"first_name,last_name\n", "text/csv")
    return Upload(body)


# --- the walk ----------------------------------------------------------------------


@dataclass
class Outcome:
    checks: int = 0
    web_checks: int = 0
    api_checks: int = 0
    web_routes: int = 0
    admin_routes: int = 0
    operations: int = 0


def walk(
    world: World, asker: Asker, record: dict[tuple[str, str, str], int] | None
) -> tuple[Outcome, list[str]]:
    """Ask everything; return the counts and the mismatches (or record the answers)."""
    outcome = Outcome()
    problems: list[str] = []
    routes = web_routes()
    schema_ops = api_operations()

    def check(key: str, actor: str, side: str, expected: int | None, got: int, where: str) -> None:
        outcome.checks += 1
        if key.startswith(("GET ", "POST ", "PUT ", "PATCH ", "DELETE ")):
            outcome.api_checks += 1
        elif not key.startswith("admin:"):
            outcome.web_checks += 1
        if record is not None:
            record[(key, actor, side)] = got
        elif got != expected:
            problems.append(f"{key} · {actor} · {side}: expected {expected}, got {got} ({where})")

    # Whether a user may enter the admin depends on the staff flag, not the role:
    # every actor tries the index, the org admin every other admin URL.
    for name, route in sorted(routes.items()):
        if not name.startswith("admin:"):
            continue
        outcome.admin_routes += 1
        kwargs = {key: "core" if key == "app_label" else "1" for key in route.kwargs}
        url = reverse(name, kwargs=kwargs)
        for actor in ACTORS if name == "admin:index" else ("org_admin",):
            got = _answer(asker.ask(actor, "GET", url, api=False), api=False)
            expected = ADMIN_ANSWERS.get(name, ADMIN_ANSWERS["*"])
            check(name, actor, "own", expected, got, url)

    web = [(name, WEB[name]) for name in sorted(routes) if name in WEB]
    outcome.web_routes = len(web)
    for key, rule in [*web, *sorted(VARIANTS.items())]:
        name = key.split("#")[0]
        for actor in ACTORS:
            for side in _sides(actor, rule):
                organisation = (
                    world.boden if actor == "outsider" else _organisation_of(world, actor, side)
                )
                url = reverse(name, kwargs=_fill(world, rule, organisation))
                url += _query(world, rule, organisation)
                expected = rule.expected(actor, side, api=False)
                response = asker.ask(actor, rule.method, url, api=False)
                got = _answer(response, api=False)
                if 200 <= got < 300 and actor != "outsider" and side == "own" and _leaks(response):
                    problems.append(f"{key} · {actor}: shows Jammerbugt's data ({url})")
                check(key, actor, side, expected, got, f"{rule.method} {url}")
                across = side == "foreign" or actor == "outsider"
                if (
                    record is None
                    and rule.method == "GET"
                    and expected in REFUSALS
                    and across
                    and actor in POSTERS
                ):
                    post = _answer(asker.ask(actor, "POST", url, api=False), api=False)
                    check(key, actor, side, expected, post, f"POST {url}")

    for key, operation in sorted(schema_ops.items()):
        if key not in API:
            continue
        rule = API[key]
        outcome.operations += 1
        method, template = key.split(" ", 1)
        for actor in ACTORS:
            for side in _sides(actor, rule):
                organisation = (
                    world.boden if actor == "outsider" else _organisation_of(world, actor, side)
                )
                referred = world.jammerbugt if side == "mixed" else organisation
                if side == "mixed":
                    organisation = _organisation_of(world, actor, "own")
                references = {name: world.value(kind, referred) for name, kind in rule.body.items()}
                body = api_body(operation, references)
                url = template.format(**_fill(world, rule, organisation))
                url += _query(world, rule, organisation)
                response = asker.ask(actor, method, url, api=True, body=body)
                got = response.status_code
                if 200 <= got < 300 and actor != "outsider" and side == "own" and _leaks(response):
                    problems.append(f"{key} · {actor}: shows Jammerbugt's data ({url})")
                check(key, actor, side, rule.expected(actor, side, api=True), got, url)
    return outcome, problems


def test_every_route_answers_every_role_as_the_matrix_says(
    matrix_world: World,
    capsys: pytest.CaptureFixture[str],
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.VAR_DIR = str(tmp_path)  # uploads an allowed request stores
    asker = Asker(matrix_world)
    outcome, problems = walk(matrix_world, asker, None)
    with capsys.disabled():
        print(
            f"\nauthorization matrix: {outcome.web_routes} web routes "
            f"(and {len(VARIANTS)} export variants), "
            f"{outcome.operations} API operations, {outcome.admin_routes} admin URLs, "
            f"{len(ACTORS)} actors (anonymous, 5 roles at Boden, ASF staff, outsider): "
            f"{outcome.checks} checks ({outcome.web_checks} web, {outcome.api_checks} API, "
            f"{outcome.checks - outcome.web_checks - outcome.api_checks} admin)"
        )
    assert not problems, "\n" + "\n".join(problems)
    assert outcome.web_routes == len(WEB)
    assert outcome.operations == len(API)
