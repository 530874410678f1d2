"""No module past 400 lines: a longer one is split by what it holds (docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path

from paths import SRC

LIMIT = 400


def too_long(src: Path, limit: int = LIMIT) -> list[str]:
    found = []
    for path in sorted(src.rglob("*.py")):
        count = len(path.read_text().splitlines())
        if count > limit:
            found.append(f"{path.relative_to(src).as_posix()}: {count} lines (at most {limit})")
    return found


def test_no_module_is_past_400_lines() -> None:
    assert too_long(SRC) == []


def test_a_long_module_is_named(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "short.py").write_text("x = 1\n" * 400)
    (tmp_path / "pkg" / "long.py").write_text("x = 1\n" * 401)
    assert too_long(tmp_path) == ["pkg/long.py: 401 lines (at most 400)"]
