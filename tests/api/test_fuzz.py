"""Derandomized schema fuzzing in `make test`; `make fuzz` keeps exploring at random.

schemathesis drives a real server (started by tools/fuzz.py on 127.0.0.1, key with every
scope) from its live /openapi.json: no 5xx, every response as documented (status, content
type, schema, headers), every error problem+json, invalid requests refused.

Here the run cannot depend on a draw or on the machine's speed: a fixed seed, a fixed
number of examples per operation and no time budget, plus the examples database kept in
tests/fuzz-examples (what `make fuzz` found, replayed from a copy). What a random run finds
also becomes a named test in tests/api/test_fuzz_findings.py or tests/core/test_strict_numbers.py.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tools import fuzz

SEED = 20261125


def _copy_of_examples(target: Path) -> Path:
    shutil.copytree(fuzz.EXAMPLES, target)
    return target


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'fuzz.db'}"
    return str(request.getfixturevalue("postgres").create_database(f"fuzz_{os.getpid()}"))


def test_schema_fuzzing_finds_no_failure(empty_database_url: str, tmp_path: Path) -> None:
    result = fuzz.run(
        empty_database_url,
        max_examples=5,
        max_time=None,
        seed=SEED,
        report_dir=tmp_path / "report",
        examples=_copy_of_examples(tmp_path / "examples"),
    )
    summary = result.stdout[-6000:]
    assert result.returncode == 0, summary
    selected = re.search(r"Selected: (\d+)/(\d+)", result.stdout)
    assert selected, summary
    assert selected.group(1) == selected.group(2), "every operation must be fuzzed"


def test_make_test_fuzzing_has_no_time_budget_and_a_fixed_seed(tmp_path: Path) -> None:
    command = fuzz.schemathesis_command(
        "http://127.0.0.1:1",
        "key",
        max_examples=5,
        max_time=None,
        seed=SEED,
        report_dir=tmp_path,
        examples=tmp_path / "examples",
    )
    assert "--max-time" not in command
    assert command[command.index("--seed") + 1] == str(SEED)
    assert command[command.index("--generation-database") + 1] == str(tmp_path / "examples")
