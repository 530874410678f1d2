"""HTML answers (issue 11, item 6): every text autoescaped, and one strict CSP on each."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from privacy_api.core.data.db import Database
from privacy_api.core.http.middleware import HTML_POLICY
from privacy_api.policy import service as policy_service
from privacy_api.register import service as register_service

MARKUP = '<script>alert(1)</script><img src=x onerror="alert(2)">'
HTML = {"Accept": "text/html,*/*;q=0.8"}


def _load(db: Database, document: dict[str, Any]) -> None:
    with db.transaction() as session:
        register, _ = register_service.load_register(
            session, document=copy.deepcopy(document), source="test.yaml", actor="test"
        )
        policy_service.seed_first_version(
            session, version=date.fromisoformat(register.spec.policy_version), actor="test"
        )


def test_markup_in_register_texts_is_escaped_on_the_policy_page(
    client: TestClient, db: Database, register_document: dict[str, Any]
) -> None:
    register_document["controller"]["name"] = f"Connexeon {MARKUP}"
    register_document["activities"][0]["title"]["en"] = f"Accounts {MARKUP}"
    _load(db, register_document)
    response = client.get("/v1/policy?lang=en", headers=HTML)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<script" not in page
    assert "<img" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2
    assert "onerror=&#34;alert(2)&#34;" in page


def test_every_html_answer_carries_the_strict_csp(
    client: TestClient, db: Database, register_document: dict[str, Any]
) -> None:
    _load(db, register_document)
    response = client.get("/v1/policy?lang=pl", headers=HTML)
    assert response.headers["content-security-policy"] == HTML_POLICY.decode()
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    # The page keeps its look under that policy: its styles come from us, not inline.
    assert "<style" not in response.text
    assert 'href="/v1/policy.css"' in response.text
    css = client.get("/v1/policy.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "main {" in css.text
    # The policy is for pages; a JSON answer has nothing to run or frame.
    assert "content-security-policy" not in client.get("/v1/policy?lang=pl").headers
