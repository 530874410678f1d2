"""Document every error response of the OpenAPI schema as what it is: RFC 9457 problem+json.

FastAPI documents 422 with its own validation schema and nothing else; our handlers answer
every failure as problem details, so the published schema says so, per operation.
"""

from __future__ import annotations

from typing import Any

from privacy_api.core.http.errors import PROBLEM_MEDIA_TYPE

PROBLEM_REF = "#/components/schemas/Problem"

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {
                        "type": "array",
                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                    "msg": {"type": "string"},
                },
            },
        },
    },
    "additionalProperties": True,
}

_DESCRIPTIONS = {
    "400": "The request cannot be understood",
    "401": "Missing, unknown or revoked API key",
    "403": "The API key lacks the required scope",
    "404": "No such resource",
    "409": "The current state refuses the change",
    "413": "Request body too large",
    "422": "The request does not match the schema or the register",
    "503": "The database is unavailable; nothing was stored (see Retry-After)",
}
# Health probes answer without the database or with their own body; everything else may
# meet an unavailable database.
_WITHOUT_DATABASE = frozenset({"/healthz", "/readyz", "/metrics", "/.well-known/gpc.json"})


def _error_codes(path: str, method: str, operation: dict[str, Any]) -> set[str]:
    codes = {code for code in operation["responses"] if code[0] in "45"}
    if operation.get("parameters") or operation.get("requestBody"):
        # 400: a body that is not UTF-8 or a cursor we did not issue; 404: a named subject,
        # ticket, version or order that does not exist.
        codes |= {"400", "404", "422"}
    if operation.get("requestBody"):
        codes.add("413")
    if method != "get" or "{subject_id}" in path:
        # A change the current state refuses, or any use of an erased subject.
        codes.add("409")
    if operation.get("security"):
        codes |= {"401", "403"}
    if path not in _WITHOUT_DATABASE:
        codes.add("503")
    return codes


def document_problems(document: dict[str, Any]) -> dict[str, Any]:
    """Rewrite `document` in place so each operation lists its problem+json responses."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    content = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}}
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code in sorted(_error_codes(path, method, operation)):
                described = responses.get(code, {}).get("description")
                if code == "422" or not described:
                    described = _DESCRIPTIONS.get(code, "Error")
                responses[code] = {"description": described, "content": content}
    return document
