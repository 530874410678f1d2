"""GDPR Art. 30(1): the record of processing activities, public, as JSON and as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from factories import assert_problem
from privacy_api.core.data.db import Database
from privacy_api.register import service as register_service
from privacy_api.register.art30 import CSV_COLUMNS
from privacy_api.register.service import Register

# Art. 30(1)(b)-(f) per activity; (a) and (g) once for the record. Recipients are checked
# against the register instead: the social media buttons have none of ours (the visit
# signal goes from the browser to the platform, a controller of its own).
PER_ACTIVITY = ("purposes", "legal_basis", "data_subjects", "data_categories", "retention")


def _csv(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_art30_record_export_json_and_csv_complete(client: TestClient, loaded: Register) -> None:
    spec = loaded.spec
    # Public: no key, as the contract says.
    document = client.get("/v1/register/export?format=json").json()
    assert document["register_version"] == loaded.version
    assert document["controller"]["name"] == spec.controller.name
    assert document["controller"]["email"] == spec.controller.email
    assert document["contact_point"]["email"] == spec.contact_point.email
    assert document["security_measures"] == [m.en for m in spec.security_measures]
    assert [a["activity"] for a in document["activities"]] == [a.key for a in spec.activities]
    for entry, activity in zip(document["activities"], spec.activities, strict=True):
        for field in PER_ACTIVITY:
            assert entry[field], (activity.key, field)
        assert entry["data_subjects"] == [
            spec.data_subject_categories[d].en for d in activity.data_subjects
        ]
        # Our processors, then the recipients that are not (a social button's platform).
        assert [r["category"] for r in entry["recipients"]] == [
            s.title.en for s in spec.recipients_of(activity)
        ] + [r.title.en for r in spec.disclosed_to(activity)]
        assert entry["retention"]["period_months"] == spec.retention_of(activity).period_months
        outside = [s for s in spec.recipients_of(activity) if s.outside_eea is not False]
        assert [t["safeguard"] for t in entry["transfers_outside_eea"]] == [
            s.safeguard_title.en for s in outside
        ]
    payments = next(a for a in document["activities"] if a["activity"] == "payments")
    hold = spec.statutory_holds["accounting"]
    assert payments["retention"]["statutory_hold"]["years"] == hold.years
    # Transfers to a third country name their safeguard (the SCC).
    analytics = next(a for a in document["activities"] if a["activity"] == "google_analytics")
    assert any(
        "Standard Contractual Clauses" in t["safeguard"] for t in analytics["transfers_outside_eea"]
    )

    rows = _csv(client.get("/v1/register/export?format=csv"))
    assert [r["activity"] for r in rows] == [a.key for a in spec.activities]
    for row in rows:
        for column in CSV_COLUMNS:
            if column not in ("statutory_hold", "transfers_outside_eea", "recipients"):
                assert row[column], (row["activity"], column)
    by_key = {r["activity"]: r for r in rows}
    assert str(hold.years) in by_key["payments"]["statutory_hold"]
    assert by_key["account"]["data_subjects"] == "; ".join(
        spec.data_subject_categories[d].en for d in spec.activities[0].data_subjects
    )
    polish = _csv(client.get("/v1/register/export?format=csv&lang=pl"))
    assert polish[0]["title"] == spec.activities[0].title.pl

    assert_problem(client.get("/v1/register/export?format=xml"), 422)


def test_art30_csv_cells_cannot_become_formulas(
    client: TestClient, db: Database, loaded: Register, register_document: dict[str, Any]
) -> None:
    register_document["activities"][0]["title"]["en"] = '=HYPERLINK("http://evil")'
    register_document["purpose_titles"]["account registration"]["en"] = "+1 @sum -x"
    with db.transaction() as session:
        register_service.load_register(
            session, document=register_document, source="test", actor="test"
        )
    [first, *_] = _csv(client.get("/v1/register/export?format=csv"))
    assert first["title"] == '\'=HYPERLINK("http://evil")'
    assert first["purposes"].startswith("'+1 @sum -x")
