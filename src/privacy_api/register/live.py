"""The register and policy version in force, as the hot paths see them.

Re-read at most every few seconds through the hot path (one small query), so a consent
request never pays for a session; a newly loaded register reaches them within that time.
The published policy versions are re-read only when a newer one appears (versions are
only ever added, each newer than the last), so reads never pay for them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select

from privacy_api.core.data.hot import HotPath
from privacy_api.policy.models import PolicyVersion
from privacy_api.policy.service import Standing, version_in_force
from privacy_api.register.checks import parse_register
from privacy_api.register.models import RegisterVersion
from privacy_api.register.service import RegisterNotLoaded
from privacy_api.register.spec import RegisterSpec

LATEST = select(
    func.max(RegisterVersion.version),
    select(PolicyVersion.version).order_by(PolicyVersion.id.desc()).limit(1).scalar_subquery(),
)
PUBLISHED = select(PolicyVersion.version, PolicyVersion.id, PolicyVersion.material)
DOCUMENT = select(RegisterVersion.document).where(RegisterVersion.version == bindparam("v"))


@dataclass(frozen=True)
class InForce:
    spec: RegisterSpec
    register_version: int
    policy_version: str
    # Every version a consent may have been given under: the published ones, or before any
    # is, the one the register describes.
    published: frozenset[str]
    # Which choices predate a material change, compared in memory on every consent read.
    standing: Standing


class LiveRegister:
    def __init__(self, *, ttl_seconds: float = 5.0) -> None:
        self._ttl = ttl_seconds
        self._current: InForce | None = None
        self._checked_at = 0.0

    async def get(self, hot: HotPath, *, fresh: bool = False) -> InForce:
        """What is in force, as of at most a few seconds ago (`fresh`: as of now)."""
        if (
            not fresh
            and self._current is not None
            and time.monotonic() - self._checked_at < self._ttl
        ):
            return self._current
        async with hot.single() as conn:
            row = (await conn.execute(LATEST)).first()
            version, policy = row if row is not None else (None, None)
            if version is None:
                raise RegisterNotLoaded(
                    "No register is loaded: run `privacy-api register load`.",
                    headers={"Retry-After": "30"},
                )
            spec = self._current.spec if self._current is not None else None
            if self._current is None or self._current.register_version != version:
                document = (await conn.execute(DOCUMENT, {"v": version})).first()
                assert document is not None
                spec = parse_register(document[0])
            assert spec is not None
            policy_version = version_in_force(policy, spec)
            if self._current is not None and self._current.policy_version == policy_version:
                published = self._current.published
                standing = self._current.standing
            else:
                rows = (await conn.execute(PUBLISHED)).rows
                published = frozenset(r[0] for r in rows) or frozenset({policy_version})
                standing = Standing.of(
                    policy_version, [(r[0], int(r[1]), bool(r[2])) for r in rows]
                )
        self._current = InForce(spec, int(version), policy_version, published, standing)
        self._checked_at = time.monotonic()
        return self._current

    def forget(self) -> None:
        """The next read looks again: a version published by this process counts at once."""
        self._checked_at = 0.0

    async def is_published(self, hot: HotPath, version: str) -> bool:
        """Was `version` published? A version unknown here is looked for once more at once:
        it may have been published in the last seconds, by this process or another."""
        if version in (await self.get(hot)).published:
            return True
        return version in (await self.get(hot, fresh=True)).published
