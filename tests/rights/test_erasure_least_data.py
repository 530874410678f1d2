"""Issue 28, finding 5: least data in what is kept. An erasure takes the address and
details from every ticket of the subject, open ones included (closed first); an order's
payload ends at its acknowledgement or after the register's order_payload_days (the order
then expired); the erasure's answer says field by field what each kept row still holds."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from consolekit import sign_in
from factories import bearer, record
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.downstream.models import DownstreamOrder, DownstreamSystem
from privacy_api.dsar.models import DsarNote, DsarTicket
from privacy_api.register.checks import RegisterInvalid, parse_register
from privacy_api.register.service import Register
from privacy_api.retention import service as retention
from privacy_api.retention.models import RetentionRun

SID, EMAIL = "acct-anna", "anna@example.com"
ID_NUMBER = "ABC123456"
T = datetime(2026, 11, 2, 12, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def anna(client: TestClient, db: Database, loaded: Register, admin: dict[str, str]) -> str:
    person = {"email": EMAIL, "name": "Anna", "attributes": {"id_number": "OLD999"}}
    assert client.put(f"/v1/subjects/{SID}", json=person, headers=admin).status_code == 201
    batch = {"records": [record(SID)]}
    assert client.post("/v1/records/batch", json=batch, headers=admin).status_code == 201
    with db.transaction() as session:
        session.add(
            DownstreamSystem(
                id="sys_crm",
                name="crm",
                property="app",
                webhook_url="https://crm.example.com/hook",
                created_at=clock.now(),
                created_by="test",
            )
        )
    return SID


def _open(client: TestClient, admin: dict[str, str], **body: Any) -> dict[str, Any]:
    payload = {"email": EMAIL, "channel": "help_desk", "verified": True, **body}
    answer = client.post("/v1/dsar", json=payload, headers=admin)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _waiting_rectification(client: TestClient, admin: dict[str, str]) -> str:
    details = {"corrections": {"attributes.id_number": ID_NUMBER}}
    opened = _open(client, admin, type="rectification", details=details)
    note = {"text": f"Anna sent a scan of {ID_NUMBER}"}
    assert client.post(f"/v1/dsar/{opened['id']}/notes", json=note, headers=admin).status_code in (
        200,
        201,
    )
    waiting = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=admin).json()
    assert waiting["status"] == "in_progress", waiting
    return str(opened["id"])


def test_erasure_removes_address_and_details_from_open_tickets(
    client: TestClient, db: Database, anna: str, admin: dict[str, str]
) -> None:
    waiting = _waiting_rectification(client, admin)
    unverified = client.post(
        "/v1/dsar",
        json={"type": "access", "email": EMAIL, "channel": "app"},
        headers=admin,
    ).json()["id"]
    erased = client.delete(f"/v1/subjects/{SID}", headers=admin)
    assert erased.status_code == 200, erased.text
    assert sorted(erased.json()["closed_requests"]) == sorted([waiting, unverified])
    with db.transaction(write=False) as session:
        for tid, status in ((waiting, "completed"), (unverified, "rejected")):
            ticket = session.get(DsarTicket, tid)
            assert ticket is not None
            assert (ticket.email, ticket.email_hash, ticket.details) == ("", "", {})
            assert ticket.status == status
            assert ticket.result is not None
            assert ticket.result["outcome"] == "closed_subject_erased"
            assert ticket.closed_at is not None
        assert ID_NUMBER not in str(session.scalars(select(DsarNote.text)).all())
        orders = session.scalars(select(DownstreamOrder)).all()
        assert orders
        assert all(o.payload == {} for o in orders)
        assert ID_NUMBER not in str([o.payload for o in orders])


def test_erasure_answer_says_what_each_kept_row_holds(
    client: TestClient, db: Database, anna: str, admin: dict[str, str]
) -> None:
    _waiting_rectification(client, admin)
    erasure = _open(client, admin, type="erasure")
    done = client.post(f"/v1/dsar/{erasure['id']}/fulfil", headers=admin).json()
    # An erasure order waits for the system: the erasure's own ticket keeps the address
    # its answer goes to, and says so.
    assert done["status"] == "in_progress"
    result = done["result"]
    kept = {r["category"]: r for r in result["retained"]}
    assert all(r["holds"] for r in result["retained"])
    assert "email" not in kept["request_record"]["holds"]
    assert "details" not in kept["request_record"]["holds"]
    assert "email_until_answered" in kept["erasure_request"]["holds"]
    assert "payload" not in kept["order_record"]["holds"]
    for row in result["retained"]:
        assert row["reason"]
    with db.transaction(write=False) as session:
        own = session.get(DsarTicket, erasure["id"])
        assert own is not None
        assert own.email == EMAIL  # still owed its answer
        assert own.details == {}


def test_erasure_answer_no_longer_claims_kept_tickets_have_no_address(
    client: TestClient, db: Database, anna: str, admin: dict[str, str]
) -> None:
    """The old answer said 'without your address or details' while open tickets kept both."""
    _waiting_rectification(client, admin)
    answer = client.delete(f"/v1/subjects/{SID}", headers=admin).json()
    record_rows = [r for r in answer["retained"] if r["category"] == "request_record"]
    assert record_rows
    with db.transaction(write=False) as session:
        addresses = session.scalars(select(DsarTicket.email)).all()
    assert set(addresses) == {""}


def _order(oid: str, status: str, created: datetime) -> DownstreamOrder:
    return DownstreamOrder(
        id=oid,
        system_id="sys_crm",
        subject_id=SID,
        kind="rectification",
        payload={"corrections": {"attributes.id_number": ID_NUMBER}},
        status=status,
        created_at=created,
        acknowledged_at=created if status == "failed" else None,
    )


def _sweep(db: Database, settings: Settings, at: datetime) -> RetentionRun:
    tuned = settings.model_copy(update={"retention_batch_size": 2, "retention_max_share": 1.0})
    with clock.frozen(at):
        return retention.run(db, tuned, at=at, dry_run=False, actor="test")


def test_unacknowledged_order_payload_expires_after_register_days(
    client: TestClient,
    db: Database,
    settings: Settings,
    anna: str,
    make_key: Callable[..., str],
) -> None:
    days = loaded_days(db)
    with db.transaction() as session:
        session.add_all(
            [
                _order("ord_pending", "pending", T),
                _order("ord_failed", "failed", T),
                _order("ord_young", "pending", T + 5 * DAY),
            ]
        )
    _sweep(db, settings, T + (days - 1) * DAY)
    with db.transaction(write=False) as session:
        pending = session.get(DownstreamOrder, "ord_pending")
        assert pending is not None
        assert pending.status == "pending"
        assert pending.payload != {}
    run = _sweep(db, settings, T + (days + 1) * DAY)
    assert run.report["stores"]["downstream_orders.expired"]["rows"] == 2
    with db.transaction(write=False) as session:
        for oid in ("ord_pending", "ord_failed"):
            order = session.get(DownstreamOrder, oid)
            assert order is not None
            assert (order.status, order.payload) == ("expired", {})
        young = session.get(DownstreamOrder, "ord_young")
        assert young is not None
        assert young.status == "pending"
    again = _sweep(db, settings, T + (days + 2) * DAY)
    assert again.report["stores"]["downstream_orders.expired"]["rows"] == 0
    sign_in(client, make_key("admin", name="ops-console"))
    page = client.get("/console/downstream").text
    assert "Expired orders" in page
    assert "ord_pending" in page
    assert "badge-expired" in page


def loaded_days(db: Database) -> int:
    from privacy_api.policy import service as policy_service

    with db.transaction(write=False) as session:
        spec, _ = policy_service.in_force(session)
    assert spec.order_payload_days is not None
    return spec.order_payload_days


def test_register_states_the_order_payload_period(register_document: dict[str, Any]) -> None:
    spec = parse_register(register_document)
    assert spec.order_payload_days is not None
    without = copy.deepcopy(register_document)
    del without["order_payload_days"]
    with pytest.raises(RegisterInvalid) as refused:
        parse_register(without)
    assert "order_payload_days" in str(refused.value)
    for bad in (0, -1, True, "30", 100000):
        wrong = {**copy.deepcopy(register_document), "order_payload_days": bad}
        with pytest.raises(RegisterInvalid):
            parse_register(wrong)
