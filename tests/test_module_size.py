"""No module past 400 lines: a longer one is split by what it holds (docs/architecture.md).

The modules below were past the limit before the rule and are still to be split; each may
not grow, and its entry goes when it is split."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
LIMIT = 400
NOT_YET_SPLIT = {
    "privacy_api/register/spec.py": 540,
}


def too_long(src: Path, limit: int = LIMIT, allowed: dict[str, int] | None = None) -> list[str]:
    allowed = NOT_YET_SPLIT if allowed is None else allowed
    found = []
    for path in sorted(src.rglob("*.py")):
        name = path.relative_to(src).as_posix()
        count = len(path.read_text().splitlines())
        if count > allowed.get(name, limit):
            found.append(f"{name}: {count} lines (at most {allowed.get(name, limit)})")
    return found


def test_no_module_is_past_400_lines() -> None:
    assert too_long(SRC) == []


def test_a_module_not_yet_split_may_not_grow_and_leaves_the_list_once_split() -> None:
    for name, allowed in NOT_YET_SPLIT.items():
        count = len((SRC / name).read_text().splitlines())
        assert LIMIT < count <= allowed, f"{name}: {count} lines; update NOT_YET_SPLIT"


def test_a_long_module_is_named(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "short.py").write_text("x = 1\n" * 400)
    (tmp_path / "pkg" / "long.py").write_text("x = 1\n" * 401)
    assert too_long(tmp_path, allowed={}) == ["pkg/long.py: 401 lines (at most 400)"]
