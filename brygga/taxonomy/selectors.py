"""Read queries on the taxonomy (public classification data, not personal data)."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Concept, Relation, RelationKind


def broader_edges(uris: Iterable[str]) -> list[tuple[str, str]]:
    """(parent, child) links around ``uris``: their parents, and those parents' other children.

    Enough for the matching kernel's :class:`Hierarchy` to tell which of these concepts are near
    (parent/child or siblings) without loading the whole classification.
    """
    wanted = sorted(set(uris))
    if not wanted:
        return []
    broader = Relation.objects.filter(kind=RelationKind.BROADER)
    up = list(broader.filter(source__uri__in=wanted).values_list("target__uri", "source__uri"))
    parents = sorted({p for p, _c in up} | set(wanted))
    down = list(broader.filter(target__uri__in=parents).values_list("target__uri", "source__uri"))
    return sorted(set(up) | set(down))


def concepts_by_uri(uris: Iterable[str]) -> dict[str, Concept]:
    return {c.uri: c for c in Concept.objects.filter(uri__in=set(uris)).prefetch_related("labels")}
