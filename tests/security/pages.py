"""Finding the site's pages and forms, for the probes: from the URL configuration and links.

Every route without parameters is a starting page (from ``get_resolver()``, so a new
route is probed as soon as it is mounted); pages with parameters (a participant, a
project, …) are found by following the links of the pages already seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver

#: Pages never fetched or submitted by the probes: they end the session, or are the
#: machinery of other tests (the admin, the API with its own schemathesis run).
SKIPPED_PREFIXES = ("/accounts/logout", "/admin/", "/api/", "/static/", "/i18n/")


def parameterless_routes() -> list[str]:
    """The paths of every route without parameters in the URL configuration."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if "<" in route or "(?P" in route or route.startswith("^"):
                if not isinstance(pattern, URLResolver) or "<" in route or "(?P" in route:
                    continue
                route = route.lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            else:
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted({path for path in found if not path.startswith(SKIPPED_PREFIXES)})


@dataclass
class Form:
    action: str
    method: str
    #: (name, kind, value): kind is the input type, "textarea" or "select"
    fields: list[tuple[str, str, str]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif self.forms and tag in ("input", "textarea") and a.get("name"):
            kind = "textarea" if tag == "textarea" else a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1].fields.append((a["name"], kind, a.get("value", "")))
        elif self.forms and tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1].fields.append((a["name"], "select", ""))
        elif tag == "option" and self._select and self.forms:
            name, kind, value = self.forms[-1].fields[-1]
            if not value and a.get("value"):
                self.forms[-1].fields[-1] = (name, kind, a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def parse(html: str, base: str) -> tuple[list[str], list[Form]]:
    """Same-site links (paths) and forms (with absolute actions) of a page."""
    parser = _Parser()
    parser.feed(html)
    links = []
    for href in parser.links:
        url = urlsplit(urljoin(base, href))
        if url.netloc not in ("", "testserver") or url.scheme not in ("", "http"):
            continue
        if not url.path.startswith(SKIPPED_PREFIXES):
            links.append(url.path)
    forms = []
    for form in parser.forms:
        action = urlsplit(urljoin(base, form.action or base)).path
        if not action.startswith(SKIPPED_PREFIXES):
            form.action = action
            forms.append(form)
    return links, forms
