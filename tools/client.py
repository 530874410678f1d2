"""Generate the typed Python client in clients/python/ from openapi/openapi.json.

`make client` runs this; tests/client/test_python_client.py generates into a temporary
folder and fails when the committed client differs. The generator is openapi-python-client
(pinned in constraints.txt), its formatter the pinned ruff, so the output is a function of
openapi.json alone (no timestamps, no paths).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi" / "openapi.json"
CLIENT_DIR = ROOT / "clients" / "python"
PACKAGE = "privacy_api_client"
CONFIG = CLIENT_DIR / "openapi-python-client.yaml"


def short_operation_ids(document: dict[str, object]) -> dict[str, object]:
    """FastAPI's operation ids end in the path and method (`fulfil_request_v1_dsar_ticket_id_
    fulfil_post`); the client's functions are named after them, so keep the route's own name
    (`fulfil_request`). Refuses when two routes would share a name."""
    document = json.loads(json.dumps(document))
    seen: dict[str, str] = {}
    paths = document["paths"]
    assert isinstance(paths, dict)
    for path, operations in paths.items():
        for method, operation in operations.items():
            suffix = re.sub(r"\W", "_", path) + "_" + method
            operation_id = operation["operationId"]
            short = operation_id.removesuffix(suffix) if operation_id != suffix else operation_id
            if short in seen:
                raise SystemExit(f"two operations would be named {short}: {seen[short]}, {path}")
            seen[short] = path
            operation["operationId"] = short
            one_body_type(operation)
    return document


def one_body_type(operation: dict[str, object]) -> None:
    """A body offered as JSON and as another type with the same schema (PATCH's
    `application/merge-patch+json`) is sent as JSON: openapi-python-client 0.29 writes such a
    pair as a union of one class with itself and an undefined `Unset`, which does not import."""
    body = operation.get("requestBody")
    if not isinstance(body, dict):
        return
    content = body["content"]
    if "application/json" in content:
        json_schema = content["application/json"].get("schema")
        for other in [kind for kind in content if kind != "application/json"]:
            if content[other].get("schema") == json_schema:
                del content[other]


def generate(package_dir: Path) -> None:
    """Write the generated package into `package_dir` (which must not exist yet)."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory() as work:
        spec = Path(work) / "openapi.json"
        spec.write_text(json.dumps(short_operation_ids(json.loads(OPENAPI.read_text()))))
        result = subprocess.run(
            [
                str(bin_dir / "openapi-python-client"),
                "generate",
                "--path",
                str(spec),
                "--config",
                str(CONFIG),
                "--meta",
                "none",
                "--output-path",
                str(package_dir),
            ],
            check=False,
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
        )
        said = result.stdout + result.stderr
        if not (package_dir / "__init__.py").exists():
            raise SystemExit(f"openapi-python-client wrote nothing:\n{said}")
        if "WARNING" in said or "Error" in said:
            # A warning means an operation or response left out of the client: fail loudly.
            raise SystemExit(f"openapi-python-client left parts out:\n{said}")
    # PEP 561: callers' type checkers read the client's annotations (it is a typed client).
    (package_dir / "py.typed").write_text("# Marker file for PEP 561\n")


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` by relative path, caches left out."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def main() -> None:
    target = CLIENT_DIR / PACKAGE
    with tempfile.TemporaryDirectory() as work:
        fresh = Path(work) / PACKAGE
        generate(fresh)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(fresh, target)
    print(f"wrote {target.relative_to(ROOT)}")  # noqa: T201


if __name__ == "__main__":
    main()
