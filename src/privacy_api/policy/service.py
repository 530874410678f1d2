"""Publishing policy versions and rendering the policy in force."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core import clock
from privacy_api.core.errors import Conflict, NotFound
from privacy_api.policy.models import PolicyVersion
from privacy_api.policy.render import Lang, render_policy_text
from privacy_api.policy.schemas import PolicyDocument, PolicyVersionCreate, PolicyVersionRead
from privacy_api.register import service as register
from privacy_api.register.spec import Text


class PolicyVersionExists(Conflict):
    slug, title = "policy-version-exists", "This policy version is already published"


class PolicyVersionNotNewer(Conflict):
    slug, title = "policy-version-not-newer", "A policy version must be newer than the last"


class NoPolicyPublished(NotFound):
    slug, title = "no-policy-published", "No policy version is published"


class UnknownPolicyVersion(NotFound):
    slug, title = "unknown-policy-version", "No such policy version"


def _read(row: PolicyVersion) -> PolicyVersionRead:
    return PolicyVersionRead(
        version=row.version,
        published_at=row.published_at,
        material=row.material,
        changelog=Text(**row.changelog),
        register_version=row.register_version,
    )


def publish_version(session: Session, *, new: PolicyVersionCreate, actor: str) -> PolicyVersionRead:
    latest = latest_version(session)
    if latest is not None and new.version == latest.version:
        raise PolicyVersionExists(f"Version {new.version} is already published.")
    if latest is not None and new.version < latest.version:
        raise PolicyVersionNotNewer(f"The latest published version is {latest.version}.")
    row = PolicyVersion(
        version=new.version,
        published_at=clock.now(),
        material=new.material,
        changelog=new.changelog.model_dump(),
        register_version=register.current_register(session).version,
        published_by=actor,
    )
    session.add(row)
    session.flush()
    audit.append_entry(
        session,
        actor=actor,
        action="policy.published",
        target=f"policy/{new.version}",
        details={"material": new.material},
    )
    return _read(row)


def seed_first_version(session: Session, *, version: date, actor: str) -> bool:
    """The policy the register describes is in force until a newer one is published."""
    if latest_version(session) is not None:
        return False
    publish_version(
        session,
        new=PolicyVersionCreate(
            version=version,
            material=False,
            changelog=Text(en="Initial version.", pl="Wersja pierwotna."),
        ),
        actor=actor,
    )
    return True


def latest_version(session: Session) -> PolicyVersion | None:
    return session.scalar(select(PolicyVersion).order_by(PolicyVersion.version.desc()).limit(1))


def list_versions(session: Session) -> list[PolicyVersionRead]:
    rows = session.scalars(select(PolicyVersion).order_by(PolicyVersion.version.desc()))
    return [_read(r) for r in rows]


def policy_document(session: Session, *, lang: Lang, version: date | None) -> PolicyDocument:
    """The policy text, rendered from the register in force (what the engine enforces)."""
    if version is None:
        row = latest_version(session)
        if row is None:
            raise NoPolicyPublished("No policy is published yet: load the register first.")
    else:
        row = session.scalar(select(PolicyVersion).where(PolicyVersion.version == version))
        if row is None:
            raise UnknownPolicyVersion(f"Policy version {version} was never published.")
    current = register.current_register(session)
    text = render_policy_text(current.spec, lang=lang, version=row.version.isoformat())
    return PolicyDocument(
        version=row.version,
        published_at=row.published_at,
        material=row.material,
        lang=lang,
        register_version=current.version,
        text=text,
    )
