"""Full-text search over knowledge translations: PostgreSQL or SQLite FTS5.

The database is chosen by ``connection.vendor``. On PostgreSQL each
translation's ``search`` vector is built by a trigger with the text-search
configuration of its language, and a query is parsed in each language's
configuration (``websearch_to_tsquery``). On SQLite an FTS5 table shadows the
translations (kept by triggers); the query's words are quoted and matched as
prefixes, ranked with bm25. Other databases fall back to ``icontains``.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest

from .models import SEARCH_CONFIG, Translation

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12


def words(text: str) -> list[str]:
    return _WORD.findall(text)[:MAX_WORDS]


def fts5_query(text: str) -> str:
    """Words as quoted FTS5 prefix terms, all required: ``"social"* "företag"*``."""
    return " ".join(f'"{word}"*' for word in words(text))


def search(translations: QuerySet[Translation], text: str, limit: int = 300) -> list[Translation]:
    """At most ``limit`` translations in ``translations`` that match ``text``, best first."""
    if not words(text):
        return list(translations[:limit])
    if connection.vendor == "postgresql":
        return _postgresql(translations, text, limit)
    if connection.vendor == "sqlite":
        return _sqlite(translations, text, limit)
    matched = translations
    for word in words(text):
        matched = matched.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return list(matched[:limit])


def _postgresql(translations: QuerySet[Translation], text: str, limit: int) -> list[Translation]:
    query = " ".join(words(text))
    condition = Q()
    ranks: list[SearchRank] = []
    for language, config in SEARCH_CONFIG.items():
        parsed = SearchQuery(query, config=config, search_type="websearch")
        condition |= Q(language=language, search=parsed)
        ranks.append(SearchRank(F("search"), parsed))
    rank = Greatest(*ranks)
    ranked = translations.filter(condition).annotate(rank=rank).order_by("-rank", "-pk")
    return list(ranked[:limit])


def _sqlite(translations: QuerySet[Translation], text: str, limit: int) -> list[Translation]:
    """Rank every match once in FTS5, let the database apply the other filters to the
    matches, then keep the ``limit`` best."""
    query = fts5_query(text)
    match = "SELECT rowid FROM knowledge_translation_fts WHERE knowledge_translation_fts MATCH %s"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, bm25(knowledge_translation_fts, 10.0, 4.0, 1.0) "
            "FROM knowledge_translation_fts WHERE knowledge_translation_fts MATCH %s",
            [query],
        )
        rank = dict(cursor.fetchall())  # bm25: lower is better
    matching = RawSQL(match, [query])  # noqa: S611 - constant SQL, the words are a parameter
    allowed = translations.filter(pk__in=matching).values_list("pk", flat=True)
    best = sorted(allowed, key=lambda pk: (rank.get(pk, 0.0), -pk))[:limit]
    found = {t.pk: t for t in translations.filter(pk__in=best)}
    return [found[pk] for pk in best if pk in found]


def rebuild_sqlite_index() -> None:
    """Refill the FTS5 table from the translations (after a table rebuild lost the triggers)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM knowledge_translation_fts")
        cursor.execute(
            "INSERT INTO knowledge_translation_fts(rowid, title, summary, body) "
            "SELECT id, title, summary, body FROM knowledge_translation"
        )
