"""Loading the register into the database, and reading the version in force."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.http.errors import NotFound, ServiceUnavailable
from privacy_api.core.time import clock
from privacy_api.register.checks import RegisterInvalid, parse_register
from privacy_api.register.models import RegisterVersion
from privacy_api.register.spec import RegisterSpec
from privacy_api.resources import policy_dir

DEFAULT_REGISTER_FILE = "onetagger.yaml"


@dataclass(frozen=True)
class Register:
    """A stored register version: its number and its validated content."""

    version: int
    spec: RegisterSpec


class RegisterNotLoaded(ServiceUnavailable):
    slug, title = "register-not-loaded", "The register of processing has not been loaded"


class UnknownRegisterVersion(NotFound):
    slug, title = "unknown-register-version", "No such register version"


def default_register_path() -> Path:
    return policy_dir() / DEFAULT_REGISTER_FILE


def read_register_file(path: Path) -> dict[str, Any]:
    import yaml  # on first use: a tenth of a second of a start that reads no file

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RegisterInvalid([f"{path}: cannot be read ({exc.__class__.__name__})"]) from exc
    except yaml.YAMLError as exc:
        raise RegisterInvalid([f"{path}: not valid YAML: {exc}"]) from exc
    parse_register(document)
    assert isinstance(document, dict)
    return document


def _canonical_hash(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def load_register(
    session: Session, *, document: dict[str, Any], source: str, actor: str
) -> tuple[Register, bool]:
    """Store the document as a new version unless the latest already has this content."""
    spec = parse_register(document)
    # Dates and other YAML scalars become JSON-safe text, as they are stored.
    stored = json.loads(json.dumps(document, default=str))
    digest = _canonical_hash(stored)
    latest = session.scalar(select(RegisterVersion).order_by(RegisterVersion.version.desc()))
    if latest is not None and latest.content_hash == digest:
        return Register(latest.version, spec), False
    version = (latest.version if latest else 0) + 1
    session.add(
        RegisterVersion(
            version=version,
            content_hash=digest,
            document=stored,
            source=source,
            loaded_by=actor,
            loaded_at=clock.now(),
        )
    )
    audit.append_entry(
        session,
        actor=actor,
        action="register.loaded",
        target=f"register/{version}",
        details={"source": source},
    )
    session.flush()
    return Register(version, spec), True


_parsed: dict[int, RegisterSpec] = {}


def _as_register(row: RegisterVersion) -> Register:
    spec = _parsed.get(row.version)
    if spec is None:
        spec = _parsed.setdefault(row.version, parse_register(row.document))
    return Register(row.version, spec)


def current_register(session: Session) -> Register:
    """The version in force: the latest stored. One indexed query; parsing is remembered."""
    latest = session.scalar(select(func.max(RegisterVersion.version)))
    if latest is None:
        raise RegisterNotLoaded(
            "No register is loaded: run `privacy-api register load`.",
            headers={"Retry-After": "30"},
        )
    if latest in _parsed:
        return Register(latest, _parsed[latest])
    row = session.get(RegisterVersion, latest)
    assert row is not None
    return _as_register(row)


def register_at(session: Session, version: int) -> Register:
    """A stored version, parsed (remembered): what a policy version published from it shows."""
    if version in _parsed:
        return Register(version, _parsed[version])
    return _as_register(stored_version(session, version))


def stored_version(session: Session, version: int) -> RegisterVersion:
    """A stored version as loaded (older ones may predate today's schema: not re-parsed)."""
    row = session.get(RegisterVersion, version)
    if row is None:
        raise UnknownRegisterVersion(f"There is no register version {version}.")
    return row


def list_versions(session: Session) -> list[RegisterVersion]:
    return list(session.scalars(select(RegisterVersion).order_by(RegisterVersion.version.desc())))
