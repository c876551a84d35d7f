"""The full-text index (FTS5 on SQLite, tsvector + GIN on PostgreSQL) and the revision.

The index is a plain table outside the ORM because the two engines need different
DDL; `innovations.search` is the only code that reads or writes it.
"""

from django.db import migrations, models

SQLITE = """
CREATE VIRTUAL TABLE innovations_search USING fts5(
    title, summary, body, tags, tokenize = 'porter unicode61 remove_diacritics 2'
)
"""
POSTGRESQL = """
CREATE TABLE innovations_search (
    innovation_id bigint PRIMARY KEY
        REFERENCES innovations_innovation (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    document tsvector NOT NULL
);
CREATE INDEX innovations_search_document ON innovations_search USING GIN (document);
"""


def create(apps, schema_editor):
    schema_editor.execute(SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE innovations_search")


class Migration(migrations.Migration):
    dependencies = [("innovations", "0002_vocabularies")]
    operations = [
        migrations.RunPython(create, drop),
        migrations.CreateModel(
            name="CatalogueRevision",
            fields=[
                ("id", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("number", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "catalogue revision"},
        ),
    ]
