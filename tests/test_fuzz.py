"""Bounded schema fuzzing in `make test`; `make fuzz` runs the same for longer.

schemathesis drives a real server (started by tools/fuzz.py on 127.0.0.1, key with every
scope) from its live /openapi.json: no 5xx, every response as documented (status, content
type, schema, headers), every error problem+json, invalid requests refused. The seed is
fixed here so a failure reproduces; the cases it found are kept as tests in
tests/test_fuzz_findings.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tools import fuzz

SECONDS = int(os.environ.get("FUZZ_SECONDS", "40"))
SEED = 20261125


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'fuzz.db'}"
    return str(request.getfixturevalue("postgres").create_database(f"fuzz_{os.getpid()}"))


def test_schema_fuzzing_finds_no_failure(empty_database_url: str, tmp_path: Path) -> None:
    result = fuzz.run(
        empty_database_url,
        max_examples=5,
        max_time=SECONDS,
        seed=SEED,
        report_dir=tmp_path / "report",
    )
    summary = result.stdout[-6000:]
    assert result.returncode == 0, summary
    selected = re.search(r"Selected: (\d+)/(\d+)", result.stdout)
    assert selected, summary
    assert selected.group(1) == selected.group(2), "every operation must be fuzzed"
