from __future__ import annotations

import pytest

from brygga.taxonomy.models import Label
from brygga.taxonomy.search import labels_for, search_concepts

pytestmark = pytest.mark.django_db

CLEANER = "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"


def test_alternative_label_found_exactly_and_shown_in_the_asked_language() -> None:
    hits = search_concepts("Städare", language="sv", semantic=False)
    assert hits[0].uri == CLEANER
    assert hits[0].how == "alternative"
    assert hits[0].label == "lokalvårdare"
    assert hits[0].matched == "städare"


def test_preferred_exact_before_prefix_and_contains() -> None:
    hits = search_concepts("kock", language="sv", semantic=False)
    assert hits[0].how == "exact"
    assert [h.how for h in hits] == sorted(
        (h.how for h in hits), key=["exact", "alternative", "prefix", "contains"].index
    )
    hits = search_concepts("lagerarb", language="da", semantic=False)
    assert hits[0].uri == WAREHOUSE
    assert hits[0].how == "prefix"
    assert hits[0].label == "lagermedarbejder"


def test_ukrainian_and_danish_queries() -> None:
    assert search_concepts("прибиральник", language="uk", semantic=False)[0].uri == CLEANER
    hits = search_concepts("rengøring", language="da", kinds=["skill"], semantic=False)
    assert hits and all(h.kind == "skill" for h in hits)


def test_semantic_search_finds_concepts_without_a_shared_word() -> None:
    query = "städa kontor på kvällen"  # "clean offices in the evening": no label shares it
    assert search_concepts(query, language="en", semantic=False) == []
    hits = search_concepts(query, language="en", limit=5)
    assert hits and all(h.how == "semantic" for h in hits)
    assert "clean" in hits[0].label
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    flowers = search_concepts("jobba med blommor", language="en", limit=3)
    assert any("horticulture" in h.label or "plants" in h.label for h in flowers)
    # embeddings were stored on the labels for next time
    assert Label.objects.filter(embedding__isnull=False).exists()


def test_short_queries_and_labels_for() -> None:
    assert search_concepts("k") == []
    assert labels_for([CLEANER, "unknown:x"], "uk") == {
        CLEANER: "прибиральник приміщень",
        "unknown:x": "unknown:x",
    }
