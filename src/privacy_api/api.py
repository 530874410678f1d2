"""The table of contents of /v1: every domain's router, in the order of the policy.

Each router is included straight into the app: this FastAPI matches included routers level
by level, and one level less is worth a tenth of a hot endpoint's throughput.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from privacy_api.audit.router import router as audit_router
from privacy_api.breaches.router import router as breaches_router
from privacy_api.consent.links import router as consent_links_router
from privacy_api.consent.router import router as consent_router
from privacy_api.consent.unsubscribe import router as unsubscribe_router
from privacy_api.downstream.router import router as downstream_router
from privacy_api.dsar.router import router as dsar_router
from privacy_api.keys.router import router as keys_router
from privacy_api.outbox.router import router as outbox_router
from privacy_api.permissions.router import router as permissions_router
from privacy_api.policy.router import router as policy_router
from privacy_api.records.router import router as records_router
from privacy_api.register.router import router as register_router
from privacy_api.retention.router import router as retention_router
from privacy_api.rights.address_router import router as address_router
from privacy_api.rights.router import router as rights_router
from privacy_api.rights.transfer_router import router as transfer_router
from privacy_api.subjects.router import router as subjects_router

# Hot routers first: matching walks the routers in this order.
V1_ROUTERS: tuple[APIRouter, ...] = (
    keys_router,
    consent_router,
    consent_links_router,
    unsubscribe_router,
    subjects_router,
    records_router,
    permissions_router,
    # Before dsar: GET /dsar/package must not be read as the ticket "package".
    rights_router,
    downstream_router,  # /systems: no path it could shadow or be shadowed by
    address_router,
    transfer_router,  # Art. 20(2) transfers; before dsar too (/dsar/transfer)
    dsar_router,
    register_router,
    retention_router,
    policy_router,
    audit_router,
    outbox_router,
    breaches_router,
)


def include_v1(app: FastAPI) -> None:
    for router in V1_ROUTERS:
        app.include_router(router, prefix="/v1")
