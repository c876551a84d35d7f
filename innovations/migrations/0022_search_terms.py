"""The search index becomes one table of (term, case, weight) rows on both databases.

The FTS5 table (SQLite) and the tsvector table (PostgreSQL) go: terms are now analysed in
Python and ranked in Python (`innovations.search`), so the two databases give the same
answers. The new table is filled from the published cases right after `migrate` (by the
post_migrate handler in `innovations.signals`, with the models as they are once every
migration has run), as `manage.py search_index rebuild` would.
"""

from django.db import migrations

from opsi.irreversible import RefuseReverse

SQLITE = """
CREATE TABLE innovations_searchterm (
    term TEXT NOT NULL,
    case_id INTEGER NOT NULL,
    weight INTEGER NOT NULL,
    PRIMARY KEY (term, case_id)
) WITHOUT ROWID;
CREATE INDEX innovations_searchterm_case ON innovations_searchterm (case_id);
"""
POSTGRESQL = """
CREATE TABLE innovations_searchterm (
    term text NOT NULL,
    case_id bigint NOT NULL,
    weight smallint NOT NULL,
    PRIMARY KEY (term, case_id) INCLUDE (weight)
);
CREATE INDEX innovations_searchterm_case ON innovations_searchterm (case_id);
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute("DROP TABLE IF EXISTS innovations_search")
    for statement in (SQLITE if vendor == "sqlite" else POSTGRESQL).split(";"):
        if statement.strip():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("innovations", "0020_contributors_and_media")]
    operations = [
        migrations.RunPython(create, migrations.RunPython.noop),
        RefuseReverse(
            "Reversing it drops the search index and cannot bring the old full-text tables "
            "back: restore a backup taken before this migration instead."
        ),
    ]
