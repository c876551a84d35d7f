"""The search index's common terms get packed postings: one row per term, read at once.

`innovations_searchblock` holds, for each term in at least `blocks.BLOCK_MIN` cases when
it was last compacted, the ids of its cases and their weights as two packed arrays;
`innovations_searchdirty` lists the cases written since (each with a random token, so
that a compaction forgets only the writes it has merged). The term rows stay the truth:
a block is read with the dirty cases taken out and their current rows added, so a
search gives the same answer with or without blocks. Filled by `search_index rebuild`
or `search_index compact`.
"""

from django.db import migrations

from opsi.irreversible import RefuseReverse

SQLITE = """
CREATE TABLE innovations_searchblock (
    term TEXT NOT NULL PRIMARY KEY,
    ids BLOB NOT NULL,
    weights BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE innovations_searchdirty (
    case_id INTEGER NOT NULL PRIMARY KEY,
    token INTEGER NOT NULL
);
"""
POSTGRESQL = """
CREATE TABLE innovations_searchblock (
    term text NOT NULL PRIMARY KEY,
    ids bytea NOT NULL,
    weights bytea NOT NULL
);
CREATE TABLE innovations_searchdirty (
    case_id bigint NOT NULL PRIMARY KEY,
    token bigint NOT NULL
);
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in (SQLITE if vendor == "sqlite" else POSTGRESQL).split(";"):
        if statement.strip():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("innovations", "0028_media_stored_bytes")]
    operations = [
        migrations.RunPython(create, migrations.RunPython.noop),
        RefuseReverse(
            "Reversing it drops the packed postings of the search index; searches would "
            "still answer from the term rows, but restore a backup or migrate forward."
        ),
    ]
