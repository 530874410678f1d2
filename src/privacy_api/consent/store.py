"""Consent reads and writes on the hot path: one state row read, or lock + event + state."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from privacy_api.consent import rules
from privacy_api.consent.models import ConsentEvent, ConsentState
from privacy_api.core.data.hot import HotConnection
from privacy_api.downstream import notices
from privacy_api.register.spec import RegisterSpec
from privacy_api.subjects.models import Subject
from privacy_api.subjects.service import SubjectErased, SubjectNotFound


@dataclass(frozen=True)
class StateView:
    holder: str
    purposes: dict[str, bool]
    decided_at: dict[str, str]
    gpc: bool
    policy_version: str
    updated_at: datetime | None
    alias_of: str | None = None


@dataclass(frozen=True)
class Proof:
    """What Art. 7(1) needs to show a choice was made: where, when, under which texts."""

    source: str
    policy_version: str
    banner_version: str | None
    ip_hash: str | None
    user_agent: str | None
    gpc: bool
    actor: str
    at: datetime
    kind: str = "choice"
    details: dict[str, Any] | None = None


_COLUMNS = (
    ConsentState.purposes,
    ConsentState.decided_at,
    ConsentState.gpc,
    ConsentState.policy_version,
    ConsentState.updated_at,
    ConsentState.alias_of,
)

SELECT_STATE = select(*_COLUMNS).where(ConsentState.holder == bindparam("holder"))


def _lock_statement(dialect_insert: Any) -> Any:
    # Creating the row if it is missing and locking it, in one statement: concurrent writers
    # for one holder queue here, so the state always equals the last event written.
    statement = dialect_insert(ConsentState).values(
        holder=bindparam("holder"),
        purposes=bindparam("purposes"),
        decided_at=bindparam("decided_at"),
        gpc=False,
        policy_version=bindparam("policy_version"),
        updated_at=None,
        alias_of=None,
    )
    return statement.on_conflict_do_update(
        index_elements=[ConsentState.holder], set_={"holder": ConsentState.holder}
    ).returning(*_COLUMNS)


LOCK_STATE = {
    "postgresql": _lock_statement(postgresql.insert),
    "sqlite": _lock_statement(sqlite.insert),
}

INSERT_EVENT = insert(ConsentEvent).values(
    {
        column: bindparam(column)
        for column in (
            "holder",
            "kind",
            "purposes",
            "changes",
            "at",
            "source",
            "policy_version",
            "banner_version",
            "ip_hash",
            "user_agent",
            "gpc",
            "actor",
            "details",
        )
    }
)

UPDATE_STATE = (
    update(ConsentState)
    .where(ConsentState.holder == bindparam("b_holder"))
    .values(
        purposes=bindparam("b_purposes"),
        decided_at=bindparam("b_decided_at"),
        gpc=bindparam("b_gpc"),
        policy_version=bindparam("b_policy_version"),
        updated_at=bindparam("b_updated_at"),
    )
)


# The event and the state it leads to in one round trip, where the database allows
# data-modifying CTEs (PostgreSQL; SQLite runs the two statements).
EVENT_AND_STATE = UPDATE_STATE.add_cte(INSERT_EVENT.cte("consent_event_written"))


SUBJECT = "subject:"


def consent_notice(purposes: dict[str, bool], *, gpc: bool) -> dict[str, Any]:
    """What a system is told of a consent change: the purposes granted now, nothing else."""
    return {"granted": sorted(p for p, given in purposes.items() if given), "gpc": gpc}


def _view(holder: str, row: Any) -> StateView:
    purposes, decided_at, gpc, policy_version, updated_at, alias_of = row
    return StateView(
        holder, dict(purposes), dict(decided_at), bool(gpc), policy_version, updated_at, alias_of
    )


def default_view(holder: str, spec: RegisterSpec, policy_version: str) -> StateView:
    return StateView(holder, rules.default_purposes(spec), {}, False, policy_version, None)


def merged(visitor: StateView, account: StateView) -> StateView:
    """What a signed-in browser follows: its own choices and the account's, the later
    decision per purpose winning (a withdrawal in the privacy centre reaches the browser, a
    choice in the banner holds there). Under the visitor's holder: it is the visitor's view,
    and the account's state is never written through it (issue 28, finding 3)."""
    purposes, stamps = rules.merge_by_time(
        account.purposes, account.decided_at, visitor.purposes, visitor.decided_at
    )
    latest = visitor
    if account.updated_at is not None and (
        visitor.updated_at is None or account.updated_at > visitor.updated_at
    ):
        latest = account
    return StateView(
        visitor.holder,
        purposes,
        stamps,
        visitor.gpc or account.gpc,
        latest.policy_version,
        latest.updated_at,
        visitor.alias_of,
    )


async def _follow(conn: HotConnection, view: StateView) -> StateView:
    if view.alias_of is None:
        return view
    aliased = (await conn.execute(SELECT_STATE, {"holder": view.alias_of})).first()
    if aliased is None:
        return view
    return merged(view, _view(view.alias_of, aliased))


async def read_state(
    conn: HotConnection, holder: str, *, spec: RegisterSpec, policy_version: str
) -> StateView:
    """The holder's state; a signed-in visitor's merged with the account's. One row a step."""
    row = (await conn.execute(SELECT_STATE, {"holder": holder})).first()
    if row is None:
        return default_view(holder, spec, policy_version)
    return await _follow(conn, _view(holder, row))


async def _lock(
    conn: HotConnection, holder: str, spec: RegisterSpec, policy_version: str
) -> StateView:
    defaults = rules.default_purposes(spec)
    row = (
        await conn.execute(
            LOCK_STATE[conn.dialect],
            {
                "holder": holder,
                "purposes": defaults,
                "decided_at": {},
                "policy_version": policy_version,
            },
        )
    ).first()
    assert row is not None
    return _view(holder, row)


async def record_choices(
    conn: HotConnection,
    *,
    holder: str,
    choices: dict[str, bool],
    spec: RegisterSpec,
    proof: Proof,
) -> StateView:
    """Append the event with its proof and move the state, in the caller's transaction.

    The holder's own state only: a visitor linked to an account writes its own choices
    (answered merged with the account's), never the account's, which change only by a keyed
    call (issue 28, finding 3: a visitor id is a cookie, anyone holding it could speak)."""
    current = await _lock(conn, holder, spec, proof.policy_version)
    choice = rules.apply_choices(
        spec, current.purposes, current.decided_at, choices, at=proof.at, gpc=proof.gpc
    )
    event = {
        "holder": current.holder,
        "kind": proof.kind,
        "purposes": choice.purposes,
        "changes": choice.changes,
        "at": proof.at,
        "source": proof.source,
        "policy_version": proof.policy_version,
        "banner_version": proof.banner_version,
        "ip_hash": proof.ip_hash,
        "user_agent": proof.user_agent,
        "gpc": proof.gpc,
        "actor": proof.actor,
        "details": proof.details,
    }
    state = {
        "b_holder": current.holder,
        "b_purposes": choice.purposes,
        "b_decided_at": choice.decided_at,
        "b_gpc": proof.gpc,
        "b_policy_version": proof.policy_version,
        "b_updated_at": proof.at,
    }
    if conn.dialect == "postgresql":
        await conn.execute(EVENT_AND_STATE, {**event, **state})
    else:
        await conn.execute(INSERT_EVENT, event)
        await conn.execute(UPDATE_STATE, state)
    if current.holder.startswith(SUBJECT) and choice.purposes != current.purposes:
        # Only a known subject's changes: a visitor is known to no system downstream.
        await notices.send_notices_now(
            conn,
            event="consent",
            subject_id=current.holder.removeprefix(SUBJECT),
            data=consent_notice(choice.purposes, gpc=proof.gpc),
            properties=rules.properties_concerned(spec, current.purposes, choice.purposes),
            origin=proof.source,
        )
    written = StateView(
        current.holder,
        choice.purposes,
        choice.decided_at,
        proof.gpc,
        proof.policy_version,
        proof.at,
        current.alias_of,
    )
    return await _follow(conn, written)


def gpc_reported(view: StateView) -> StateView | None:
    """A read carrying Sec-GPC: 1 (the contract: "records and reports advertising as denied").

    Reported always; recorded (None: the caller must call `record_gpc`) only while the
    stored state still grants advertising. The signal then withdraws it with its own proof,
    once: later reads find it denied and write nothing, so reads do not grow the proof."""
    if view.purposes.get("advertising", False):
        return None
    return replace(view, gpc=True)


async def record_gpc(
    conn: HotConnection, view: StateView, *, spec: RegisterSpec, proof: Proof
) -> StateView:
    """The GPC signal as a consent event: advertising withdrawn, under the state's version."""
    return await record_choices(conn, holder=view.holder, choices={}, spec=spec, proof=proof)


# FOR KEY SHARE until the transaction ends, as every write for a subject takes it
# (`subjects.service.subject_for_write`): an erasure in progress is waited for and then
# seen, and an erasure that comes later waits and deletes what this write added.
SUBJECT_FOR_WRITE = (
    select(Subject.erased_at)
    .where(Subject.subject_id == bindparam("sid"))
    .with_for_update(read=True, key_share=True)
)


async def require_subject(conn: HotConnection, subject_id: str) -> None:
    """In the write's transaction: 404 for an unknown subject, 409 for an erased one."""
    found = (await conn.execute(SUBJECT_FOR_WRITE, {"sid": subject_id})).first()
    if found is None:
        raise SubjectNotFound(f"No data subject has the id {subject_id!r}.")
    if found[0] is not None:
        raise SubjectErased(f"Subject {subject_id!r} was erased; no consent is kept for it.")
