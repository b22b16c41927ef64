"""Data built once for a test module, inside a transaction rolled back after the module's last test."""

from collections.abc import Callable, Iterator

from django.db import connection, transaction


def built_once(django_db_blocker, build: Callable, *args) -> Iterator:
    """For a module-scoped fixture: `yield from built_once(django_db_blocker, build)`. Each test still runs
    in its own savepoint, so what a test changes is gone before the next.

    The foreign keys of what `build` made are checked here, once. Left deferred, PostgreSQL would check
    them again at every test's end (Django checks deferred constraints after each test, and rolling back
    the test's savepoint queues the checks again): 60 ms a test over the persona matrix's world."""
    with django_db_blocker.unblock(), transaction.atomic():
        made = build(*args)
        connection.check_constraints()
        yield made
        transaction.set_rollback(True)
