"""SQL-injection and XSS probes on every page, search and form field.

For each of a case worker, an organisation admin and an enterprise's staff member:
start from every route without parameters (``get_resolver()``), follow the links
to the pages with parameters, then put each probe into every field of every form
(and into the query string of every page) and submit it. Every answer must be:

* not a 5xx;
* free of the probe unescaped (script tags, attribute breakouts), and of a
  template expression evaluated (``zz{{7*7}}zz`` never becomes ``zz49zz``);
* free of the outsider's participant (another organisation's data never leaks,
  whatever the search).

Afterwards every page is fetched again, so a probe stored by one form and shown on
another page (stored XSS) is caught too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, resolve

from brygga.core.models import User

from .helpers import CASE_WORKER, ENTERPRISE_STAFF, FIGURES, ORG_ADMIN, OUTSIDER_NAME
from .pages import Form, parameterless_routes, parse

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "' OR 1=1--",
    "1; DROP TABLE people_participant;--",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "zz{{7*7}}zz",
    "a\x00b",
    "\u00b9",  # a digit to str.isdigit() that int() refuses
    "Z" * 20_000,
]
#: What must never appear in a page: the probes that would run as markup.
UNESCAPED = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "zz49zz"]
#: Input kinds that take no probe (the CSRF token is kept so the form is accepted).
KEPT = {"submit", "button", "file", "checkbox", "radio", "image", "reset"}
#: At most this many pages of one view (one participant's pages stand for all).
PER_VIEW = 2
MAX_PAGES = 120


@dataclass
class Probe:
    client: Client
    user: User
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    #: Every same-site path linked from a page seen (downloads included).
    seen: set[str] = field(default_factory=set)

    def check(self, what: str, response: HttpResponse, payload: str | None = None) -> None:
        self.requests += 1
        if response.status_code >= 500:
            self.failures.append(f"{what}: {response.status_code} for {payload!r:.40}")
            return
        if response.streaming or "html" not in response.get("Content-Type", ""):
            return
        content = response.content.decode(errors="replace")
        for marker in UNESCAPED:
            if marker in content:
                self.failures.append(f"{what}: unescaped {marker!r} (probe {payload!r:.40})")
        if OUTSIDER_NAME in content:
            self.failures.append(f"{what}: shows the outsider's participant ({payload!r:.40})")

    def login(self) -> None:
        self.client.force_login(self.user)


def crawl(probe: Probe) -> dict[str, list[Form]]:
    """Pages the user can open (path → its forms), from the routes and their links."""
    queue = parameterless_routes()
    pages: dict[str, list[Form]] = {}
    per_view: dict[str, int] = {}
    seen = probe.seen
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            view = resolve(path).view_name
        except Resolver404:
            continue
        if per_view.get(view, 0) >= PER_VIEW:
            continue
        per_view[view] = per_view.get(view, 0) + 1
        response = probe.client.get(path)
        probe.check(f"GET {path}", response)
        if response.status_code != 200 or response.streaming:
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        links, forms = parse(response.content.decode(errors="replace"), path)
        pages[path] = forms
        queue.extend(link for link in links if link not in seen)
    return pages


def filled(form: Form, payload: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for name, kind, value in form.fields:
        keep = kind in KEPT or name == "csrfmiddlewaretoken"
        data[name] = value if keep else payload
    return data


def forms_of(pages: dict[str, list[Form]]) -> Iterator[tuple[str, Form]]:
    """Each distinct form once; the ones that erase or delete last."""
    distinct: dict[tuple[str, str, tuple[str, ...]], tuple[str, Form]] = {}
    for path, forms in pages.items():
        for form in forms:
            key = (form.action, form.method, tuple(name for name, _k, _v in form.fields))
            distinct.setdefault(key, (path, form))
    yield from sorted(
        distinct.values(),
        key=lambda item: any(word in item[1].action for word in ("erase", "delete")),
    )


def run_probes(user: User) -> tuple[Probe, int, int]:
    probe = Probe(Client(raise_request_exception=False), user)
    probe.login()
    pages = crawl(probe)
    forms = 0
    for _path, form in forms_of(pages):
        forms += 1
        for payload in PAYLOADS:
            probe.login()
            data = filled(form, payload)
            if form.method == "post":
                response = probe.client.post(form.action, data)
            else:
                response = probe.client.get(form.action, data)
            probe.check(f"{form.method.upper()} {form.action}", response, payload)
    query_names = {"q", "page", "sort", "order", "status", "kind", "project", "organisation"}
    for path in pages:
        for payload in PAYLOADS:
            probe.login()
            response = probe.client.get(path, dict.fromkeys(query_names, payload))
            probe.check(f"GET {path}?…", response, payload)
    probe.login()
    for path in pages:  # stored probes, shown on another page
        probe.check(f"GET {path} (after the probes)", probe.client.get(path))
    return probe, len(pages), forms


@pytest.mark.parametrize("username", [CASE_WORKER, ORG_ADMIN, ENTERPRISE_STAFF])
def test_no_probe_breaks_a_page_escapes_or_leaks(world: dict[str, Any], username: str) -> None:
    probe, pages, forms = run_probes(world[username])
    FIGURES[f"probes ({username}): pages"] = pages
    FIGURES[f"probes ({username}): forms"] = forms
    FIGURES[f"probes ({username}): requests"] = probe.requests
    assert pages >= 10, "the crawl found too few pages to mean anything"
    assert not probe.failures, "\n".join(probe.failures[:40])


def test_the_checks_catch_what_they_look_for(alice: User) -> None:
    probe = Probe(Client(), alice)
    probe.check("a", HttpResponse("<p><script>alert(1)</script></p>"), "p")
    probe.check("b", HttpResponse(f"<td>{OUTSIDER_NAME}</td>"))
    probe.check("c", HttpResponse("oops", status=500))
    probe.check("d", HttpResponse("<p>zz49zz</p>"))
    probe.check("e", HttpResponse("<p>&lt;script&gt;alert(1)&lt;/script&gt; zz{{7*7}}zz</p>"))
    assert [failure[0] for failure in probe.failures] == ["a", "b", "c", "d"]
