"""Every table of every domain, imported so Alembic and the tests see the whole schema."""

from privacy_api.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from privacy_api.breaches.models import Breach, BreachNotice, BreachSubjectNotice
from privacy_api.consent.models import ConsentEvent, ConsentState
from privacy_api.core.data.db import Base
from privacy_api.core.http.idempotency import IdempotencyRecord
from privacy_api.core.http.ratelimit import RateWindow
from privacy_api.core.security.apikeys import ApiKey, ConsoleSignOut
from privacy_api.downstream.models import DownstreamOrder, DownstreamSystem, NoticeSequence
from privacy_api.dsar.models import DsarEvent, DsarIntakeCount, DsarNote, DsarTicket
from privacy_api.ops.models import JobLease, JobRun
from privacy_api.outbox.models import OutboxMessage
from privacy_api.policy.models import PolicyAcceptance, PolicyNotification, PolicyVersion
from privacy_api.records.models import Record
from privacy_api.register.models import RegisterVersion
from privacy_api.retention.models import RetentionRun
from privacy_api.subjects.models import Objection, Subject

__all__ = [
    "ApiKey",
    "AuditCheckpoint",
    "AuditEntry",
    "AuditHead",
    "Breach",
    "BreachNotice",
    "BreachSubjectNotice",
    "ConsentEvent",
    "ConsentState",
    "ConsoleSignOut",
    "Base",
    "DownstreamOrder",
    "DownstreamSystem",
    "DsarEvent",
    "DsarIntakeCount",
    "DsarNote",
    "DsarTicket",
    "NoticeSequence",
    "IdempotencyRecord",
    "JobLease",
    "JobRun",
    "OutboxMessage",
    "Objection",
    "PolicyAcceptance",
    "PolicyNotification",
    "PolicyVersion",
    "Record",
    "RateWindow",
    "RegisterVersion",
    "RetentionRun",
    "Subject",
]
