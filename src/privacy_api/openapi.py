"""The published OpenAPI document, independent of the machine's settings."""

from __future__ import annotations

from typing import Any

from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.core.data.db import Database


def openapi_document() -> dict[str, Any]:
    # An in-memory engine that is never connected: the document must not depend on where
    # the service's data lives.
    db = Database.connect("sqlite://", pool_size=1)
    app = create_app(Settings(database_url="sqlite://"), db=db)
    document = app.openapi()
    db.dispose()
    return document
