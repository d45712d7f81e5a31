"""Path traversal on every download: a file outside its store is never served.

The routes are found in the URL configuration: every route that takes a free-text
segment (``str`` or ``path`` converter) and every route that ends in a file name
(``.csv``, ``.pdf``, ``.xlsx``, ``.json``, ``.txt``) or is named like a download.
Real URLs of each are found by crawling as a case worker and an organisation admin;
then each parameter is replaced by traversal payloads — ``../``, encoded
``%2e%2e%2f``, doubly encoded, absolute paths, backslashes, a NUL byte — and the
answer must be 400 or 404 and hold nothing of the files aimed at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from brygga.core.models import Organisation, User

from .helpers import CASE_WORKER, FIGURES, ORG_ADMIN
from .test_probes import Probe, crawl

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "../../../../../../etc/passwd",
    "..%2f..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%252e%252e%252fetc%252fpasswd",
    "....//....//....//etc/passwd",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "..\\\\..\\\\..\\\\windows\\\\win.ini",
    "settings.py%00.csv",
    "..",
    "%2e%2e",
]
#: What a served file outside the store would show.
LEAKS = [b"root:x:0:0", b"[fonts]", b"SECRET_KEY", b"DATABASE_URL"]
FILE_ROUTE = re.compile(r"(\.(csv|pdf|xlsx|json|txt)$|export|download|document|report|errors)")
CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>\w+)>")
SKIPPED = ("admin/", "api/", "static/", "i18n/")


def download_routes() -> set[str]:
    """Routes that serve files or take free text, from the URL configuration."""
    routes: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif not route.startswith(SKIPPED) and (
                FILE_ROUTE.search(route) or "<str:" in route or "<path:" in route
            ):
                routes.add(route)

    walk(get_resolver().url_patterns, "")
    return routes


def attacks(route: str, kwargs: dict[str, Any]) -> list[str]:
    """The route with each of its parameters in turn replaced by each payload."""
    urls = []
    names = [m.group("name") for m in CONVERTER.finditer(route)]
    for target in names:
        for payload in PAYLOADS:

            def fill(match: re.Match[str], target: str = target, payload: str = payload) -> str:
                name = match.group("name")
                return payload if name == target else str(kwargs[name])

            urls.append("/" + CONVERTER.sub(fill, route))
    return urls


@pytest.fixture
def downloads(world: dict[str, User], boden: Organisation, tmp_path: Path) -> None:
    """Files to download: a network document and an import job's error report."""
    from brygga.imports.services import run_import, start_import
    from brygga.knowledge.services import create_network, share_document

    network = create_network(world[ORG_ADMIN], boden, "Nätverket")
    share_document(world[ORG_ADMIN], network, "Protokoll", "protokoll.txt", b"Protokoll\n")
    source = tmp_path / "participants.csv"
    source.write_text("external_id,first_name,last_name,birth_date\nx1,,,not-a-date\n")
    job = start_import(world[CASE_WORKER], boden, "participants", source, "participants.csv")
    run_import(job.pk)
    Path(job.file_path).unlink(missing_ok=True)


@pytest.mark.parametrize("username", [CASE_WORKER, ORG_ADMIN])
def test_no_download_serves_a_file_outside_its_store(
    world: dict[str, User], downloads: None, username: str
) -> None:
    routes = download_routes()
    probe = Probe(Client(raise_request_exception=False), world[username])
    probe.login()
    crawl(probe)
    examples: dict[str, dict[str, Any]] = {}
    for path in sorted(probe.seen):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.route in routes:
            examples.setdefault(match.route, match.kwargs)
    failures = []
    requests = 0
    for route, kwargs in sorted(examples.items()):
        for url in attacks(route, kwargs):
            response = probe.client.get(url)
            requests += 1
            body = b"" if response.streaming else response.content
            if response.status_code not in (400, 404):
                failures.append(f"GET {url}: {response.status_code}")
            for leak in LEAKS:
                if leak in body:
                    failures.append(f"GET {url}: holds {leak!r}")
    FIGURES[f"path traversal ({username}): routes"] = len(examples)
    FIGURES[f"path traversal ({username}): requests"] = requests
    unreached = sorted(routes - set(examples))
    print(f"download routes reached: {sorted(examples)}; unreached: {unreached}")
    assert len(examples) >= 4, f"too few download routes reached: {sorted(examples)}"
    assert not failures, "\n".join(failures[:40])


def test_the_routes_are_found_in_the_url_configuration() -> None:
    routes = download_routes()
    assert "participants/<uuid:pk>/export.<str:fmt>" in routes
    assert "imports/<uuid:pk>/errors.csv" in routes
    assert settings.ROOT_URLCONF
