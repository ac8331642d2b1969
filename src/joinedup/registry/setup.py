"""Creating and migrating the database, and administrator accounts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor


def migrate(step: Callable[[int, int], None] | None = None) -> int:
    """Apply every unapplied migration; ``step(done, total)`` reports progress.

    Returns the number of migrations applied.
    """
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(targets)
    total = len(plan)
    done = 0
    if step:
        step(0, total)

    def callback(action: str, migration: Any = None, fake: bool = False) -> None:
        nonlocal done
        if action == "apply_success":
            done += 1
            if step:
                step(done, total)

    if plan:
        executor = MigrationExecutor(connection, progress_callback=callback)  # type: ignore[arg-type]
        executor.migrate(targets, plan=plan)
    return total


@transaction.atomic
def ensure_admin(username: str, email: str, password: str) -> None:
    """Create the administrator, or reset their password if they exist."""
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=username, defaults={"email": email})
    user.is_staff = True
    user.is_superuser = True
    if email:
        user.email = email
    user.set_password(password)
    user.save()
