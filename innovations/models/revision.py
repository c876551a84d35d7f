"""Where the public catalogue is: its revision number and the change log workers replay."""

import secrets

from django.db import connections, models, router
from django.utils.translation import gettext_lazy as _


def new_snapshot_id() -> str:
    return secrets.token_hex(16)


class CatalogueRevision(models.Model):
    """One row: where the public catalogue is, for every worker's facet index.

    `number` moves by one with every write the public can see (in the writer's
    transaction, under this row's lock, so numbers commit in order); the cases it
    touched are in `IndexChange`, which a worker replays from its own number.
    `generation` moves when every worker must build its index afresh: a vocabulary
    changed, or `search_index rebuild` ran.
    """

    id = models.PositiveSmallIntegerField(primary_key=True)
    number = models.PositiveBigIntegerField(default=0)
    generation = models.PositiveBigIntegerField(default=0)
    # Names this catalogue's facet snapshot files (`innovations.derived.snapshot_name`):
    # a new row (a flush) or a restore gets a new one, so no worker loads another's file.
    snapshot = models.CharField(max_length=32, default=new_snapshot_id, editable=False)

    class Meta:
        verbose_name = _("catalogue revision")

    def __str__(self) -> str:
        return f"{self.generation}.{self.number}"

    @classmethod
    def current(cls) -> tuple[int, int]:
        """(generation, number) as committed now. Every request reads it: one plain
        statement on the database the router reads this model from, no query built."""
        with connections[router.db_for_read(cls)].cursor() as cursor:
            cursor.execute(f"SELECT generation, number FROM {cls._meta.db_table} WHERE id = 1")
            row = cursor.fetchone()
        return (row[0], row[1]) if row else (0, 0)

    @classmethod
    def _advance(cls, field: str) -> int:
        # The UPDATE takes the row lock until commit: writers of the public catalogue
        # queue here, so a reader never sees number N+1 committed before N.
        if not cls.objects.filter(pk=1).update(**{field: models.F(field) + 1}):
            cls.objects.get_or_create(pk=1)
            cls.objects.filter(pk=1).update(**{field: models.F(field) + 1})
        return cls.objects.filter(pk=1).values_list(field, flat=True).get()

    @classmethod
    def advance(cls) -> int:
        """The next number, for a write the public can see; returns it."""
        return cls._advance("number")

    @classmethod
    def new_generation(cls) -> int:
        """Ask every worker to build its facet index afresh; returns the generation."""
        return cls._advance("generation")


class IndexChange(models.Model):
    """The last public change of each case: the log workers replay.

    One row per case ever changed in public (no foreign key: a deleted case keeps its
    row, so workers learn that it is gone), holding the revision number of its last
    change. A worker at number N asks for the rows above N; the table never grows
    beyond the number of cases.
    """

    innovation_id = models.BigIntegerField(primary_key=True)
    revision = models.PositiveBigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("index change")

    def __str__(self) -> str:
        return f"{self.innovation_id}@{self.revision}"
