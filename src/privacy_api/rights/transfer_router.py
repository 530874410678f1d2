"""Art. 20(2): sending a portability package to the organisation the person named."""

from __future__ import annotations

from fastapi import Query
from fastapi.responses import StreamingResponse

from privacy_api.core.data.session import DbSession
from privacy_api.core.http.errors import Responses
from privacy_api.core.http.request import Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.http.streaming import ThreadedStreamingResponse
from privacy_api.core.http.types import OpaqueIdPath
from privacy_api.core.security.auth import DsarManage
from privacy_api.dsar import service as dsar
from privacy_api.dsar.schemas import DsarRead
from privacy_api.register import service as register_service
from privacy_api.rights import transfer
from privacy_api.rights.export import export_slot, stream_package
from privacy_api.rights.router import FulfilmentContext

router = api_router(tags=["dsar"])

_ZIP: Responses = {200: {"content": {"application/zip": {}}, "description": "The package (ZIP)"}}


@router.post(
    "/dsar/{ticket_id}/recipient/confirm",
    response_model=DsarRead,
    responses={409: {"description": "No recipient named, not verified, or confirmed already"}},
)
def confirm_recipient(
    ticket_id: OpaqueIdPath, session: DbSession, caller: DsarManage, ctx: FulfilmentContext
) -> DsarRead:
    """GDPR Art. 20(2): staff confirm the organisation the person named; it is mailed its own
    single-use link to the portability package and the person is told whom it went to."""
    ticket = transfer.confirm_recipient(session, ticket_id=ticket_id, actor=caller.name, ctx=ctx)
    return dsar.read_for(ticket, staff=True)


@router.get(
    "/dsar/transfer",
    response_class=StreamingResponse,
    responses={**_ZIP, 410: {"description": "Expired, or used already (it works once)"}},
)
def download_transfer(
    session: DbSession,
    context: Context,
    ctx: FulfilmentContext,
    token: str = Query(max_length=2000),
) -> StreamingResponse:
    """The organisation's single-use link (GDPR Art. 20(2)): the person's portability package."""
    # A download like the others: a place among the process's exports first (503 before the
    # link is spent), and the same total time.
    slot = export_slot(context.exports)
    try:
        ticket = transfer.take_transfer(session, token=token, ctx=ctx)
        assert ticket.subject_id is not None
        # The mark is committed with the request's transaction, before the stream is sent:
        # the link is spent even if the reader leaves halfway (staff can confirm no second
        # link).
        register = register_service.current_register(session)
        stream = stream_package(
            context.db,
            subject_id=ticket.subject_id,
            spec=register.spec,
            register_version=register.version,
            scope="portability",
            lang="pl" if ticket.lang == "pl" else "en",
        )
    except BaseException:
        slot.release()  # no response will give it back
        raise
    return ThreadedStreamingResponse(
        stream,
        max_seconds=context.settings.export_max_seconds,
        slot=slot,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{ticket.id}-portability.zip"',
            "Cache-Control": "no-store",
        },
    )
