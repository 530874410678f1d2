"""Intake limits per e-mail address and per client (issue 16: mail is no weapon).

Counted in the database, in fixed windows, so they hold across processes and restarts.
One statement per intake: an upsert of both counters that returns their new counts. On
PostgreSQL the conflicting row is locked until commit and the update reads its latest
version, so two racing intakes cannot both pass the last free place; SQLite's write lock
serialises them. The intake counts on its own, before its transaction (`intake.count_attempt`),
so the row is locked for one statement; an attempt refused here or later still counts.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Insert, String, Table, bindparam, case
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from privacy_api.config import Settings
from privacy_api.core.data.db import UTCDateTime
from privacy_api.core.data.hot import HotConnection
from privacy_api.core.http.errors import TooManyRequests
from privacy_api.core.time import clock
from privacy_api.dsar.models import DsarIntakeCount

# Providers that ignore dots in the local part: every placement of dots is the same inbox.
_DOTLESS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def mailbox_of(email: str) -> str:
    """The inbox an address delivers to, as the per-address limit counts it: lower case,
    without a "+tag" (sub-addressing, which nearly every provider delivers to the same
    inbox) and, at Gmail, without dots. Otherwise `victim+1@`, `victim+2@`... would each
    start a fresh count while every code lands in one mailbox (a mail bomb bounded only by
    the front end's own limit). Used for counting only: look-ups keep the exact address."""
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0] or local
    if domain in _DOTLESS:
        local, domain = local.replace(".", "") or local, _DOTLESS[domain]
    return f"{local}@{domain}"


class IntakeLimited(TooManyRequests):
    slug, title = "dsar-intake-limited", "Too many rights requests"


class CodeTriesLimited(TooManyRequests):
    slug, title = "dsar-code-tries-limited", "Too many codes tried for this e-mail address"


class CentreMailLimited(TooManyRequests):
    slug, title = "centre-mail-limited", "Too many e-mails asked for from one connection"

    def __init__(
        self, detail: str, *, limit: int, window_seconds: int, headers: dict[str, str]
    ) -> None:
        super().__init__(detail, headers=headers)
        self.limit, self.window_seconds = limit, window_seconds


CODE_TRY_WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class IntakeLimits:
    window_seconds: int
    per_email: int
    per_client: int

    @classmethod
    def of(cls, settings: Settings) -> IntakeLimits:
        return cls(
            window_seconds=settings.dsar_intake_window_seconds,
            per_email=settings.dsar_intake_per_email,
            per_client=settings.dsar_intake_per_client,
        )


@functools.cache
def _count(dialect: str, keys: int) -> Insert:
    """Upsert of `keys` counters. Cached: the hot path compiles each statement once, by
    identity."""
    table = DsarIntakeCount.__table__
    assert isinstance(table, Table)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = bindparam("now", type_=UTCDateTime())
    statement = insert(table).values(
        [
            {"key": bindparam(f"key_{n}", type_=String()), "window_started_at": now, "hits": 1}
            for n in range(keys)
        ]
    )
    over = table.c.window_started_at <= bindparam("window_floor", type_=UTCDateTime())
    return statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "hits": case((over, 1), else_=table.c.hits + 1),
            "window_started_at": case(
                (over, statement.excluded.window_started_at), else_=table.c.window_started_at
            ),
        },
    ).returning(table.c.key, table.c.hits, table.c.window_started_at)


async def count_intake(
    conn: HotConnection, *, email_hash: str, client: str, limits: IntakeLimits
) -> None:
    """Count one intake for the address and the client, or raise 429 with Retry-After."""
    limit_of = {
        key: limit
        for key, limit in (
            (f"client:{client}", limits.per_client),
            (f"email:{email_hash}", limits.per_email),
        )
        if limit > 0
    }
    if not limit_of:
        return
    # Always in one order (sorted keys), so two transactions never wait on each other's rows.
    keys = sorted(limit_of)
    now = clock.now()
    window = timedelta(seconds=limits.window_seconds)
    parameters: dict[str, object] = {f"key_{n}": key for n, key in enumerate(keys)}
    parameters.update(now=now, window_floor=now - window)
    counted = await conn.execute(_count(conn.dialect, len(keys)), parameters)
    for key, hits, started in counted.rows:
        if hits > limit_of[key]:
            retry = max(1, math.ceil((started + window - now).total_seconds()))
            what = "this e-mail address" if key.startswith("email:") else "this client"
            raise IntakeLimited(
                f"At most {limit_of[key]} requests per {limits.window_seconds} s for {what}; "
                "nothing was stored.",
                headers={"Retry-After": str(retry)},
            )


def _centre_mail_refused(
    limit: int, window_seconds: int, hits: int, started: datetime, now: datetime
) -> None:
    if hits > limit:
        ends = started + timedelta(seconds=window_seconds)
        retry = max(1, math.ceil((ends - now).total_seconds()))
        raise CentreMailLimited(
            f"At most {limit} e-mails per {window_seconds} s may be asked for from one "
            "connection through the privacy centre; nothing was sent.",
            limit=limit,
            window_seconds=window_seconds,
            headers={"Retry-After": str(retry)},
        )


def _centre_mail_parameters(client: str, window_seconds: int) -> tuple[datetime, dict[str, object]]:
    now = clock.now()
    return now, {
        "key_0": f"centre-mail:{client}",
        "now": now,
        "window_floor": now - timedelta(seconds=window_seconds),
    }


async def count_centre_mail(
    conn: HotConnection, *, client: str, limit: int, window_seconds: int
) -> None:
    """Count one privacy-centre request that sends mail to a person (a new request's code)
    for the connection, or raise 429: the centre has no key, and the API key's own limit
    (`per_client`) is sized for a whole front end, not for one browser. One atomic upsert,
    as `count_intake`."""
    if limit <= 0:
        return
    now, parameters = _centre_mail_parameters(client, window_seconds)
    counted = await conn.execute(_count(conn.dialect, 1), parameters)
    _key, hits, started = counted.rows[0]
    _centre_mail_refused(limit, window_seconds, hits, clock.as_utc(started), now)


def count_centre_mail_in(session: Session, *, client: str, limit: int, window_seconds: int) -> None:
    """`count_centre_mail` inside the caller's transaction (a new code): a resend that fails
    afterwards rolls its count back with it, as it sends nothing."""
    if limit <= 0:
        return
    now, parameters = _centre_mail_parameters(client, window_seconds)
    dialect = session.get_bind().dialect.name
    _key, hits, started = session.execute(_count(dialect, 1), parameters).one()
    _centre_mail_refused(limit, window_seconds, hits, clock.as_utc(started), now)


def count_code_try(session: Session, *, mailbox_hash: str, limit: int) -> None:
    """Count one code tried for a mailbox, over all its requests, or raise 429: nothing is
    compared and nothing counted (the refusal rolls the count back). The upsert is atomic,
    so racing tries cannot pass the last free place (see count_intake)."""
    if limit <= 0:
        return
    now = clock.now()
    dialect = session.get_bind().dialect.name
    _key, hits, started = session.execute(
        _count(dialect, 1),
        {"key_0": f"code:{mailbox_hash}", "now": now, "window_floor": now - CODE_TRY_WINDOW},
    ).one()
    if hits > limit:
        retry = max(1, math.ceil((started + CODE_TRY_WINDOW - now).total_seconds()))
        raise CodeTriesLimited(
            f"At most {limit} codes a day may be tried for one e-mail address, over all its "
            "requests; try again later, or contact our privacy team.",
            headers={"Retry-After": str(retry)},
        )
