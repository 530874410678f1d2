"""Signed checkpoints: the audit trail holds against whoever holds the database (issue 11)."""

from __future__ import annotations

import base64
import stat
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import text, update
from test_audit import _write

from factories import TEST_SECRET, bearer, run_cli
from privacy_api.app import create_app
from privacy_api.audit import chain, checkpoints, verify
from privacy_api.audit.models import GENESIS_HASH, AuditEntry
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.worker import all_jobs


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "audit-signing.pem"
    pem = Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    path.write_bytes(pem)
    path.chmod(0o600)
    return path


@pytest.fixture
def signed(database_url: str, key_file: Path) -> Settings:
    """Settings with a signing key outside the database, on either backend."""
    return Settings(
        database_url=database_url, audit_signing_key_file=key_file, secret_key=TEST_SECRET
    )


@pytest.fixture
def signed_client(signed: Settings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(signed, db=db), raise_server_exceptions=False) as client:
        yield client


def _checkpoint(db: Database, settings: Settings) -> None:
    assert checkpoints.checkpoint_now(db, settings) is not None


def _rechain_after_altering(db: Database, seq: int) -> None:
    """The attack: change an entry with plain SQL, then recompute every hash from it with the
    chain's own function and move the head, as a database admin could."""
    with db.engine.begin() as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.seq == seq).values(details={"fields": []}))
    with db.transaction() as session:
        entries = session.query(AuditEntry).order_by(AuditEntry.seq).all()
        prev = entries[seq - 2].hash if seq > 1 else GENESIS_HASH
        for entry in entries[seq - 1 :]:
            entry.prev_hash = prev
            entry.hash = prev = chain.entry_hash(entry, prev)
        session.flush()
        session.execute(text("UPDATE audit_head SET hash = :h"), {"h": prev})


def _verdict(db: Database, settings: Settings) -> chain.Verdict:
    return verify.verify(db, settings)


def test_rechained_history_is_caught_by_a_checkpoint(
    db: Database, signed: Settings, database_url: str, signed_client: TestClient
) -> None:
    _write(db, 3)
    _checkpoint(db, signed)
    _write(db, 7)
    _checkpoint(db, signed)
    assert _verdict(db, signed).ok
    _rechain_after_altering(db, 5)

    # The chain on its own, as verify read it before checkpoints, is fooled.
    with verify.snapshot(db) as session:
        assert verify.verify_chain(session).ok
    verdict = _verdict(db, signed)
    assert not verdict.ok
    # Checkpoint 3 still holds, so the rewrite lies after entry 3.
    assert verdict.first_bad == 4
    assert verdict.reason is not None
    assert verdict.reason.startswith("checkpoint 10 does not match")
    assert verdict.checkpoints_checked == 1

    admin = bearer(_key(db, "audit:read"))
    answer = signed_client.get("/v1/audit/verify", headers=admin).json()
    assert answer["ok"] is False
    assert answer["first_bad"]["seq"] == 4
    assert answer["first_bad"]["reason"].startswith("checkpoint 10 does not match")
    cli = run_cli(
        database_url,
        "audit",
        "verify",
        extra_env={"PRIVACY_API_AUDIT_SIGNING_KEY_FILE": str(signed.audit_signing_key_file)},
    )
    assert cli.returncode == 1
    assert "checkpoint 10 does not match" in cli.stdout


def test_a_checkpoint_rewritten_to_the_new_head_fails_its_signature(
    db: Database, signed: Settings
) -> None:
    _write(db, 6)
    _checkpoint(db, signed)
    _rechain_after_altering(db, 2)
    # The admin also points the checkpoint at the forged head; they cannot sign it.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_checkpoint SET head_hash = (SELECT hash FROM audit_head)"))
    verdict = _verdict(db, signed)
    assert not verdict.ok
    assert verdict.reason == "checkpoint 6 is not signed by the audit key (forged or altered)"


def test_a_forged_signature_is_caught(db: Database, signed: Settings) -> None:
    _write(db, 4)
    _checkpoint(db, signed)
    forged = base64.b64encode(Ed25519PrivateKey.generate().sign(b"anything")).decode()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_checkpoint SET signature = :s"), {"s": forged})
    verdict = _verdict(db, signed)
    assert (verdict.ok, verdict.first_bad) == (False, 4)
    assert verdict.reason is not None
    assert "not signed by the audit key" in verdict.reason


def test_entries_removed_behind_a_checkpoint_are_caught(db: Database, signed: Settings) -> None:
    _write(db, 10)
    _checkpoint(db, signed)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq > 7"))
        conn.execute(
            text(
                "UPDATE audit_head SET seq = 7, hash = (SELECT hash FROM audit_entry WHERE seq = 7)"
            )
        )
    with verify.snapshot(db) as session:
        assert verify.verify_chain(session).ok  # the chain alone cannot tell
    verdict = _verdict(db, signed)
    assert (verdict.ok, verdict.first_bad) == (False, 8)
    assert verdict.reason == (
        "checkpoint 10 does not match: it signed a chain of 10 entries, 7 remain"
    )


def test_deleted_or_stale_checkpoints_are_reported(db: Database, signed: Settings) -> None:
    _write(db, 3)
    with clock.frozen(datetime.now(UTC) - timedelta(days=2)):
        _checkpoint(db, signed)
    stale = _verdict(db, signed)
    assert stale.ok
    assert stale.checkpoints_checked == 1
    assert stale.last_checkpoint_seq == 3
    assert any(w.startswith("no checkpoint newer than") for w in stale.warnings), stale
    _checkpoint(db, signed)
    fresh = _verdict(db, signed)
    assert (fresh.ok, fresh.checkpoints_checked, fresh.warnings) == (True, 2, ())

    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_checkpoint"))
    gone = _verdict(db, signed)
    assert gone.ok
    assert (gone.checkpoints_checked, gone.last_checkpoint_at) == (0, None)
    assert any("nothing outside the database vouches" in w for w in gone.warnings)


def _key(db: Database, *scopes: str) -> str:
    from privacy_api.core.security import apikeys

    with db.transaction() as session:
        return apikeys.create_key(session, name=f"k-{'-'.join(scopes)}", scopes=scopes)


def test_checkpoints_are_paged_and_verifiable_offline_with_the_public_key(
    db: Database, signed: Settings, signed_client: TestClient
) -> None:
    for _ in range(3):
        _write(db, 2)
        _checkpoint(db, signed)
    headers = bearer(_key(db, "audit:read"))
    first = signed_client.get("/v1/audit/checkpoints?limit=2", headers=headers).json()
    assert [c["seq"] for c in first["items"]] == [2, 4]
    second = signed_client.get(
        f"/v1/audit/checkpoints?limit=2&cursor={first['next_cursor']}", headers=headers
    ).json()
    assert [c["seq"] for c in second["items"]] == [6]
    assert second["next_cursor"] is None

    # Offline: the listed public key alone, and the documented message.
    listed = first["public_key"]
    raw = base64.b64decode(listed["raw"])
    public = Ed25519PublicKey.from_public_bytes(raw)
    assert (
        public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()
        == (listed["pem"])
    )
    entries = signed_client.get("/v1/audit?limit=10", headers=headers).json()["items"]
    hash_at = {e["seq"]: e["hash"] for e in entries}
    for item in first["items"] + second["items"]:
        assert item["key_id"] == listed["key_id"]
        assert item["head_hash"] == hash_at[item["seq"]]
        at = datetime.fromisoformat(item["at"]).astimezone(UTC).isoformat(timespec="microseconds")
        signed_text = f"privacy-api-audit-checkpoint:v1:{item['seq']}:{item['head_hash']}:{at}"
        public.verify(base64.b64decode(item["signature"]), signed_text.encode())
        with pytest.raises(InvalidSignature):
            public.verify(
                base64.b64decode(item["signature"]), signed_text.replace(":v1:", ":v2:").encode()
            )
    bad = signed_client.get("/v1/audit/checkpoints?cursor=%25%25", headers=headers)
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/problem+json")


def test_sqlite_key_file_is_made_private_once_and_reused(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'privacy.db'}", secret_key=TEST_SECRET)
    path = tmp_path / "privacy.db.audit-key"
    assert checkpoints.key_path(settings) == path
    assert checkpoints.verify_key(settings) is None  # nothing made before it is needed

    def make(_: int) -> str:
        key = checkpoints.signing_key(settings, create=True)
        assert key is not None
        return checkpoints.VerifyKey(key.public_key()).key_id

    with ThreadPoolExecutor(max_workers=8) as pool:
        made = set(pool.map(make, range(16)))
    assert len(made) == 1  # racing first uses agree on one key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left
    verify_key = checkpoints.verify_key(settings)
    assert verify_key is not None
    assert verify_key.key_id == made.pop()


def test_postgresql_has_no_default_key_and_a_set_key_file_must_exist(tmp_path: Path) -> None:
    on_postgres = Settings(
        database_url="postgresql+psycopg://u@127.0.0.1/db", secret_key=TEST_SECRET
    )
    assert checkpoints.key_path(on_postgres) is None
    assert checkpoints.signing_key(on_postgres, create=True) is None
    with pytest.raises(ValidationError, match="is not a file"):
        Settings(audit_signing_key_file=tmp_path / "missing.pem", secret_key=TEST_SECRET)


def test_cli_checkpoint_and_verify_with_only_the_public_key(
    db: Database, database_url: str, signed: Settings, tmp_path: Path
) -> None:
    _write(db, 3)
    key_env = {"PRIVACY_API_AUDIT_SIGNING_KEY_FILE": str(signed.audit_signing_key_file)}
    made = run_cli(database_url, "audit", "checkpoint", extra_env=key_env)
    assert made.returncode == 0, made.stderr
    assert '"seq": 3' in made.stdout
    public = checkpoints.verify_key(signed)
    assert public is not None
    public_file = tmp_path / "audit.pub"
    public_file.write_text(public.pem)
    ok = run_cli(database_url, "audit", "verify", "--public-key", str(public_file), "--strict")
    assert ok.returncode == 0, ok.stderr
    assert "1 signed checkpoints hold" in ok.stdout
    other = tmp_path / "other.pub"
    other.write_bytes(
        base64.b64encode(
            Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
    )
    weak = run_cli(database_url, "audit", "verify", "--public-key", str(other), "--strict")
    assert weak.returncode == 3
    assert "name another key" in weak.stderr


def test_worker_signs_the_head_on_its_schedule(db: Database, signed: Settings) -> None:
    _write(db, 2)
    job = next(j for j in all_jobs(db, signed) if j.name == "audit-checkpoint")
    assert job.every_seconds == 3600
    job.run()
    verdict = _verdict(db, signed)
    assert (verdict.ok, verdict.checkpoints_checked, verdict.last_checkpoint_seq) == (True, 1, 2)


def test_verify_with_checkpoints_holds_under_concurrent_appends(
    db: Database, signed: Settings, signed_client: TestClient
) -> None:
    headers = bearer(_key(db, "audit:read"))
    stop = threading.Event()

    def appender(worker: int) -> None:
        while not stop.is_set():
            _write(db, 1, actor=f"appender-{worker}")

    def signer() -> None:
        while not stop.is_set():
            _checkpoint(db, signed)

    answers: list[dict[str, object]] = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        running = [pool.submit(appender, w) for w in range(3)] + [pool.submit(signer)]
        try:
            for _ in range(10):
                answers.append(signed_client.get("/v1/audit/verify", headers=headers).json())
        finally:
            stop.set()
        for future in running:
            future.result()
    assert [a for a in answers if not a["ok"]] == []
    assert max(int(str(a["checkpoints_checked"])) for a in answers) > 0


def test_cli_checkpoint_without_a_key_on_postgresql_says_so(
    db: Database, database_url: str, backend: str
) -> None:
    result = run_cli(database_url, "audit", "checkpoint")
    if backend == "postgresql":
        assert result.returncode == 1
        assert "PRIVACY_API_AUDIT_SIGNING_KEY_FILE" in result.stderr
    else:
        made = Path(f"{database_url.removeprefix('sqlite:///')}.audit-key")
        assert result.returncode == 0  # beside the SQLite file, made at first need
        assert made.exists()
        made.unlink()  # the database file is shared by the session's tests


def test_keygen_makes_an_owner_only_key_that_catches_a_rechain_and_is_never_overwritten(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    """The key compose and the PostgreSQL docs configure, made with our own command."""
    path = tmp_path / "secrets" / "audit-signing.pem"
    path.parent.mkdir(mode=0o700)
    made = run_cli(database_url, "audit", "keygen", str(path))
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert made.stdout.startswith("-----BEGIN PUBLIC KEY-----")
    public_file = tmp_path / "audit.pub"
    public_file.write_text(made.stdout)
    first = path.read_bytes()
    again = run_cli(database_url, "audit", "keygen", str(path))
    assert again.returncode == 1
    assert "never overwritten" in again.stderr
    assert path.read_bytes() == first

    key_env = {"PRIVACY_API_AUDIT_SIGNING_KEY_FILE": str(path)}
    _write(db, 3)
    assert run_cli(database_url, "audit", "checkpoint", extra_env=key_env).returncode == 0
    ok = run_cli(database_url, "audit", "verify", "--public-key", str(public_file), "--strict")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    _rechain_after_altering(db, 2)
    caught = run_cli(database_url, "audit", "verify", "--public-key", str(public_file))
    assert caught.returncode == 1
    assert "does not match" in caught.stdout
