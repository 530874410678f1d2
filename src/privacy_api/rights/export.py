"""Art. 15 and 20 packages: a ZIP streamed as it is written, never held whole in memory.

A producer thread reads the database and writes the ZIP a chunk at a time; the response
takes the chunks on the event loop. At most a few chunks are in flight, so memory stays
small whatever the number of records, and when the reader leaves the producer stops at its
next chunk, closing its cursor and giving its connection back.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_api.consent.models import ConsentEvent
from privacy_api.consent.service import linked_holders
from privacy_api.core.data.db import Database
from privacy_api.core.http.errors import ServiceUnavailable
from privacy_api.core.http.streaming import Slot, StreamSlots, ThreadedStream
from privacy_api.core.time import clock
from privacy_api.downstream.models import DownstreamSystem
from privacy_api.dsar.models import DsarEvent, DsarTicket
from privacy_api.records.models import Record
from privacy_api.register.spec import Lang, RegisterSpec
from privacy_api.rights.art15 import activities_held, article_15
from privacy_api.subjects.models import Subject

Scope = Literal["export", "access", "portability"]
_CHUNK = 64 * 1024
# The records' CSV header, in the person's language (the JSON files keep their field names:
# they are for machines, the CSV is for a person with a spreadsheet).
_CSV_HEADER = {
    "en": ("id", "occurred at", "recorded at", "property", "data"),
    "pl": ("identyfikator", "czas zdarzenia", "czas zapisu", "serwis", "dane"),
}


def rfc3339(value: datetime) -> str:
    """A time as the API writes it (RFC 3339, `T` and `Z`), never Python's `str()` form."""
    # Stored times are UTC (core.db.UTCDateTime); a naive one is read as such.
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Sink(io.RawIOBase):
    """A write-only stream the ZIP writer fills and the response empties."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.size += len(chunk)
        return len(chunk)

    def take(self) -> bytes:
        out, self.parts, self.size = b"".join(self.parts), [], 0
        return out


@dataclass
class _Entry:
    name: str
    records: int = 0
    digest: Any = field(default_factory=hashlib.sha256)


class _Package:
    def __init__(self, send: Callable[[bytes], None]) -> None:
        self.send = send
        self.sink = _Sink()
        self.zip = zipfile.ZipFile(self.sink, "w", zipfile.ZIP_DEFLATED)
        self.files: list[dict[str, Any]] = []

    def _flush(self, force: bool = False) -> None:
        if self.sink.size >= _CHUNK or (force and self.sink.size):
            self.send(self.sink.take())

    def write_file(self, name: str, pieces: Iterator[tuple[str, int]]) -> None:
        entry = _Entry(name)
        with self.zip.open(name, "w", force_zip64=True) as handle:
            for text, records in pieces:
                data = text.encode()
                entry.digest.update(data)
                entry.records += records
                handle.write(data)
                self._flush()
        self.files.append(
            {"name": name, "records": entry.records, "sha256": entry.digest.hexdigest()}
        )

    def write_json(self, name: str, value: Any, records: int) -> None:
        self.write_file(
            name,
            iter(
                [(json.dumps(value, indent=2, default=_json_default, ensure_ascii=False), records)]
            ),
        )

    def close(self) -> None:
        self.zip.close()
        self._flush(force=True)


def _json_array(rows: Iterator[dict[str, Any]]) -> Iterator[tuple[str, int]]:
    yield "[", 0
    first = True
    for row in rows:
        yield (
            ("\n" if first else ",\n") + json.dumps(row, default=_json_default, ensure_ascii=False),
            1,
        )
        first = False
    yield "\n]\n", 0


def _csv_rows(rows: Iterator[dict[str, Any]], lang: Lang) -> Iterator[tuple[str, int]]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_CSV_HEADER[lang])
    yield buffer.getvalue(), 0
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            [
                row["id"],
                row["occurred_at"],
                row["recorded_at"],
                row["property"],
                json.dumps(row["data"], default=_json_default, ensure_ascii=False),
            ]
        )
        yield buffer.getvalue(), 1


def _records(
    session: Session, subject_id: str, activity: str, category: str
) -> Generator[dict[str, Any], None, None]:
    query = (
        select(Record.id, Record.occurred_at, Record.recorded_at, Record.property, Record.data)
        .where(
            Record.subject_id == subject_id,
            Record.activity == activity,
            Record.category == category,
        )
        .order_by(Record.id)
        .execution_options(yield_per=1000)
    )
    # Closed however the generator ends: a reader that leaves mid-file must not leave a
    # half-read (on PostgreSQL, server-side) cursor behind.
    with session.execute(query) as result:
        for id_, occurred, recorded, prop, data in result:
            yield {
                "id": id_,
                "occurred_at": rfc3339(occurred),
                "recorded_at": rfc3339(recorded),
                "property": prop,
                "data": data,
            }


def _profile(subject: Subject) -> dict[str, Any]:
    return {
        k: getattr(subject, k)
        for k in (
            "subject_id",
            "email",
            "name",
            "status",
            "demo",
            "attributes",
            "created_at",
            "updated_at",
            "closed_at",
            "last_session_at",
            "last_visit_at",
            "last_marketing_contact_at",
            "restricted_at",
        )
    }


def _consent_history(session: Session, subject_id: str) -> list[dict[str, Any]]:
    holders = linked_holders(session, subject_id)
    return [
        {
            "at": e.at,
            "holder": e.holder,
            "kind": e.kind,
            "purposes": e.purposes,
            "changes": e.changes,
            "source": e.source,
            "policy_version": e.policy_version,
            "banner_version": e.banner_version,
            "gpc": e.gpc,
        }
        for e in session.scalars(
            select(ConsentEvent).where(ConsentEvent.holder.in_(holders)).order_by(ConsentEvent.id)
        )
    ]


def _dsar_history(session: Session, subject_id: str) -> list[dict[str, Any]]:
    tickets = session.scalars(
        select(DsarTicket)
        .where(DsarTicket.subject_id == subject_id)
        .order_by(DsarTicket.received_at)
    )
    return [
        {
            "id": t.id,
            "type": t.type,
            "status": t.status,
            "channel": t.channel,
            "received_at": t.received_at,
            "due_at": t.due_at,
            "closed_at": t.closed_at,
            "history": [
                {"at": e.at, "action": e.action, "to_status": e.to_status}
                for e in session.scalars(
                    select(DsarEvent).where(DsarEvent.ticket_id == t.id).order_by(DsarEvent.id)
                )
            ],
        }
        for t in tickets
    ]


def _systems(session: Session) -> dict[str, list[str]]:
    """The downstream systems by the property they serve: recipients of the orders (Art. 19)."""
    found: dict[str, list[str]] = {}
    for name, prop in session.execute(
        select(DownstreamSystem.name, DownstreamSystem.property).order_by(DownstreamSystem.name)
    ):
        found.setdefault(prop, []).append(name)
    return found


def _produce(
    db: Database,
    send: Callable[[bytes], None],
    *,
    subject_id: str,
    spec: RegisterSpec,
    register_version: int,
    scope: Scope,
    lang: Lang,
) -> None:
    package = _Package(send)
    # The transaction closes (cursors, connection back to the pool) on any way out, a
    # reader that left (ReaderGone, raised by `send`) included.
    with db.transaction(write=False) as session:
        subject = session.get(Subject, subject_id)
        assert subject is not None
        package.write_json("profile.json", _profile(subject), 1)
        wanted = {a.key for a in spec.activities if scope != "portability" or a.portable}
        groups = session.execute(
            select(Record.activity, Record.category, func.count())
            .where(Record.subject_id == subject_id)
            .group_by(Record.activity, Record.category)
            .order_by(Record.activity, Record.category)
        ).all()
        for activity, category, _count in groups:
            if activity not in wanted:
                continue
            base = f"records/{activity}/{category}"
            # Closed here, in this thread and inside the transaction, even when the reader
            # left mid-file: left to the garbage collector, the cursor would be closed later,
            # on a connection the pool may have handed to another thread.
            with closing(_records(session, subject_id, activity, category)) as rows:
                package.write_file(f"{base}.json", _json_array(rows))
            with closing(_records(session, subject_id, activity, category)) as rows:
                package.write_file(f"{base}.csv", _csv_rows(rows, lang))
        consent = _consent_history(session, subject_id)
        package.write_json("consent_history.json", consent, len(consent))
        dsars = _dsar_history(session, subject_id)
        package.write_json("dsar_history.json", dsars, len(dsars))
        if scope != "portability":
            present = activities_held(
                spec,
                {g[0] for g in groups},
                profile=True,
                consents=bool(consent),
                requests=bool(dsars),
            )
            answer = article_15(spec, present, lang, _systems(session))
            package.write_json("art15.json", answer, len(present))
    controller = spec.controller
    package.write_json(
        "manifest.json",
        {
            "controller": {
                "name": controller.name,
                "email": controller.email,
                "address": controller.postal_address.of(lang),
            },
            "subject_id": subject_id,
            "scope": scope,
            "generated_at": rfc3339(clock.now()),
            "lang": lang,
            "register_version": register_version,
            "files": list(package.files),
        },
        len(package.files),
    )
    package.close()


class ExportsBusy(ServiceUnavailable):
    slug, title = "exports-busy", "Too many packages being downloaded"


def export_slot(slots: StreamSlots) -> Slot:
    """A place for one more package download in this process, or 503 with Retry-After: each
    download holds a thread and a database connection while its reader reads."""
    slot = slots.take()
    if slot is None:
        raise ExportsBusy(
            f"{slots.limit} packages are being downloaded from this server at the moment; "
            "nothing was handed out. Retry shortly.",
            headers={"Retry-After": "30"},
        )
    return slot


def stream_package(
    db: Database,
    *,
    subject_id: str,
    spec: RegisterSpec,
    register_version: int,
    scope: Scope,
    lang: Lang,
) -> ThreadedStream:
    """The package as a stream that starts when sent and stops when its reader leaves."""
    produce = partial(
        _produce,
        db,
        subject_id=subject_id,
        spec=spec,
        register_version=register_version,
        scope=scope,
        lang=lang,
    )
    return ThreadedStream(produce, name="privacy-api-export")
