"""GET /v1/consent.js and /v1/consent.css as HTTP sees them: the register's facts written into
the script, caching by ETag, and the size budget. The browser's side: test_consent_in_browser."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from factories import bearer
from privacy_api.consent.rules import GPC_PURPOSE, SIGNALS
from privacy_api.core.data.db import Database
from privacy_api.register import service as register_service
from privacy_api.register.service import Register

BUDGET = 8 * 1024


def _config(script: str) -> dict[str, Any]:
    start = script.index("var C = ") + len("var C = ")
    config: dict[str, Any] = json.loads(script[start : script.index(";\n", start)])
    return config


def test_consent_script_embeds_the_registers_purposes_titles_and_policy_version(
    client: TestClient, loaded: Register
) -> None:
    response = client.get("/v1/consent.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    config = _config(response.text)
    spec = loaded.spec
    assert config["policy_version"] == spec.policy_version
    assert config["standing"] is None  # no material change yet: every choice stands
    assert config["signals"] == SIGNALS
    assert config["gpc_purpose"] == GPC_PURPOSE
    assert config["necessary"] == spec.consent_purposes["necessary"].title.model_dump()
    shown = {p["key"]: p for p in config["purposes"]}
    # A visit is processed for these; the newsletter's consent is asked where the address
    # is given (its activity is fed by the person, not by the visit).
    assert set(shown) == {"analytics", "advertising", "social_media"}
    for key, purpose in shown.items():
        assert purpose["title"] == spec.consent_purposes[key].title.model_dump()
        assert purpose["description"] == spec.consent_purposes[key].description.model_dump()
        expected = [a for a in spec.activities if a.consent_purpose == key]
        assert purpose["properties"] == sorted({p for a in expected for p in a.properties})
    assert shown["social_media"]["properties"] == ["site"]
    assert config["banner_version"].startswith(f"js.{loaded.version}.")


def test_the_script_is_cached_by_etag_and_answers_304_when_unchanged(
    client: TestClient, loaded: Register
) -> None:
    for path in ("/v1/consent.js", "/v1/consent.css"):
        first = client.get(path)
        assert first.status_code == 200
        assert "max-age=86400" in first.headers["cache-control"]
        assert first.headers["cache-control"].startswith("public")
        etag = first.headers["etag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get("/v1/consent.css").headers["content-type"] == "text/css; charset=utf-8"


def test_a_material_policy_version_changes_the_script_and_what_still_stands(
    client: TestClient, loaded: Register, make_key: Callable[..., str], app: Any
) -> None:
    before = client.get("/v1/consent.js")
    published = client.post(
        "/v1/policy/versions",
        json={"version": "2026-12-01", "material": True, "changelog": {"en": "x", "pl": "x"}},
        headers=bearer(make_key("admin")),
    )
    assert published.status_code == 201, published.text
    app.state.live_register.forget()
    after = client.get("/v1/consent.js", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    config = _config(after.text)
    assert config["policy_version"] == "2026-12-01"
    assert config["standing"] == ["2026-12-01"]


def test_a_changed_purpose_title_reaches_the_script(
    client: TestClient, db: Database, loaded: Register, register_document: dict[str, Any], app: Any
) -> None:
    register_document["consent_purposes"]["analytics"]["title"]["pl"] = "Statystyka odwiedzin"
    with db.transaction() as session:
        register_service.load_register(
            session, document=register_document, source="changed.yaml", actor="test"
        )
    app.state.live_register.forget()
    config = _config(client.get("/v1/consent.js").text)
    analytics = next(p for p in config["purposes"] if p["key"] == "analytics")
    assert analytics["title"]["pl"] == "Statystyka odwiedzin"
    assert not config["banner_version"].startswith(f"js.{loaded.version}.")


def test_the_script_needs_a_loaded_register(client: TestClient, db: Database) -> None:
    response = client.get("/v1/consent.js")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")


def test_script_and_stylesheet_together_fit_in_8_kib_gzipped(
    client: TestClient, loaded: Register
) -> None:
    script = client.get("/v1/consent.js").content
    stylesheet = client.get("/v1/consent.css").content
    size = len(gzip.compress(script, 9)) + len(gzip.compress(stylesheet, 9))
    assert size <= BUDGET, f"consent.js + consent.css gzipped: {size} bytes of {BUDGET}"


def test_the_assets_are_readable_from_any_origin_with_one_allow_origin_header(
    client: TestClient, loaded: Register
) -> None:
    for origin in ("https://onetagger.com", "https://elsewhere.example"):
        response = client.get("/v1/consent.js", headers={"Origin": origin})
        assert response.status_code == 200
        allowed = response.headers.get_list("access-control-allow-origin")
        assert len(allowed) == 1
        assert allowed[0] in ("*", origin)
    assert client.get("/v1/consent.css").headers["access-control-allow-origin"] == "*"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_focus_ring_stands_out_3_to_1_against_the_white_banner(
    client: TestClient, loaded: Register
) -> None:
    # WCAG 1.4.11 (non-text contrast): the ring sits 2px off the control, on the dialog's white.
    css = client.get("/v1/consent.css").text
    rule = re.search(r":focus-visible[^{]*\{[^}]*outline:\s*\S+\s+solid\s+(#[0-9a-fA-F]{6})", css)
    assert rule is not None
    ratio = 1.05 / (_luminance(rule[1]) + 0.05)
    assert ratio >= 3, f"focus ring {rule[1]} on white: {ratio:.2f}:1"


def test_hover_styles_apply_only_where_a_pointer_hovers(
    client: TestClient, loaded: Register
) -> None:
    # On a phone :hover sticks after a tap: "Settings" sits where "Accept all" then appears,
    # and a darker "Accept all" beside "Reject all" would no longer be equally prominent.
    css = client.get("/v1/consent.css").text
    outside = re.sub(r"@media \(hover: hover\) \{(?:[^{}]*\{[^}]*\})*\s*\}", "", css)
    assert ":hover" in css
    assert ":hover" not in outside


def test_register_texts_stay_inert_data_in_the_script(
    client: TestClient, db: Database, loaded: Register, register_document: dict[str, Any], app: Any
) -> None:
    nasty = "</SCRIPT><script>alert(1)</script><!-- \u2028\u2029 ' \" ` ${x} \\ */"
    register_document["consent_purposes"]["analytics"]["title"]["en"] = nasty
    with db.transaction() as session:
        register_service.load_register(
            session, document=register_document, source="nasty.yaml", actor="test"
        )
    app.state.live_register.forget()
    text = client.get("/v1/consent.js").text
    assert "</" not in text.split("var C = ", 1)[1].split(";\n", 1)[0]
    assert "<!--" not in text
    analytics = next(p for p in _config(text)["purposes"] if p["key"] == "analytics")
    assert analytics["title"]["en"] == nasty
