"""Every table of every domain, imported so Alembic and the tests see the whole schema."""

from privacy_api.core.apikeys import ApiKey
from privacy_api.core.db import Base
from privacy_api.core.idempotency import IdempotencyRecord

__all__ = ["ApiKey", "Base", "IdempotencyRecord"]
