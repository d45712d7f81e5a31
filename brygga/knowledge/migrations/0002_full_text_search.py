"""Full-text search of translations: a trigger-kept tsvector and GIN index on
PostgreSQL, an FTS5 table kept by triggers on SQLite. Each runs only on its database."""

from django.db import migrations

PG_FORWARD = [
    """
    CREATE FUNCTION knowledge_translation_search() RETURNS trigger AS $$
    DECLARE cfg regconfig;
    BEGIN
        cfg := CASE NEW.language WHEN 'sv' THEN 'swedish' WHEN 'da' THEN 'danish'
               ELSE 'english' END;
        NEW.search := setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A')
                   || setweight(to_tsvector(cfg, coalesce(NEW.summary, '')), 'B')
                   || setweight(to_tsvector(cfg, coalesce(NEW.body, '')), 'C');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER knowledge_translation_search BEFORE INSERT OR UPDATE
    ON knowledge_translation FOR EACH ROW EXECUTE FUNCTION knowledge_translation_search()
    """,
    "UPDATE knowledge_translation SET title = title",
    "CREATE INDEX knowledge_translation_search_gin ON knowledge_translation USING gin (search)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS knowledge_translation_search_gin",
    "DROP TRIGGER IF EXISTS knowledge_translation_search ON knowledge_translation",
    "DROP FUNCTION IF EXISTS knowledge_translation_search()",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE knowledge_translation_fts USING fts5(
        title, summary, body, tokenize = 'unicode61'
    )
    """,
    """
    CREATE TRIGGER knowledge_translation_fts_insert AFTER INSERT ON knowledge_translation BEGIN
        INSERT INTO knowledge_translation_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    """
    CREATE TRIGGER knowledge_translation_fts_update AFTER UPDATE ON knowledge_translation BEGIN
        DELETE FROM knowledge_translation_fts WHERE rowid = old.id;
        INSERT INTO knowledge_translation_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END
    """,
    """
    CREATE TRIGGER knowledge_translation_fts_delete AFTER DELETE ON knowledge_translation BEGIN
        DELETE FROM knowledge_translation_fts WHERE rowid = old.id;
    END
    """,
    """
    INSERT INTO knowledge_translation_fts(rowid, title, summary, body)
    SELECT id, title, summary, body FROM knowledge_translation
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_translation_fts_insert",
    "DROP TRIGGER IF EXISTS knowledge_translation_fts_update",
    "DROP TRIGGER IF EXISTS knowledge_translation_fts_delete",
    "DROP TABLE IF EXISTS knowledge_translation_fts",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_knowledge_networks_inquiries")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
