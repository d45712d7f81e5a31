"""Type-ahead search of occupations and skills (htmx partials; the taxonomy is public data)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from .competence import Row
from .models import SELECTABLE_KINDS, Concept, Evidence
from .search import search_concepts

#: Name of the form field a chosen row posts to (when not a competence with evidence).
FIELD_NAME = re.compile(r"[a-z_]{1,40}")


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    if kind not in SELECTABLE_KINDS:
        raise Http404
    return kind


@login_required
def concept_search(request: HttpRequest) -> HttpResponse:
    kind = _kind(request)
    query = request.GET.get("q", "")[:200]
    language = (get_language() or "sv")[:2]
    hits = search_concepts(query, language=language, kinds=[kind], limit=10)
    field = request.GET.get("field", "")
    if field and not FIELD_NAME.fullmatch(field):
        raise Http404
    return render(
        request,
        "taxonomy/_search_results.html",
        {"hits": hits, "kind": kind, "query": query, "field": field},
    )


@login_required
def chosen_row(request: HttpRequest) -> HttpResponse:
    """One chosen occupation or skill, as a row of the mapping form."""
    kind = _kind(request)
    concept = Concept.objects.filter(uri=request.GET.get("uri", ""), kind=kind).first()
    if concept is None:
        raise Http404
    row = Row(kind, concept.uri, concept.label((get_language() or "sv")[:2]), "")
    field = request.GET.get("field", "")
    if field and not FIELD_NAME.fullmatch(field):
        raise Http404
    return render(
        request,
        "taxonomy/_chosen_row.html",
        {"row": row, "evidence_choices": Evidence.choices, "field": field},
    )


@login_required
def removed_row(request: HttpRequest) -> HttpResponse:
    """Nothing: the answer htmx swaps in when a chosen row is removed (no inline script needed)."""
    return HttpResponse("")
