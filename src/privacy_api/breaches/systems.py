"""Notices of a breach to the downstream systems of the properties it reached: signed
webhooks through the outbox, each system told once (Art. 33(2): the customers we process
for hear of a breach without undue delay)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from privacy_api.breaches import affected
from privacy_api.breaches.models import Breach, BreachNotice
from privacy_api.breaches.schemas import AffectedFilter
from privacy_api.core.time import clock
from privacy_api.downstream.models import DownstreamSystem
from privacy_api.outbox import service as outbox
from privacy_api.records.models import Record


def notice_row(breach_id: str, kind: str, recipient_id: str, lang: str | None) -> dict[str, Any]:
    return {
        "breach_id": breach_id,
        "recipient_kind": kind,
        "recipient_id": recipient_id,
        "lang": lang,
        "notified_at": clock.now(),
    }


def categories(breach: Breach) -> list[str]:
    if breach.data_categories:
        return list(breach.data_categories)
    return list((breach.affected_filter or {}).get("categories") or [])


def tell(session: Session, breach: Breach) -> int:
    """A signed notice to each system of a property concerned, once: they receive data of
    the people reached and must know (Art. 33(2) for the customers we process for). Sent
    when the authority is told and again by notify-subjects (systems registered since); a
    breach whose records are not known yet (no `affected`) reaches no system."""
    if breach.affected_filter is None:
        return 0
    wanted = AffectedFilter.model_validate(breach.affected_filter)
    # The properties whose records were reached, not every property the filter could name:
    # a system of a property the breach did not touch is not told (and a register changed
    # since the filter was set cannot make this fail).
    properties = set(
        session.scalars(select(Record.property).where(affected.matching(wanted)).distinct())
    )
    told = select(BreachNotice.recipient_id).where(
        BreachNotice.breach_id == breach.id, BreachNotice.recipient_kind == "system"
    )
    systems = session.scalars(
        select(DownstreamSystem)
        .where(DownstreamSystem.property.in_(properties), DownstreamSystem.id.not_in(told))
        .order_by(DownstreamSystem.name)
    ).all()
    for system in systems:
        notice_id = f"bnt_{uuid.uuid4().hex[:24]}"
        outbox.enqueue_webhook(
            session,
            url=system.webhook_url,
            body=_system_body(breach, notice_id, system.property),
            headers={"webhook-id": notice_id, "system-id": system.id},
            reference=f"breach/{breach.id}",
        )
        session.execute(insert(BreachNotice), [notice_row(breach.id, "system", system.id, None)])
    return len(systems)


def _system_body(breach: Breach, notice_id: str, property_: str) -> str:
    """The facts, the counts and the contact; never who was reached (data minimisation)."""
    return json.dumps(
        {
            "type": "privacy.breach",
            "notice_id": notice_id,
            "breach_id": breach.id,
            "property": property_,
            "issued_at": clock.now().isoformat(),
            "data": {
                "nature": breach.nature,
                "became_aware_at": clock.as_utc(breach.became_aware_at).isoformat(),
                "data_categories": categories(breach),
                "likely_consequences": breach.likely_consequences,
                "measures": breach.measures,
                "risk": breach.risk,
                "affected_subjects": breach.affected_subjects,
                "affected_records": breach.affected_records,
                "contact_email": breach.contact_email,
            },
        },
        separators=(",", ":"),
        sort_keys=True,
    )
