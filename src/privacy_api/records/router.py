"""Records in (one or a batch, all or none) and out (paged, audited)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import timedelta

from fastapi import Path, Query, Request, Response

from privacy_api.core.data.hot import HotConnection, HotPath
from privacy_api.core.data.session import AuditedSession, DbSession
from privacy_api.core.http.errors import Responses
from privacy_api.core.http.idempotency import Idempotent, IdempotentRequest
from privacy_api.core.http.pagination import Cursor, Limit, Page, decode_int_cursor, encode_cursor
from privacy_api.core.http.request import AppContext, Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.http.types import MAX_ROW_ID
from privacy_api.core.security.auth import RecordsRead, RecordsWrite
from privacy_api.policy import service as policy_service
from privacy_api.records import rectification, service
from privacy_api.records.schemas import (
    BatchStored,
    RecordBatch,
    RecordIn,
    RecordPatch,
    RecordRead,
)
from privacy_api.register.spec import RegisterSpec
from privacy_api.subjects.schemas import SubjectIdPath

router = api_router(tags=["records"])
_REFUSALS: Responses = {409: {"description": "Restriction or objection refuses the processing"}}


async def _checked(
    conn: HotConnection,
    spec: RegisterSpec,
    items: Sequence[RecordIn],
    context: AppContext,
    *,
    batch: bool,
) -> None:
    await service.check_records(
        conn,
        spec,
        items,
        batch=batch,
        max_data_bytes=context.settings.max_record_data_bytes,
        max_skew=timedelta(seconds=context.settings.activity_future_skew_seconds),
    )


def _for_batch(
    hot: HotPath, idempotent: IdempotentRequest
) -> AbstractAsyncContextManager[HotConnection]:
    """PostgreSQL stores a batch in one statement (`service.add_records`), atomic alone:
    without BEGIN and COMMIT, its one round trip is all a batch waits for the database.
    A keyed request adds the idempotency record, and SQLite's executemany is a statement
    a row: those need a transaction."""
    if hot.dialect == "postgresql" and idempotent.key is None:
        return hot.single()
    return hot.begin()


@router.post("/records", status_code=201, response_model=RecordRead, responses=_REFUSALS)
async def create_record(
    body: RecordIn,
    request: Request,
    caller: RecordsWrite,
    context: Context,
    idempotent: Idempotent,
) -> Response:
    """One personal-data record of a register activity (Art. 30 inventory)."""
    in_force = await request.app.state.live_register.get(context.hot)
    async with context.hot.begin() as conn:
        await _checked(conn, in_force.spec, [body], context, batch=False)
        return await idempotent.run_now(
            conn,
            caller=caller.name,
            payload=body,
            create=lambda: service.add_record(
                conn, in_force.spec, item=body, version=in_force.register_version
            ),
        )


@router.post("/records/batch", status_code=201, response_model=BatchStored, responses=_REFUSALS)
async def create_records(
    body: RecordBatch,
    request: Request,
    caller: RecordsWrite,
    context: Context,
    idempotent: Idempotent,
) -> Response:
    """Up to 10,000 records, all or none; a bad item is reported by its index."""
    in_force = await request.app.state.live_register.get(context.hot)
    async with _for_batch(context.hot, idempotent) as conn:
        await _checked(conn, in_force.spec, body.records, context, batch=True)

        async def store() -> BatchStored:
            stored = await service.add_records(
                conn, in_force.spec, items=body.records, version=in_force.register_version
            )
            return BatchStored(stored=stored, register_version=in_force.register_version)

        return await idempotent.run_now(conn, caller=caller.name, payload=body, create=store)


@router.get("/subjects/{subject_id}/records")
def list_records(
    subject_id: SubjectIdPath,
    session: AuditedSession,
    caller: RecordsRead,
    response: Response,
    activity: str | None = Query(default=None, max_length=64),
    category: str | None = Query(default=None, max_length=64),
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[RecordRead]:
    """A subject's records, oldest first; every call is audited (policy §4)."""
    rows = service.list_records(
        session,
        subject_id=subject_id,
        actor=caller.name,
        activity=activity,
        category=category,
        after_id=decode_int_cursor(cursor),
        limit=limit + 1,
    )
    page = rows[:limit]
    response.headers["Cache-Control"] = "no-store"
    return Page(
        items=[RecordRead.model_validate(r) for r in page],
        next_cursor=encode_cursor([page[-1].id]) if len(rows) > limit else None,
    )


# `:int` so that /records/batch with another method is 405, not a bad record id.
@router.patch("/records/{record_id:int}", responses=_REFUSALS)
def rectify_record(
    body: RecordPatch,
    session: DbSession,
    caller: RecordsWrite,
    context: Context,
    record_id: int = Path(ge=1, le=MAX_ROW_ID),
) -> RecordRead:
    """Art. 16: correct one record's data (JSON Merge Patch); audited by field name."""
    spec, _ = policy_service.in_force(session)
    record = rectification.rectify_record(
        session,
        record_id=record_id,
        patch=body.data,
        spec=spec,
        max_data_bytes=context.settings.max_record_data_bytes,
        actor=caller.name,
    )
    return RecordRead.model_validate(record)
