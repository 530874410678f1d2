"""Every shell command the README and the integration guide show is run as printed, in order,
in one bash session at a fresh directory, against a real server on a fresh SQLite database
with its scheduler (what `make run` starts). The test changes only the port (8000 for the
API, 8080 for the receiver) and `.venv/bin/` (this interpreter's). A block the reader must
not paste as it is (`make run`, a server that runs until stopped) follows a line
`<!-- not run: reason -->`, and the reason must be given."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import serving
from factories import process_env
from mailserver import free_port
from paths import ROOT
from privacy_api.register.service import Register

README = ROOT / "README.md"
INTEGRATING = ROOT / "docs" / "integrating.md"
NOT_RUN = re.compile(r"<!-- not run: (?P<reason>[^>]*?) -->\s*$")
BIN = str(Path(sys.executable).parent) + "/"


@dataclass(frozen=True)
class Block:
    line: int
    code: str
    not_run: str | None  # the reason, when the block is only shown


def sh_blocks(path: Path) -> list[Block]:
    """The fenced `sh` blocks of a Markdown file, each with the reason it is not run, if a
    `<!-- not run: reason -->` line (blank lines aside) comes just before it."""
    lines = path.read_text().splitlines()
    found, index = [], 0
    while index < len(lines):
        if lines[index].strip() == "```sh":
            start, code = index, []
            index += 1
            while lines[index].strip() != "```":
                code.append(lines[index])
                index += 1
            before = [line for line in lines[:start] if line.strip()]
            marker = NOT_RUN.search(before[-1]) if before else None
            reason = marker["reason"].strip() if marker else None
            found.append(Block(start + 1, "\n".join(code) + "\n", reason))
        index += 1
    return found


def _run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Background jobs a block starts (the receiver) end with the session.
    preamble = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n"
    return subprocess.run(
        ["bash", "-c", preamble + script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _as_printed(blocks: list[Block], api: str, receiver_port: int | None = None) -> str:
    script = "".join(block.code for block in blocks if block.not_run is None)
    script = script.replace("http://127.0.0.1:8000", api).replace(".venv/bin/", BIN)
    if receiver_port is not None:
        script = script.replace("127.0.0.1:8080", f"127.0.0.1:{receiver_port}")
        script = script.replace("PORT=8080", f"PORT={receiver_port}")
    return script


@pytest.fixture
def sqlite_only(database_url: str) -> str:
    if not database_url.startswith("sqlite"):
        pytest.skip("the walkthrough is of `make run`, which serves SQLite")
    return database_url


@pytest.mark.parametrize("path", [README, INTEGRATING], ids=lambda p: p.name)
def test_every_shell_block_is_run_or_says_why_not(path: Path) -> None:
    blocks = sh_blocks(path)
    assert blocks, f"{path.name} shows no shell block"
    shown_only = [b for b in blocks if b.not_run is not None]
    assert all(b.not_run for b in shown_only), "a `not run` marker gives its reason"
    assert len(shown_only) <= 2, [b.line for b in shown_only]  # few, and for a reason
    assert any(b.not_run is None for b in blocks)
    for block in blocks:
        runs_a_server = "make run" in block.code or "http.server" in block.code
        assert block.not_run is not None or not runs_a_server, (path.name, block.line)


def test_the_readme_walkthrough_runs_as_printed_from_a_key_to_the_package_and_an_erasure(
    sqlite_only: str, loaded: Register, tmp_path: Path
) -> None:
    mail = tmp_path / "mail"
    settings = {"PRIVACY_API_MAIL_DIR": str(mail), "PRIVACY_API_WORKER_INTERVAL_SECONDS": "1"}
    work = tmp_path / "clone"
    work.mkdir()
    with serving(
        sqlite_only, tmp_path / "server.log", serve_flags="--with-scheduler", **settings
    ) as server:
        done = _run(
            _as_printed(sh_blocks(README), server.url),
            work,
            process_env(sqlite_only, **settings),
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert server.errors() == []
    out = done.stdout
    assert '{"status":"ready"}' in out
    # The PATCH changed one attribute and kept the name the PUT set.
    answers = [line for line in out.splitlines() if line.startswith('{"subject_id":"acct-1"')]
    assert '"attributes":{}' in answers[0]
    assert '"name":"Anna"' in answers[1]
    assert '"attributes":{"lang":"en"}' in answers[1]
    assert "Confirm your privacy request dsr_" in out  # the code mail, printed whole
    assert "\nopen\n" in out  # verified
    assert "\ncompleted\n" in out
    assert "Download your data" in out
    assert "records/account/profile.json" in out
    assert "manifest.json" in out
    assert "{'account': 1" in out  # the erasure's report
    assert "\nerased\n" in out
    assert "we have carried out your request (erasure)" in out
    assert (work / "package.zip").stat().st_size > 0


def _receiver(guide: str) -> str:
    found = re.search(
        r"<!-- receiver:start -->\s*```python\n(.*?)```\s*<!-- receiver:end -->", guide, re.S
    )
    assert found
    return found[1]


def test_the_local_integration_recipe_runs_as_printed_a_receiver_on_loopback_and_a_page_origin(
    sqlite_only: str,
    loaded: Register,
    tmp_path: Path,
) -> None:
    blocks = sh_blocks(INTEGRATING)
    guide = INTEGRATING.read_text()
    # The server gets exactly the settings the guide's `make run` line shows.
    (start,) = [b for b in blocks if b.not_run and "make run" in b.code]
    shown = dict(re.findall(r"(PRIVACY_API_\w+)='([^']*)'", start.code))
    assert set(shown) == {"PRIVACY_API_CORS_ORIGINS", "PRIVACY_API_WEBHOOK_PRIVATE_HOSTS"}
    settings = {
        **shown,
        "PRIVACY_API_MAIL_DIR": str(tmp_path / "mail"),
        "PRIVACY_API_WORKER_INTERVAL_SECONDS": "1",
    }
    work = tmp_path / "clone"
    work.mkdir()
    (work / "receiver.py").write_text(_receiver(guide))  # "saved as receiver.py"
    port = free_port()
    with serving(
        sqlite_only, tmp_path / "server.log", serve_flags="--with-scheduler", **settings
    ) as server:
        done = _run(
            _as_printed(blocks, server.url, receiver_port=port),
            work,
            process_env(sqlite_only, **settings),
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert server.errors() == []
    out = done.stdout
    # The receiver verified the signed order, applied it and acknowledged it.
    assert "applied privacy.restriction 1" in out
    assert (work / "receiver.log").read_text().splitlines() == ["applied privacy.restriction 1"]
    assert "access-control-allow-origin: http://127.0.0.1:5173" in out.lower()
    assert out.rstrip().endswith("0"), "a stranger's origin gets no CORS header"
