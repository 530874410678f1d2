"""The public privacy centre sends mail to people: at most so many a window per connection
(issue 28, finding 6: 1,000 verification mails an hour from one client before)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from test_privacy_centre import _code_token, _csrf, _file

from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.dsar.models import DsarTicket
from privacy_api.outbox.models import OutboxMessage
from privacy_api.register.service import Register

LIMIT = 3


def _count(db: Database, model: type[DsarTicket] | type[OutboxMessage]) -> int:
    with db.transaction(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _centre(
    settings: Settings, db: Database, client: tuple[str, int] = ("203.0.113.7", 50000)
) -> TestClient:
    limited = settings.model_copy(update={"centre_mail_per_client": LIMIT})
    return TestClient(create_app(limited, db=db), raise_server_exceptions=False, client=client)


@pytest.fixture
def centre(settings: Settings, db: Database, loaded: Register) -> Iterator[TestClient]:
    with _centre(settings, db) as client:
        yield client


def test_default_centre_mail_limit_is_twenty_an_hour() -> None:
    settings = Settings(database_url="sqlite://")
    assert settings.centre_mail_per_client == 20
    assert settings.dsar_intake_window_seconds == 3600


def test_centre_refuses_mail_to_more_addresses_than_its_limit_from_one_connection(
    centre: TestClient, db: Database
) -> None:
    """Each address is new (the per-address limit never trips): before, a client reached
    the API key's 1,000 an hour; now the connection's own limit stops it."""
    for n in range(LIMIT):
        assert _file(centre, f"victim{n}@example.com").status_code == 303
    mails = _count(db, OutboxMessage)
    refused = _file(centre, "victim-next@example.com", lang="en")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 3600
    assert refused.headers["content-type"].startswith("text/html")
    assert f"at most {LIMIT} in 60 min" in refused.text
    assert "nothing was sent" in refused.text
    assert _count(db, DsarTicket) == LIMIT  # nothing stored
    assert _count(db, OutboxMessage) == mails  # nothing sent
    polish = _file(centre, "victim-pl@example.com", lang="pl")
    assert polish.status_code == 429
    assert f"najwyżej {LIMIT} w ciągu 60 min" in polish.text
    # The window ends, and the connection may ask again.
    with clock.frozen(datetime.now(UTC) + timedelta(hours=1, seconds=5)):
        assert _file(centre, "victim-later@example.com").status_code == 303


def test_centre_mail_limit_counts_new_codes_with_new_requests(
    centre: TestClient, db: Database
) -> None:
    location = _file(centre, "anna@example.com", lang="en").headers["location"]
    token, csrf = _code_token(location), _csrf(centre, location)
    form = {"csrf_token": csrf, "token": token, "lang": "en"}
    with clock.frozen(datetime.now(UTC) + timedelta(minutes=2)):
        assert centre.post("/privacy/code/resend", data=form).status_code == 200
    with clock.frozen(datetime.now(UTC) + timedelta(minutes=4)):
        assert centre.post("/privacy/code/resend", data=form).status_code == 200
    mails = _count(db, OutboxMessage)
    with clock.frozen(datetime.now(UTC) + timedelta(minutes=6)):
        refused = centre.post("/privacy/code/resend", data=form)
        assert refused.status_code == 429
        assert "retry-after" in refused.headers
        assert f"at most {LIMIT} in 60 min" in refused.text
        assert _file(centre, "other@example.com").status_code == 429
    assert _count(db, OutboxMessage) == mails
    with db.transaction(write=False) as session:
        assert session.scalars(select(DsarTicket.code_resends)).one() == 2


def test_centre_mail_limit_is_one_count_for_the_whole_deployment(
    settings: Settings, db: Database, loaded: Register
) -> None:
    """Counted in the database: two server processes (two apps here) share the window."""
    with _centre(settings, db) as first, _centre(settings, db) as second:
        assert _file(first, "a@example.com").status_code == 303
        assert _file(second, "b@example.com").status_code == 303
        assert _file(first, "c@example.com").status_code == 303
        assert _file(second, "d@example.com").status_code == 429


def test_centre_mail_limit_counts_an_ipv6_64_as_one_connection(
    settings: Settings, db: Database, loaded: Register
) -> None:
    hosts = [f"2001:db8:1:2::{n:x}" for n in range(1, LIMIT + 2)]
    answers = []
    for n, host in enumerate(hosts):
        with _centre(settings, db, client=(host, 50000)) as client:
            answers.append(_file(client, f"v{n}@example.com").status_code)
    assert answers == [303] * LIMIT + [429]
    with _centre(settings, db, client=("2001:db8:1:3::1", 50000)) as elsewhere:
        assert _file(elsewhere, "w@example.com").status_code == 303


def test_other_connections_are_not_held_back_by_one_that_is_limited(
    settings: Settings, db: Database, loaded: Register
) -> None:
    with _centre(settings, db) as flood, _centre(settings, db, ("198.51.100.9", 1)) as person:
        for n in range(LIMIT + 1):
            _file(flood, f"f{n}@example.com")
        assert _file(person, "me@example.com").status_code == 303
