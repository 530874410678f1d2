"""Records: checked against the register, all or none, refused under restriction/objection."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic_core import to_json
from sqlalchemy import Text, cast, func, select

from factories import assert_problem, bearer, record
from privacy_api.audit import service as audit
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.records.models import Record
from privacy_api.register.service import Register
from privacy_api.subjects import service as subjects
from privacy_api.subjects.models import Subject

SUBJECTS = ("acct-1", "acct-2")


@pytest.fixture
def setup(db: Database, loaded: Register) -> Register:
    with db.transaction() as session:
        for sid in SUBJECTS:
            session.add(
                Subject(
                    subject_id=sid,
                    status="active",
                    demo=False,
                    attributes={},
                    created_at=clock.now(),
                    updated_at=clock.now(),
                )
            )
    return loaded


@pytest.fixture
def writer(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("records:write"))


def _refused_batch_locs(
    client: TestClient, writer: dict[str, str], items: list[dict[str, Any]], status: int
) -> list[list[Any]]:
    """Where the refusal of this batch (with `status`) says its problems are."""
    response = client.post("/v1/records/batch", json={"records": items}, headers=writer)
    return [e["loc"] for e in assert_problem(response, status)["errors"]]


def _count(db: Database) -> int:
    with db.transaction(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(Record)) or 0)


def test_one_record_is_stored_with_the_register_version(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    response = client.post("/v1/records", json=record("acct-1"), headers=writer)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["register_version"] == setup.version
    assert body["data"] == {"plan": "pro"}
    assert _count(db) == 1


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"activity": "mind_reading"}, "activity"),
        ({"category": "shoe_size"}, "category"),
        ({"activity": "server_logs", "category": "profile"}, "category"),
        (
            {"activity": "social_media_buttons", "category": "visit_signal", "property": "app"},
            "property",
        ),
        ({"subject_id": "ghost"}, "subject_id"),
        ({"occurred_at": "2999-01-01T00:00:00+00:00"}, "occurred_at"),
        ({"data": {"blob": "x" * 20_000}}, "data"),
    ],
)
def test_record_that_does_not_fit_the_register_is_422_and_not_stored(
    client: TestClient,
    db: Database,
    setup: Register,
    writer: dict[str, str],
    override: dict[str, Any],
    field: str,
) -> None:
    body = assert_problem(
        client.post("/v1/records", json=record("acct-1", **override), headers=writer), 422
    )
    assert any(e["loc"][-1] == field for e in body["errors"]), body
    assert _count(db) == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"data": ["not", "an", "object"]},
        {"occurred_at": "2026-11-20T10:00:00"},
        {"extra": 1},
        {"property": "blog"},
    ],
)
def test_malformed_record_is_422(
    client: TestClient,
    db: Database,
    setup: Register,
    writer: dict[str, str],
    bad: dict[str, Any],
) -> None:
    assert_problem(client.post("/v1/records", json=record("acct-1", **bad), headers=writer), 422)
    assert _count(db) == 0


def test_batch_stores_all(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    items = [record(SUBJECTS[i % 2], data={"i": i}) for i in range(1000)]
    response = client.post("/v1/records/batch", json={"records": items}, headers=writer)
    assert response.status_code == 201, response.text
    assert response.json()["stored"] == 1000
    assert _count(db) == 1000


def test_batch_with_one_bad_item_at_index_500_stores_nothing(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    items = [record("acct-1", data={"i": i}) for i in range(1000)]
    items[500]["category"] = "shoe_size"
    body = assert_problem(
        client.post("/v1/records/batch", json={"records": items}, headers=writer), 422
    )
    assert [e["loc"] for e in body["errors"]] == [["body", "records", 500, "category"]]
    assert _count(db) == 0


def test_a_lone_surrogate_in_record_data_is_422_and_nothing_is_stored(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    """Valid JSON syntax, but no character: it cannot be measured or stored as UTF-8."""
    good = json.dumps(record("acct-1"))
    bad = json.dumps(record("acct-1", data={"note": "PLACEHOLDER"})).replace(
        "PLACEHOLDER", "\\ud800"
    )
    for path, body in (
        ("/v1/records", bad),
        ("/v1/records/batch", '{"records": [' + good + "," + bad + "]}"),
    ):
        headers = {**writer, "Content-Type": "application/json"}
        response = client.post(path, content=body.encode(), headers=headers)
        assert "surrogate" in assert_problem(response, 422)["detail"]
    assert _count(db) == 0


def test_batch_of_10001_is_refused(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    items = [record("acct-1")] * 10_001
    assert_problem(client.post("/v1/records/batch", json={"records": items}, headers=writer), 422)
    assert _count(db) == 0


def test_empty_batch_is_refused(
    client: TestClient, setup: Register, writer: dict[str, str]
) -> None:
    assert_problem(client.post("/v1/records/batch", json={"records": []}, headers=writer), 422)


def test_batch_is_idempotent(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    headers = {**writer, "Idempotency-Key": "batch-7"}
    items = {"records": [record("acct-1", data={"i": i}) for i in range(10)]}
    first = client.post("/v1/records/batch", json=items, headers=headers)
    again = client.post("/v1/records/batch", json=items, headers=headers)
    assert first.json() == again.json()
    assert _count(db) == 10


def test_restricted_subject_gets_409_except_for_storage_only_activities(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    with db.transaction() as session:
        subjects.restrict_processing(
            session, subject_id="acct-1", reason="accuracy contested", actor="test"
        )
    assert_problem(client.post("/v1/records", json=record("acct-1"), headers=writer), 409)
    payment = record("acct-1", activity="payments", category="payment_confirmation")
    assert client.post("/v1/records", json=payment, headers=writer).status_code == 201
    assert client.post("/v1/records", json=record("acct-2"), headers=writer).status_code == 201
    with db.transaction() as session:
        subjects.lift_restriction(session, subject_id="acct-1", actor="test")
    assert client.post("/v1/records", json=record("acct-1"), headers=writer).status_code == 201


def test_restriction_in_a_batch_refuses_the_whole_batch(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    with db.transaction() as session:
        subjects.restrict_processing(session, subject_id="acct-2", reason="x", actor="test")
    items = [record("acct-1"), record("acct-2"), record("acct-1")]
    assert _refused_batch_locs(client, writer, items, 409) == [["body", "records", 1]]
    assert _count(db) == 0


def test_unknown_and_erased_subjects_in_a_batch_are_named_by_index_and_nothing_is_stored(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    """An unknown subject is bad input (422, first); an erased one is a conflict with what
    happened to it (409 subject-erased), on both paths."""
    with db.transaction() as session:
        session.get_one(Subject, "acct-2").erased_at = clock.now()
    items = [record("acct-1"), record("ghost"), record("acct-1"), record("acct-2")]
    assert _refused_batch_locs(client, writer, items, 422) == [
        ["body", "records", 1, "subject_id"],
    ]
    del items[1]
    assert _refused_batch_locs(client, writer, items, 409) == [
        ["body", "records", 2, "subject_id"],
    ]
    response = client.post("/v1/records/batch", json={"records": items}, headers=writer)
    assert assert_problem(response, 409)["type"].endswith("/subject-erased")
    single = client.post("/v1/records", json=record("acct-2"), headers=writer)
    assert assert_problem(single, 409)["type"].endswith("/subject-erased")
    assert _count(db) == 0


def test_a_batch_with_register_faults_and_unknown_subjects_names_both_in_one_422(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    with db.transaction() as session:
        subjects.restrict_processing(session, subject_id="acct-2", reason="x", actor="test")
    items = [record("acct-1"), record("ghost"), record("acct-1", category="shoe_size")]
    items.append(record("acct-2"))  # restricted: the 422 comes first, nothing is refused yet
    assert _refused_batch_locs(client, writer, items, 422) == [
        ["body", "records", 2, "category"],
        ["body", "records", 1, "subject_id"],
    ]
    assert _count(db) == 0


def test_restriction_and_objection_of_different_subjects_in_one_batch_are_each_named(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    with db.transaction() as session:
        subjects.restrict_processing(session, subject_id="acct-2", reason="x", actor="test")
        subjects.record_objection(
            session, subject_id="acct-1", activity="site_performance", status="upheld", actor="t"
        )
    performance = {"activity": "site_performance", "category": "usage_data"}
    items = [
        record("acct-1"),  # free: another activity
        record("acct-1", **performance),  # objected
        record("acct-2", activity="payments", category="payment_confirmation"),  # storage
        record("acct-2"),  # restricted
    ]
    body = assert_problem(
        client.post("/v1/records/batch", json={"records": items}, headers=writer), 409
    )
    assert [(e["loc"], "Art. 21" in e["msg"]) for e in body["errors"]] == [
        (["body", "records", 1], True),
        (["body", "records", 3], False),
    ]
    assert _count(db) == 0
    del items[1], items[2]
    assert client.post("/v1/records/batch", json={"records": items}, headers=writer).json() == {
        "stored": 2,
        "register_version": setup.version,
    }


@pytest.mark.parametrize(
    ("status", "refused"), [("pending", True), ("upheld", True), ("refused", False)]
)
def test_objection_to_an_activity_refuses_its_new_records(
    client: TestClient,
    db: Database,
    setup: Register,
    writer: dict[str, str],
    status: str,
    refused: bool,
) -> None:
    with db.transaction() as session:
        subjects.record_objection(
            session, subject_id="acct-1", activity="site_performance", status=status, actor="test"
        )
    objected = record("acct-1", activity="site_performance", category="usage_data")
    response = client.post("/v1/records", json=objected, headers=writer)
    assert response.status_code == (409 if refused else 201)
    assert client.post("/v1/records", json=record("acct-1"), headers=writer).status_code == 201


def test_records_read_back_paged_filtered_and_audited(
    client: TestClient,
    db: Database,
    setup: Register,
    writer: dict[str, str],
    make_key: Callable[..., str],
) -> None:
    items = [record("acct-1", data={"i": i}) for i in range(5)]
    items += [record("acct-1", activity="server_logs", category="ip_address", data={"ip": "x"})]
    client.post("/v1/records/batch", json={"records": items}, headers=writer)
    reader = bearer(make_key("records:read", name="ops"))
    first = client.get("/v1/subjects/acct-1/records?limit=4", headers=reader).json()
    assert [r["data"].get("i") for r in first["items"]] == [0, 1, 2, 3]
    rest = client.get(
        f"/v1/subjects/acct-1/records?limit=4&cursor={first['next_cursor']}", headers=reader
    ).json()
    assert len(rest["items"]) == 2
    assert rest["next_cursor"] is None
    logs = client.get("/v1/subjects/acct-1/records?activity=server_logs", headers=reader).json()
    assert [r["category"] for r in logs["items"]] == ["ip_address"]
    with db.transaction(write=False) as session:
        reads = audit.list_entries(session, action="records.read")
    assert len(reads) == 3
    assert {e.actor for e in reads} == {"ops"}
    assert_problem(client.get("/v1/subjects/acct-1/records?cursor=%%%", headers=reader), 400)
    assert_problem(client.get("/v1/subjects/acct-1/records", headers=writer), 403)


TRICKY_DATA: list[dict[str, Any]] = [
    {"text": "zażółć gęślą jaźń ✓ 🙂", "quote": 'a "b" \\ c', "ctl": "\t\n\x01\x1f"},
    {"array_syntax": '{"a",b}', "separators": ",;|\x1e\x1f"},
    {"nested": {"list": [1, 2.5, -0.0, 1e-7, 12345678901234567890, None, True, False]}},
    {"empty": {}, "also": [], "zero": 0},
    {"html": "</script><b>&amp;</b>", "nul_escape_is_text": "\\u0000"},
]


def test_batch_stores_each_record_as_sent_in_order_with_its_instant(
    client: TestClient,
    db: Database,
    setup: Register,
    writer: dict[str, str],
    make_key: Callable[..., str],
) -> None:
    """What is read back is what was sent: the data values, the instant of `occurred_at`
    whatever its offset, the order of the batch; the data kept as compact JSON, the text
    whose size the limit measured."""
    offsets = ["+00:00", "+02:00", "-05:30", "Z", "+14:00"]
    items = [
        record("acct-1", data=data, occurred_at=f"2026-11-20T10:00:00.12345{n}{offsets[n]}")
        for n, data in enumerate(TRICKY_DATA)
    ]
    response = client.post("/v1/records/batch", json={"records": items}, headers=writer)
    assert response.status_code == 201, response.text
    reader = bearer(make_key("records:read", name="ops"))
    stored = client.get("/v1/subjects/acct-1/records", headers=reader).json()["items"]
    assert [r["data"] for r in stored] == TRICKY_DATA
    sent = [datetime.fromisoformat(i["occurred_at"]) for i in items]
    assert [datetime.fromisoformat(r["occurred_at"]) for r in stored] == sent
    with db.transaction(write=False) as session:
        texts = session.scalars(select(cast(Record.data, Text)).order_by(Record.id)).all()
    assert texts == [to_json(data).decode() for data in TRICKY_DATA]


def test_batch_data_limit_is_measured_on_the_compact_json_stored(
    client: TestClient, db: Database, setup: Register, writer: dict[str, str]
) -> None:
    limit = 16 * 1024
    padding = limit - len(to_json({"blob": ""}))
    blob = "é" * (padding // 2) + "x" * (padding % 2)  # two bytes a character, as sent
    at_limit = record("acct-1", data={"blob": blob})
    assert len(to_json(at_limit["data"])) == limit
    response = client.post("/v1/records/batch", json={"records": [at_limit]}, headers=writer)
    assert response.status_code == 201, response.text
    over = record("acct-1", data={"blob": blob + "x"})
    body = assert_problem(
        client.post("/v1/records/batch", json={"records": [at_limit, over]}, headers=writer), 422
    )
    assert [e["loc"] for e in body["errors"]] == [["body", "records", 1, "data"]]
    assert _count(db) == 1
