"""Four eyes on a staff-linked request's other address: a second key approves or refuses."""

from __future__ import annotations

from privacy_api.core.data.session import DbSession
from privacy_api.core.http.errors import Responses
from privacy_api.core.http.routing import api_router
from privacy_api.core.http.types import OpaqueIdPath
from privacy_api.core.security.auth import DsarManage
from privacy_api.dsar.schemas import AddressApproval, AddressRefusal, DsarRead
from privacy_api.rights import addresses

router = api_router(tags=["rights"])
_REFUSALS: Responses = {
    403: {"description": "The key that linked the request cannot approve its address"},
    409: {"description": "Not flagged, already decided, or the request is closed"},
}


@router.post(
    "/dsar/{ticket_id}/approve-address", responses={**_REFUSALS, 422: {}}, response_model=DsarRead
)
def approve_address(
    ticket_id: OpaqueIdPath, body: AddressApproval, session: DbSession, caller: DsarManage
) -> DsarRead:
    """A second dsar:manage key (not the one that linked the request) lets the package, or
    a new address's code, go to the address the request names instead of the one on
    record. The body names that address: the approver must have read it on the ticket."""
    ticket = addresses.decide(
        session, ticket_id=ticket_id, actor=caller.name, approve=True, shown=str(body.email)
    )
    return DsarRead.model_validate(ticket)


@router.post("/dsar/{ticket_id}/refuse-address", responses=_REFUSALS, response_model=DsarRead)
def refuse_address(
    ticket_id: OpaqueIdPath, body: AddressRefusal, session: DbSession, caller: DsarManage
) -> DsarRead:
    """Any dsar:manage key refuses the other address: the package goes only to the
    address on record, and an e-mail change is not started."""
    ticket = addresses.decide(
        session, ticket_id=ticket_id, actor=caller.name, approve=False, reason=body.reason
    )
    return DsarRead.model_validate(ticket)
