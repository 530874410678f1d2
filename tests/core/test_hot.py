"""The hot path never blocks the event loop while another request holds the write lock.

Found by schema fuzzing: on SQLite a hot write waited for the lock inside SQLite, on the
event loop thread, while a threadpool request holding that lock needed the loop to commit;
both stalled until the 10 s busy timeout and the hot write answered 503.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, select, update

from conftest import LiveServer
from factories import bearer
from privacy_api.config import Settings
from privacy_api.core.data.db import Database, UTCDateTime
from privacy_api.core.data.hot import SEPARATOR, HotPath, column_texts
from privacy_api.subjects import service
from privacy_api.subjects.models import Subject
from privacy_api.subjects.schemas import SubjectUpsert

HOLD_SECONDS = 0.6


def _hold_the_subject_row(db: Database, started: threading.Event) -> None:
    with db.transaction() as session:
        session.execute(update(Subject).where(Subject.subject_id == "acct-1").values(name="held"))
        session.flush()
        started.set()
        time.sleep(HOLD_SECONDS)


async def _ping_while_held(db: Database, settings: Settings) -> tuple[int, datetime]:
    hot = HotPath(db, settings.database_url, pool_size=2, connect_timeout=2)
    await hot.open()
    ticks = 0
    done = asyncio.Event()

    async def tick() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(tick())
    moment = datetime(2026, 6, 1, tzinfo=UTC)
    try:
        async with hot.single() as conn:
            await service.advance_clock(
                conn, subject_id="acct-1", kind="session", at=moment, max_skew=timedelta(0)
            )
    finally:
        done.set()
        await ticker
        await hot.dispose()
    return ticks, moment


def test_hot_write_waits_for_the_lock_without_blocking_the_event_loop(
    db: Database, settings: Settings
) -> None:
    with db.transaction() as session:
        service.upsert_subject(
            session,
            subject_id="acct-1",
            data=SubjectUpsert(name="Jan"),
            lookup_key=b"k" * 32,
            actor="test",
        )
    started = threading.Event()
    holder = threading.Thread(target=_hold_the_subject_row, args=(db, started))
    holder.start()
    started.wait(5)
    ticks, moment = asyncio.run(_ping_while_held(db, settings))
    holder.join()
    # Blocked, the loop would not have ticked at all until the lock was released.
    assert ticks >= 10
    with db.transaction(write=False) as session:
        subject = session.scalars(select(Subject).where(Subject.subject_id == "acct-1")).one()
    assert subject.last_session_at == moment
    assert subject.name == "held"


def test_hot_and_session_writes_side_by_side_all_answer(
    live_server: LiveServer, make_key: Callable[..., str]
) -> None:
    headers = bearer(make_key("subjects:write"))

    async def drive() -> list[int]:
        async with httpx.AsyncClient(base_url=live_server.url, timeout=5) as client:
            put = await client.put("/v1/subjects/acct-1", json={"name": "Jan"}, headers=headers)
            assert put.status_code == 201

            async def profile(i: int) -> int:
                body = {"name": f"Jan {i}"}
                r = await client.put("/v1/subjects/acct-1", json=body, headers=headers)
                return r.status_code

            async def ping(_i: int) -> int:
                body = {"kind": "visit", "property": "app"}
                r = await client.post("/v1/subjects/acct-1/activity", json=body, headers=headers)
                return r.status_code

            calls = [f(i) for i in range(60) for f in (profile, ping)]
            return list(await asyncio.gather(*calls))

    try:
        statuses = asyncio.run(drive())
    except httpx.TimeoutException:
        pytest.fail("a request stalled: the hot path blocked the event loop")
    assert set(statuses) == {200, 204}


_SPLIT = Table(
    "split_example",
    MetaData(),
    Column("name", String(16)),
    Column("data", JSON),
    Column("at", UTCDateTime()),
    Column("n", Integer),
)


def test_column_texts_joins_each_column_as_postgresql_reads_it() -> None:
    at = datetime(2026, 11, 20, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    rows = [
        {"name": "a", "data": {"k": "x\x1fy", "l": [1, None]}, "at": at, "n": 1},
        {"name": "b", "data": {}, "at": at, "n": -2},
    ]
    texts = column_texts(_SPLIT, ["name", "data", "at", "n"], rows)
    assert texts == {
        "name": f"a{SEPARATOR}b",
        "data": f'{{"k":"x\\u001fy","l":[1,null]}}{SEPARATOR}{{}}',
        "at": f"2026-11-20T10:00:00+00:00{SEPARATOR}2026-11-20T10:00:00+00:00",
        "n": f"1{SEPARATOR}-2",
    }


@pytest.mark.parametrize(
    ("rows", "fault"),
    [
        ([{"name": f"a{SEPARATOR}b"}, {"name": "c"}], "holds the separator"),
        ([{"name": ""}], "is empty"),
        ([{"name": None}, {"name": "c"}], "NULL"),
        ([{"name": "a"}, {"name": None}], "NULL"),
    ],
)
def test_column_texts_refuses_what_would_not_split_back(
    rows: list[dict[str, Any]], fault: str
) -> None:
    with pytest.raises(ValueError, match=fault):
        column_texts(_SPLIT, ["name"], rows)


def test_column_texts_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="naive"):
        column_texts(_SPLIT, ["at"], [{"at": datetime(2026, 11, 20, 12, 0)}])
