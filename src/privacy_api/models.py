"""Every table of every domain, imported so Alembic and the tests see the whole schema."""

from privacy_api.audit.models import AuditEntry, AuditHead
from privacy_api.core.apikeys import ApiKey
from privacy_api.core.db import Base
from privacy_api.core.idempotency import IdempotencyRecord
from privacy_api.policy.models import PolicyVersion
from privacy_api.register.models import RegisterVersion

__all__ = [
    "ApiKey",
    "AuditEntry",
    "AuditHead",
    "Base",
    "IdempotencyRecord",
    "PolicyVersion",
    "RegisterVersion",
]
