"""Writes to the taxonomy: load a batch of concepts, labels and relations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .loaders import Batch

T = TypeVar("T")
CHUNK = 500


def fold(text: str) -> str:
    """The form labels are compared in: case-folded, single spaces."""
    return " ".join(text.casefold().split())


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class LoadReport:
    concepts_created: int
    concepts_seen: int
    labels_created: int
    relations_created: int
    problems: tuple[str, ...]
    unresolved: int


def load_batch(batch: Batch, models: Any = None) -> LoadReport:
    """Insert ``batch`` (idempotent: existing concepts, labels and links are kept).

    ``models`` is an object with ``Concept``, ``Label`` and ``Relation`` attributes, so that a
    data migration can pass its historical models; the app's models by default.
    """
    if models is None:
        from . import models as app_models

        models = app_models
    Concept, Label, Relation = models.Concept, models.Label, models.Relation
    with transaction.atomic():
        uris = [row.uri for row in batch.concepts]
        existing: dict[str, int] = {}
        for chunk in _chunks(uris):
            existing.update(Concept.objects.filter(uri__in=chunk).values_list("uri", "pk"))
        rows = {row.uri: row for row in batch.concepts}
        new = [
            Concept(
                uri=row.uri,
                kind=row.kind,
                scheme=row.scheme,
                isco_code=row.isco_code,
                esco_code=row.esco_code,
                description=row.description,
            )
            for uri, row in rows.items()
            if uri not in existing
        ]
        Concept.objects.bulk_create(new, batch_size=CHUNK)
        ids: dict[str, int] = {}
        for chunk in _chunks(list(rows)):
            ids.update(Concept.objects.filter(uri__in=chunk).values_list("uri", "pk"))
        relation_uris = {u for s, t, _k in batch.relations for u in (s, t)} - set(ids)
        for chunk in _chunks(sorted(relation_uris)):
            ids.update(Concept.objects.filter(uri__in=chunk).values_list("uri", "pk"))

        have_labels: set[tuple[int, str, str]] = set()
        concept_ids = [ids[u] for u in rows]
        for id_chunk in _chunks(concept_ids):
            have_labels.update(
                Label.objects.filter(concept_id__in=id_chunk).values_list(
                    "concept_id", "language", "text"
                )
            )
        labels = []
        has_preferred = {(cid, lang) for (cid, lang, _t) in have_labels}
        for uri, row in rows.items():
            for language, texts in row.labels.items():
                for position, text in enumerate(
                    dict.fromkeys(t.strip() for t in texts if t.strip())
                ):
                    key = (ids[uri], language, text[:300])
                    if key in have_labels:
                        continue
                    have_labels.add(key)
                    labels.append(
                        Label(
                            concept_id=ids[uri],
                            language=language,
                            text=text[:300],
                            folded=fold(text)[:300],
                            preferred=position == 0 and (ids[uri], language) not in has_preferred,
                        )
                    )
        Label.objects.bulk_create(labels, batch_size=CHUNK)

        problems = list(batch.problems)
        relations = []
        for source, target, kind in dict.fromkeys(batch.relations):
            if source not in ids or target not in ids:
                problems.append(f"relation {source} → {target}: unknown concept")
                continue
            relations.append(Relation(source_id=ids[source], target_id=ids[target], kind=kind))
        before = Relation.objects.count()
        Relation.objects.bulk_create(relations, batch_size=CHUNK, ignore_conflicts=True)
        created_relations = Relation.objects.count() - before
    return LoadReport(
        concepts_created=len(new),
        concepts_seen=len(rows),
        labels_created=len(labels),
        relations_created=created_relations,
        problems=tuple(problems),
        unresolved=batch.unresolved,
    )


@dataclass
class MappedCompetence:
    kind: str  # "skill" or "occupation"
    uri: str
    evidence: str


@transaction.atomic
def save_competence_mapping(
    actor: Any,
    participant: Any,
    competences: Sequence[MappedCompetence],
    profile: Any,
    language: str = "sv",
) -> None:
    """Save a competence mapping: the profile through ``people.services`` and the evidence here.

    ``profile`` is a ``people.services.CompetenceData`` whose ``competences`` are filled from
    ``competences`` (each must be a known skill or occupation); ``language`` picks the labels
    stored beside the codes.
    """
    from brygga.core.errors import DomainError
    from brygga.people.services import save_competence_profile

    from .models import CompetenceEvidence, Concept, Evidence

    unique = list({(c.kind, c.uri): c for c in competences}.values())
    concepts = {
        c.uri: c
        for c in Concept.objects.filter(uri__in=[c.uri for c in unique]).prefetch_related("labels")
    }
    triples = []
    for item in unique:
        concept = concepts.get(item.uri)
        if concept is None or concept.kind != item.kind:
            raise DomainError(
                _("Unknown skill or occupation: %(code)s") % {"code": item.uri},
                field="competences",
            )
        if item.evidence not in Evidence.values:
            raise DomainError(_("Choose how the competence is known."), field="competences")
        triples.append((item.kind, item.uri, concept.label(language)[:200]))
    profile.competences = triples
    save_competence_profile(actor, participant, profile)
    CompetenceEvidence.objects.filter(participant=participant).delete()
    CompetenceEvidence.objects.bulk_create(
        CompetenceEvidence(participant=participant, kind=c.kind, code=c.uri, evidence=c.evidence)
        for c in unique
    )
