"""The downstream systems' endpoints: register one, rotate its secret, list them. An order's
acknowledgement stays in rights/router.py: the last one completes the request (a rights act)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import Path, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select

from privacy_api.core.data.session import DbSession
from privacy_api.core.http.idempotency import Idempotent
from privacy_api.core.http.pagination import Page
from privacy_api.core.http.request import Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.security.auth import Admin
from privacy_api.downstream import systems
from privacy_api.downstream.models import DownstreamSystem
from privacy_api.downstream.schemas import SecretRotated, SystemCreate, SystemCreated, SystemRead

# Tagged "rights" as before the move: the published document (and its clients) are unchanged.
router = api_router(tags=["rights"])


@router.post("/systems", status_code=201, response_model=SystemCreated)
def register_system(
    body: SystemCreate,
    session: DbSession,
    caller: Admin,
    context: Context,
    idempotent: Idempotent,
) -> Response:
    """Register a downstream system of a property; its signing secret is shown once, and
    again to a retry with the same Idempotency-Key (as long as that key replays)."""

    def create() -> SystemRead:
        system = systems.register_system(
            session,
            name=body.name,
            property_=body.property,
            webhook_url=str(body.webhook_url),
            private_hosts=context.settings.webhook_private_hosts,
            actor=caller.name,
            events=body.events,
        )
        return SystemRead.model_validate(system, from_attributes=True)

    # The kept response holds no secret: it is derived, never stored (systems.signing_key),
    # so the first answer and its replays add the one of the first generation.
    kept = idempotent.run(session, caller=caller.name, payload=body, create=create)
    answer = json.loads(bytes(kept.body))
    answer["signing_secret"] = systems.signing_secret(context.keys, answer["id"])
    replayed = {k: v for k, v in kept.headers.items() if k.lower() == "idempotent-replayed"}
    return JSONResponse(answer, status_code=kept.status_code, headers=replayed)


@router.post("/systems/{system_id}/rotate-secret")
def rotate_system_secret(
    system_id: Annotated[str, Path(max_length=40)],
    session: DbSession,
    caller: Admin,
    context: Context,
) -> SecretRotated:
    """A new signing secret, shown once; the old one keeps working beside it for 24 hours."""
    system = systems.rotate_secret(session, system_id=system_id, actor=caller.name)
    assert system.previous_generation_until is not None
    return SecretRotated(
        id=system.id,
        signing_secret=systems.signing_secret(context.keys, system.id, system.secret_generation),
        previous_secret_valid_until=system.previous_generation_until,
    )


@router.get("/systems")
def list_systems(session: DbSession, _caller: Admin) -> Page[SystemRead]:
    """The registered downstream systems (never their secrets)."""
    rows = session.scalars(select(DownstreamSystem).order_by(DownstreamSystem.name))
    return Page(
        items=[
            SystemRead(
                id=s.id,
                name=s.name,
                property=s.property,
                webhook_url=s.webhook_url,
                events=s.events,
                created_at=s.created_at,
            )
            for s in rows
        ]
    )
