"""Seed data and request mixes for the rows of `make bench`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import httpx

from benchmarks.harness import Load

SUBJECTS = 1000


def seed_subjects(base_url: str, key: str, count: int = SUBJECTS) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as http:
        for i in range(count):
            response = http.put(f"/v1/subjects/s{i}", json={"email": f"s{i}@example.com"})
            response.raise_for_status()


def lua_script(
    folder: Path,
    name: str,
    *,
    method: str,
    path_template: str,
    body: str,
    key: str,
    ids: int = SUBJECTS,
) -> Path:
    """A wrk script spreading requests over `ids` ids: {id} plain, {id12} zero-padded."""
    pick = f"math.random(0, {ids - 1})"
    path_expr = (
        '"'
        + path_template.replace("{id}", f'" .. {pick} .. "').replace(
            "{id12}", f'" .. string.format("%012d", {pick}) .. "'
        )
        + '"'
    )
    lines = [f'wrk.method = "{method}"', 'wrk.headers["Content-Type"] = "application/json"']
    if key:
        lines.append(f'wrk.headers["Authorization"] = "Bearer {key}"')
    lines += [
        f"local body = {json.dumps(body) if body else 'nil'}",
        "request = function()",
        f"  return wrk.format(nil, {path_expr}, nil, body)",
        "end",
    ]
    script = folder / f"{name}.lua"
    script.write_text("\n".join(lines) + "\n")
    return script


# A contract-based activity, and one based on consent (each record's grant is checked).
CONTRACT_KIND = {"activity": "site_functionality", "category": "user_logs", "property": "app"}
CONSENT_KIND = {"activity": "web_analytics", "category": "interaction", "property": "site"}


def record_batch(size: int, offset: int = 0, kind: dict[str, str] = CONTRACT_KIND) -> bytes:
    records = [
        {
            "subject_id": f"s{(offset + i) % SUBJECTS}",
            **kind,
            "data": {"event": "tag_published", "container": f"c{i % 17}", "n": i},
            "occurred_at": "2026-11-20T10:00:00+00:00",
        }
        for i in range(size)
    ]
    return json.dumps({"records": records}).encode()


def seed_analytics_consent(base_url: str, key: str, count: int = SUBJECTS) -> None:
    """Every seeded subject grants analytics, so consent-based batches are stored."""
    headers = {"Authorization": f"Bearer {key}"}
    body = {"purposes": {"analytics": True}, "property": "site"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as http:
        for i in range(count):
            http.put(f"/v1/subjects/s{i}/consent", json=body).raise_for_status()


def permission_check_body(count: int = 10_000) -> dict[str, object]:
    """A mailing list checked before a campaign: the seeded subjects and unknown ids."""
    return {"activity": "marketing", "subject_ids": [f"s{i}" for i in range(count)]}


def batch_script(
    folder: Path, name: str, key: str, size: int = 1000, kind: dict[str, str] = CONTRACT_KIND
) -> Path:
    """A wrk script posting a batch of `size` records, again and again, from each of its
    connections. wrk, as for every other row: a Python client cost PostgreSQL's core (the
    load generator's) ~2 ms a batch, an eighth of what PostgreSQL itself spends on it."""
    return lua_script(
        folder,
        name,
        method="POST",
        path_template="/v1/records/batch",
        body=record_batch(size, kind=kind).decode(),
        key=key,
    )


def records_per_second(batches: Load, size: int = 1000) -> Load:
    return replace(batches, rps=batches.rps * size)


def visitor_path(i: int) -> str:
    return f"/v1/consent/visitors/00000000-0000-4000-8000-{i:012d}"


VISITOR_TEMPLATE = "/v1/consent/visitors/00000000-0000-4000-8000-{id12}"
CONSENT_BODY = '{"purposes": {"analytics": true, "advertising": false}, "property": "site"}'


def seed_visitors(base_url: str, count: int = SUBJECTS) -> None:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        for i in range(count):
            response = http.put(
                visitor_path(i), content=CONSENT_BODY, headers={"Content-Type": "application/json"}
            )
            response.raise_for_status()
