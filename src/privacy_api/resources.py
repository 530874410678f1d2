"""Where the files that ship beside the code live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"none of {', '.join(map(str, candidates))} exists")


def migrations_dir() -> Path:
    return _first_existing(_PACKAGE / "_migrations", _CHECKOUT / "migrations")


def policy_dir() -> Path:
    return _first_existing(_PACKAGE / "_policy", _CHECKOUT / "policy")
