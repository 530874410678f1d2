"""Rights to the letter (issue 12): Art. 12(3) extension window, Art. 77 in the refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from factories import assert_problem, bearer
from privacy_api.core import clock
from privacy_api.register.service import Register

EMAIL = "jan.kowalski@example.com"
RECEIVED = datetime(2026, 1, 31, 8, tzinfo=UTC)
ORIGINAL_DUE = datetime(2026, 2, 28, 8, tzinfo=UTC)


@pytest.fixture
def manage(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("dsar:manage", name="ops-anna"))


def _open(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    payload = {"type": "access", "email": EMAIL, "channel": "email", "verified": True, **body}
    answer = client.post("/v1/dsar", json=payload, headers=headers)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


@pytest.mark.parametrize(
    ("at", "accepted"),
    [
        (ORIGINAL_DUE - timedelta(days=1), True),
        (ORIGINAL_DUE, True),
        (ORIGINAL_DUE + timedelta(seconds=1), False),
        (ORIGINAL_DUE + timedelta(days=1), False),
        (RECEIVED + timedelta(days=69), False),
    ],
)
def test_extension_refused_after_the_first_month_art_12_3(
    client: TestClient,
    loaded: Register,
    manage: dict[str, str],
    at: datetime,
    accepted: bool,
) -> None:
    with clock.frozen(RECEIVED):
        ticket = _open(client, manage)
    assert ticket["due_at"] == "2026-02-28T08:00:00Z"
    with clock.frozen(at):
        answer = client.post(
            f"/v1/dsar/{ticket['id']}/extend", json={"reason": "archives"}, headers=manage
        )
    after = client.get(f"/v1/dsar/{ticket['id']}", headers=manage).json()
    if accepted:
        assert answer.status_code == 200, answer.text
        assert answer.json()["due_at"] == "2026-04-28T08:00:00Z"
        return
    problem = assert_problem(answer, 409)
    assert problem["type"].endswith("/dsar-extension-too-late")
    assert "2026-02-28" in problem["detail"]
    assert problem["original_due_at"] == "2026-02-28T08:00:00Z"
    # Refused whole: the deadline and the flag stay as they were.
    assert after["due_at"] == "2026-02-28T08:00:00Z"
    assert after.get("extended_at") is None
