"""Publishing policy versions and rendering the policy in force."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core import clock
from privacy_api.core.errors import Conflict, NotFound
from privacy_api.policy.models import PolicyAcceptance, PolicyNotification, PolicyVersion
from privacy_api.policy.render import Lang, render_policy_text
from privacy_api.policy.schemas import (
    AcceptanceCreate,
    NotificationsMarked,
    PolicyDocument,
    PolicyVersionCreate,
    PolicyVersionRead,
)
from privacy_api.register import service as register
from privacy_api.register.spec import RegisterSpec, Text
from privacy_api.subjects import service as subjects
from privacy_api.subjects.models import Subject


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


def record_acceptance(
    session: Session, *, subject_id: str, new: AcceptanceCreate, actor: str
) -> PolicyAcceptance:
    """A subject saw or accepted a published version (proof for policy §5 notices)."""
    subjects.subject_for_write(session, subject_id)
    if session.scalar(select(PolicyVersion.id).where(PolicyVersion.version == new.version)) is None:
        raise UnknownPolicyVersion(f"Policy version {new.version} was never published.")
    acceptance = PolicyAcceptance(
        subject_id=subject_id,
        version=new.version,
        kind=new.kind,
        property=new.property,
        at=new.at or clock.now(),
    )
    session.add(acceptance)
    session.flush()
    audit.append_entry(
        session,
        actor=actor,
        action=f"policy.{new.kind}",
        target=f"policy/{new.version}",
        subject_id=subject_id,
    )
    return acceptance


def _material_version(session: Session, version: date | None) -> PolicyVersion:
    row = (
        latest_version(session)
        if version is None
        else session.scalar(select(PolicyVersion).where(PolicyVersion.version == version))
    )
    if row is None:
        raise UnknownPolicyVersion(f"Policy version {version} was never published.")
    return row


def pending_notifications(
    session: Session, *, version: date | None, after_subject: str | None, limit: int
) -> tuple[date, list[tuple[str, date]]]:
    """Subjects who accepted an older version and were not yet told of this material one."""
    target = _material_version(session, version)
    if not target.material:
        return target.version, []
    told = select(PolicyNotification.id).where(
        PolicyNotification.subject_id == PolicyAcceptance.subject_id,
        PolicyNotification.version == target.version,
    )
    last_accepted = func.max(PolicyAcceptance.version)
    query = (
        select(PolicyAcceptance.subject_id, last_accepted)
        .join(Subject, Subject.subject_id == PolicyAcceptance.subject_id)
        .where(Subject.erased_at.is_(None), ~told.exists())
        .group_by(PolicyAcceptance.subject_id)
        .having(last_accepted < target.version)
        .order_by(PolicyAcceptance.subject_id)
        .limit(limit)
    )
    if after_subject is not None:
        query = query.where(PolicyAcceptance.subject_id > after_subject)
    return target.version, [(sid, v) for sid, v in session.execute(query)]


def record_notifications(session: Session, *, marked: NotificationsMarked, actor: str) -> int:
    """Note that these subjects were told of the version; telling twice records once."""
    target = _material_version(session, marked.version)
    already = set(
        session.scalars(
            select(PolicyNotification.subject_id).where(
                PolicyNotification.version == target.version,
                PolicyNotification.subject_id.in_(marked.subject_ids),
            )
        )
    )
    known = set(
        session.scalars(
            select(Subject.subject_id).where(Subject.subject_id.in_(marked.subject_ids))
        )
    )
    unknown = sorted(set(marked.subject_ids) - known)
    if unknown:
        raise subjects.SubjectNotFound(f"Unknown subject id(s): {', '.join(unknown[:10])}")
    now = clock.now()
    fresh = sorted(set(marked.subject_ids) - already)
    session.add_all(
        PolicyNotification(
            subject_id=sid, version=target.version, notified_at=now, notified_by=actor
        )
        for sid in fresh
    )
    audit.append_entry(
        session,
        actor=actor,
        action="policy.notified",
        target=f"policy/{target.version}",
        details={"subjects": len(fresh)},
    )
    return len(fresh)


def version_in_force(latest_published: date | None, spec: RegisterSpec) -> str:
    """The latest published version, or the one the register describes before any is."""
    return latest_published.isoformat() if latest_published else spec.policy_version


def in_force(session: Session) -> tuple[RegisterSpec, str]:
    """The register in force and the policy version people are shown."""
    current = register.current_register(session)
    latest = latest_version(session)
    return current.spec, version_in_force(latest.version if latest else None, current.spec)
