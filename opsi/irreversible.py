"""A migration operation that refuses to be reversed, because reversing would lose data.

Django reverses a migration's operations last first, so `RefuseReverse` as the last
operation of a migration is checked before anything of it is undone: reversing an
`AddField` drops the column, a `CreateModel` drops the table, a data migration's reverse
deletes what it made (and going forward again re-runs it over what editors changed).
Migrating back through such a migration stops with the reason, unless the environment
says `OPSI_ALLOW_DATA_LOSS=1` (then the reason is printed and Django goes on). Forwards
it does nothing, so appending it to an applied migration changes no database.
"""

import os
import sys

from django.db.migrations.operations.base import Operation

OPT_IN = "OPSI_ALLOW_DATA_LOSS"


def data_loss_allowed() -> bool:
    return os.environ.get(OPT_IN) == "1"


class RefuseReverse(Operation):
    reduces_to_sql = True  # forwards it is nothing, which SQL can say
    elidable = False

    def __init__(self, reason: str):
        self.reason = reason

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.reason], {})

    @property
    def reversible(self) -> bool:
        # Django checks this for every operation of a migration before undoing any.
        return data_loss_allowed()

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        sys.stderr.write(f"\n  {OPT_IN}=1: reversing {app_label} anyway. {self.reason}\n")

    def describe(self) -> str:
        return f"Refuse to reverse: {self.reason}"

    def __str__(self) -> str:
        # Django's refusal reads "Operation <this> in <migration> is not reversible".
        return (
            f"RefuseReverse ({self.reason} Back up first (manage.py backup); set "
            f"{OPT_IN}=1 to reverse anyway.)"
        )


def refuse_before_migrating(plan=None, **kwargs) -> None:
    """A `pre_migrate` receiver: refuse a plan that would reverse any refusing migration
    before the plan changes anything (Django alone checks each migration as it comes
    to it, after undoing the later, harmless ones)."""
    if data_loss_allowed():
        return
    from django.db.migrations.exceptions import IrreversibleError

    for migration, backwards in plan or []:
        if not backwards:
            continue
        for operation in migration.operations:
            if isinstance(operation, RefuseReverse):
                raise IrreversibleError(
                    f"Operation {operation} in {migration} is not reversible; nothing was migrated."
                )
