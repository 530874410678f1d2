"""Ready means ready: the database answers, its schema is the code's, a register is loaded.

A load balancer that sends traffic to a replica whose migrations are behind gets 500s; one
whose register is not loaded answers consent with 503 and the policy with 404. So readiness
checks both, in one round trip on the usual path.
"""

from __future__ import annotations

import functools

from sqlalchemy import column, func, select, table
from sqlalchemy.exc import SQLAlchemyError

from privacy_api.core.data.db import Database
from privacy_api.core.http.errors import ServiceUnavailable
from privacy_api.policy.models import PolicyVersion
from privacy_api.register.models import RegisterVersion
from privacy_api.register.service import RegisterNotLoaded

RETRY = {"Retry-After": "5"}
_ALEMBIC = table("alembic_version", column("version_num"))
_STATE = select(
    select(_ALEMBIC.c.version_num).limit(1).scalar_subquery(),
    select(func.max(RegisterVersion.version)).scalar_subquery(),
    select(func.max(PolicyVersion.id)).scalar_subquery(),
)


class DatabaseDown(ServiceUnavailable):
    slug, title = "database-unavailable", "The database does not answer"


class MigrationsBehind(ServiceUnavailable):
    slug, title = "migrations-behind", "The database schema is behind the code"


@functools.cache
def _revisions() -> tuple[str, frozenset[str]]:
    """(the code's head revision, every revision the code knows), read once per process."""
    from alembic.script import ScriptDirectory

    from privacy_api.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_current_head()
    assert head is not None
    return head, frozenset(rev.revision for rev in script.walk_revisions())


def check_ready(db: Database) -> None:
    """Raises the first reason not to take traffic; returns when ready."""
    try:
        state = _state(db)
    except SQLAlchemyError as exc:
        try:
            db.ping()
        except SQLAlchemyError:
            raise DatabaseDown("The database does not answer.", headers=RETRY) from exc
        try:
            state = _state(db)  # the first try met a connection the restart had closed
        except SQLAlchemyError:
            raise MigrationsBehind(
                "The database has no schema: run `privacy-api migrate`.", headers=RETRY
            ) from exc
    revision, register_version, policy_id = state
    head, known = _revisions()
    # A revision this code does not know is newer (a rolling deploy migrated ahead of this
    # replica): migrations only add, so this code still works. Only behind is not ready.
    if revision is None or (revision != head and revision in known):
        raise MigrationsBehind(
            f"The database is at revision {revision or 'none'}, the code at {head}: "
            "run `privacy-api migrate`.",
            headers=RETRY,
        )
    if register_version is None or policy_id is None:
        raise RegisterNotLoaded(
            "No register or policy version is loaded: run `privacy-api register load`.",
            headers=RETRY,
        )


def _state(db: Database) -> tuple[str | None, int | None, int | None]:
    with db.engine.connect() as conn:
        row = conn.execute(_STATE).one()
    return row[0], row[1], row[2]
