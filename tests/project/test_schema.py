"""Migrations and the published OpenAPI document stay true to the code."""

from __future__ import annotations

import json
import subprocess
import sys

from paths import ROOT
from privacy_api.core.data.db import Database
from privacy_api.migrate import pending_model_changes
from privacy_api.openapi import openapi_document


def test_migrations_match_the_models(db: Database) -> None:
    assert pending_model_changes(db.engine) == []


def test_published_openapi_is_the_generated_one() -> None:
    published = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    assert published == openapi_document(), (
        "openapi/openapi.json is stale: run `privacy-api openapi > openapi/openapi.json`"
    )


def test_openapi_command_prints_the_document() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "privacy_api.cli", "openapi"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert json.loads(out) == openapi_document()
