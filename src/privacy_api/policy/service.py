"""Publishing policy versions and rendering the policy in force."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from privacy_api.audit import service as audit
from privacy_api.core.http.errors import Conflict, NotFound
from privacy_api.core.time import clock
from privacy_api.policy import changes as policy_changes
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
from privacy_api.register.checks import RegisterInvalid
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


LANGS: tuple[Lang, ...] = ("pl", "en")


@dataclass(frozen=True)
class Standing:
    """The latest version, the publication order of all, and the latest material one's."""

    policy_version: str
    order: Mapping[str, int]
    last_material: int | None

    @classmethod
    def of(cls, policy_version: str, rows: Iterable[tuple[str, int, bool]]) -> Standing:
        """From (version, publication order, material) rows."""
        listed = list(rows)
        return cls(
            policy_version,
            {version: order for version, order, _ in listed},
            max((order for _, order, material in listed if material), default=None),
        )

    def reconsent_required(self, policy_version: str, *, decided: bool) -> bool:
        """Choices made under a version older than the latest material change are asked
        again (policy §5); a holder who never chose is asked anyway."""
        if not decided or self.last_material is None:
            return False
        return self.order.get(policy_version, -1) < self.last_material


def standing(session: Session, spec: RegisterSpec) -> Standing:
    """The Standing read from the database, for paths without the hot path's cache."""
    rows = session.execute(select(PolicyVersion.version, PolicyVersion.id, PolicyVersion.material))
    listed = [(str(v), int(i), bool(m)) for v, i, m in rows]
    latest = max(listed, key=lambda r: r[1])[0] if listed else None
    return Standing.of(version_in_force(latest, spec), listed)


def _read(row: PolicyVersion) -> PolicyVersionRead:
    return PolicyVersionRead(
        version=row.version,
        published_at=row.published_at,
        material=row.material,
        changelog=Text(**row.changelog),
        register_version=row.register_version,
    )


def _texts(spec: RegisterSpec, version: str) -> dict[str, str]:
    return {lang: render_policy_text(spec, lang=lang, version=version) for lang in LANGS}


def _store(
    session: Session,
    *,
    version: str,
    material: bool,
    changelog: Text,
    current: register.Register,
    actor: str,
    public_base_url: str = "",
) -> PolicyVersion:
    """A new version frozen with the register it shows and the texts as rendered now."""
    row = PolicyVersion(
        version=version,
        published_at=clock.now(),
        material=material,
        changelog=changelog.model_dump(),
        register_version=current.version,
        published_by=actor,
        texts=_texts(current.spec, version),
    )
    session.add(row)
    session.flush()
    audit.append_entry(
        session,
        actor=actor,
        action="policy.published",
        target=f"policy/{version}",
        details={"material": material, "register_version": current.version},
    )
    if material:
        # Imported here: notices render mail, which policy reads need not load.
        from privacy_api.policy import notices

        notices.queue_notices(
            session, row, current.spec, public_base_url=public_base_url, actor=actor
        )
    return row


def publish_version(
    session: Session, *, new: PolicyVersionCreate, public_base_url: str, actor: str
) -> PolicyVersionRead:
    latest = latest_version(session)
    day = new.version.isoformat()
    if latest is not None and day == latest.version[:10]:
        raise PolicyVersionExists(f"Version {day} is already published.")
    if latest is not None and day < latest.version[:10]:
        raise PolicyVersionNotNewer(f"The latest published version is {latest.version}.")
    row = _store(
        session,
        version=day,
        material=new.material,
        changelog=new.changelog,
        current=register.current_register(session),
        actor=actor,
        public_base_url=public_base_url,
    )
    return _read(row)


def next_version_id(session: Session, day: date) -> str:
    """The day's date, or "<date>.N" for the N-th publication that day."""
    base = day.isoformat()
    taken = session.scalars(
        select(PolicyVersion.version).where(
            (PolicyVersion.version == base) | PolicyVersion.version.like(f"{base}.%")
        )
    ).all()
    if not taken:
        return base
    return f"{base}.{max(int(v.partition('.')[2] or 1) for v in taken) + 1}"


def publish_register_changes(
    session: Session, *, public_base_url: str, actor: str
) -> PolicyVersionRead | None:
    """After a register load: publish a version when what the policy shows changed.

    Compared with the register of the latest version, not the previous register load: a
    load that changed nothing shown publishes nothing, and a later one lists both changes.
    """
    current = register.current_register(session)
    latest = latest_version(session)
    if latest is None:
        return _read(
            _store(
                session,
                version=current.spec.policy_version,
                material=False,
                changelog=Text(en="Initial version.", pl="Wersja pierwotna."),
                current=current,
                actor=actor,
            )
        )
    if latest.register_version == current.version:
        return None
    try:
        shown: RegisterSpec | None = register.register_at(session, latest.register_version).spec
    except RegisterInvalid:
        # Stored before today's schema (e.g. the authorities of issue 29): the texts differ.
        shown = None
    # The version id is part of the text: both rendered under one id, only content compares.
    if shown is not None and _texts(shown, latest.version) == _texts(current.spec, latest.version):
        return None
    found = policy_changes.compare(shown, current.spec) if shown else policy_changes.rewritten()
    if not found.lines["en"]:
        found = policy_changes.other_wording()
    row = _store(
        session,
        version=next_version_id(session, clock.now().date()),
        material=found.material,
        changelog=found.summary(),
        current=current,
        actor=actor,
        public_base_url=public_base_url,
    )
    return _read(row)


def seed_first_version(session: Session, *, version: date, actor: str) -> bool:
    """The policy the register describes is in force until a newer one is published."""
    if latest_version(session) is not None:
        return False
    _store(
        session,
        version=version.isoformat(),
        material=False,
        changelog=Text(en="Initial version.", pl="Wersja pierwotna."),
        current=register.current_register(session),
        actor=actor,
    )
    return True


def latest_version(session: Session) -> PolicyVersion | None:
    return session.scalar(select(PolicyVersion).order_by(PolicyVersion.id.desc()).limit(1))


def list_versions(session: Session) -> list[PolicyVersionRead]:
    rows = session.scalars(select(PolicyVersion).order_by(PolicyVersion.id.desc()))
    return [_read(r) for r in rows]


def policy_document(session: Session, *, lang: Lang, version: str | None) -> PolicyDocument:
    """A published version's text as it was published: its stored text, or for versions
    published before texts were stored, rendered from its own register version."""
    if version is None:
        row = latest_version(session)
        if row is None:
            raise NoPolicyPublished("No policy is published yet: load the register first.")
    else:
        row = session.scalar(select(PolicyVersion).where(PolicyVersion.version == version))
        if row is None:
            raise UnknownPolicyVersion(f"Policy version {version} was never published.")
    text = (row.texts or {}).get(lang)
    if text is None:
        spec = register.register_at(session, row.register_version).spec
        text = render_policy_text(spec, lang=lang, version=row.version)
    return PolicyDocument(
        version=row.version,
        published_at=row.published_at,
        material=row.material,
        lang=lang,
        register_version=row.register_version,
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


def _material_version(session: Session, version: str | None) -> PolicyVersion:
    row = (
        latest_version(session)
        if version is None
        else session.scalar(select(PolicyVersion).where(PolicyVersion.version == version))
    )
    if row is None:
        raise UnknownPolicyVersion(f"Policy version {version} was never published.")
    return row


def pending_notifications(
    session: Session, *, version: str | None, after_subject: str | None, limit: int
) -> tuple[str, list[tuple[str, str]]]:
    """Subjects who accepted an older version and were not yet told of this material one."""
    target = _material_version(session, version)
    if not target.material:
        return target.version, []
    told = select(PolicyNotification.id).where(
        PolicyNotification.subject_id == PolicyAcceptance.subject_id,
        PolicyNotification.version == target.version,
    )
    # Versions compare by publication order, not as text ("...-01.10" is after "...-01.2").
    accepted = aliased(PolicyVersion)
    last_accepted = func.max(accepted.id)
    query = (
        select(PolicyAcceptance.subject_id, last_accepted)
        .join(Subject, Subject.subject_id == PolicyAcceptance.subject_id)
        .join(accepted, accepted.version == PolicyAcceptance.version)
        .where(Subject.erased_at.is_(None), ~told.exists())
        .group_by(PolicyAcceptance.subject_id)
        .having(last_accepted < target.id)
        .order_by(PolicyAcceptance.subject_id)
        .limit(limit)
    )
    if after_subject is not None:
        query = query.where(PolicyAcceptance.subject_id > after_subject)
    rows = session.execute(query).all()
    ids = select(PolicyVersion.id, PolicyVersion.version).where(
        PolicyVersion.id.in_({v for _, v in rows})
    )
    names = {int(i): str(v) for i, v in session.execute(ids)}
    return target.version, [(sid, names[v]) for sid, v in rows]


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


def version_in_force(latest_published: str | None, spec: RegisterSpec) -> str:
    """The latest published version, or the one the register describes before any is."""
    return latest_published or spec.policy_version


def in_force(session: Session) -> tuple[RegisterSpec, str]:
    """The register in force and the policy version people are shown."""
    current = register.current_register(session)
    latest = latest_version(session)
    return current.spec, version_in_force(latest.version if latest else None, current.spec)
