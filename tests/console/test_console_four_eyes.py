"""Issue 28, finding 1 on the console: the flag on the ticket and in the queue, and the
second key's approval and refusal as forms (CSRF, the same service calls as the API)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from consolekit import csrf_of, sign_in
from factories import bearer
from privacy_api.audit.models import AuditEntry
from privacy_api.core.data.db import Database
from privacy_api.dsar.models import DsarTicket
from privacy_api.register.service import Register

MakeKey = Callable[..., str]
OTHER = "someone-else@example.net"


def _flagged(client: TestClient, linker: str) -> str:
    admin = bearer(linker)
    person = {"email": "victim@example.com"}
    assert client.put("/v1/subjects/acct-victim", json=person, headers=admin).status_code == 201
    body = {
        "type": "access",
        "email": OTHER,
        "subject_id": "acct-victim",
        "channel": "help_desk",
        "verified": True,
    }
    opened = client.post("/v1/dsar", json=body, headers=admin)
    assert opened.status_code == 201, opened.text
    return str(opened.json()["id"])


def test_staff_linked_other_address_is_flagged_in_the_queue_and_on_the_ticket(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    linker = make_key("admin", name="ops-linker")
    ticket_id = _flagged(client, linker)
    sign_in(client, linker)
    queue = client.get("/console/queue").text
    assert "other address" in queue
    page = client.get(f"/console/tickets/{ticket_id}").text
    assert "The other address needs a second key" in page
    assert OTHER in page
    assert "v***@example.com" in page or "@example.com" in page  # the record's, masked
    # The linking key is not offered the approval.
    assert "/approve-address" not in page
    assert "/refuse-address" in page


def test_console_approval_by_a_second_key_with_csrf(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    linker = make_key("admin", name="ops-linker")
    ticket_id = _flagged(client, linker)
    approver = make_key("dsar:manage", name="ops-approver")
    sign_in(client, approver)
    page = client.get(f"/console/tickets/{ticket_id}").text
    assert "/approve-address" in page
    token = csrf_of(page)
    path = f"/console/tickets/{ticket_id}/approve-address"
    no_token = client.post(path, data={"email": OTHER}, follow_redirects=False)
    assert no_token.status_code == 403
    wrong = client.post(
        path, data={"email": "mallory@example.org", "csrf_token": token}, follow_redirects=False
    )
    assert wrong.status_code == 422
    assert "Name the address you approve" in wrong.text
    done = client.post(path, data={"email": OTHER, "csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    with db.transaction(write=False) as session:
        ticket = session.get(DsarTicket, ticket_id)
        assert ticket is not None
        assert (ticket.address_decision, ticket.address_decided_by) == ("approved", "ops-approver")
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "dsar.address_approved")
        ).one()
        assert entry.details["linked_by"] == "ops-linker"
    assert "other address" not in client.get("/console/queue").text


def test_console_refuses_the_linkers_own_approval(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    linker = make_key("admin", name="ops-linker")
    ticket_id = _flagged(client, linker)
    sign_in(client, linker)
    token = csrf_of(client.get(f"/console/tickets/{ticket_id}").text)
    own = client.post(
        f"/console/tickets/{ticket_id}/approve-address",
        data={"email": OTHER, "csrf_token": token},
        follow_redirects=False,
    )
    assert own.status_code == 403
    assert "another key" in own.text
    refused = client.post(
        f"/console/tickets/{ticket_id}/refuse-address",
        data={"reason": "", "csrf_token": token},
        follow_redirects=False,
    )
    assert refused.status_code == 303
    with db.transaction(write=False) as session:
        ticket = session.get(DsarTicket, ticket_id)
        assert ticket is not None
        assert ticket.address_decision == "refused"
