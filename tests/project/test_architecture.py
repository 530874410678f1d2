"""The floors of docs/architecture.md, checked: no module imports from a higher floor, and no
two modules import each other (directly or round a longer loop).

A short walk over `ast`, not an import of the code: it reads every `import` anywhere in a
module (a function-level import is a dependency too), except those under `if TYPE_CHECKING:`,
which never run."""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from paths import ROOT, SRC

# Bottom to top. A module stands on the floor of its longest matching prefix; it may import
# from its own floor and the ones below. Keep in step with docs/architecture.md.
FLOORS: tuple[tuple[str, ...], ...] = (
    # 0 foundation: HTTP plumbing, the database, keys, time, settings
    ("privacy_api.core", "privacy_api.config", "privacy_api.resources"),
    # 1 the audit trail every act writes to
    ("privacy_api.audit",),
    # 2 plumbing the domains share: mail and webhook queue, subjects, API keys, job claims
    (
        "privacy_api.outbox",
        "privacy_api.subjects",
        "privacy_api.keys",
        "privacy_api.ops.holder",
        "privacy_api.ops.jobs",
        "privacy_api.ops.lease",
        "privacy_api.ops.models",
    ),
    # 3 the register of policy facts and the policy text read from it
    ("privacy_api.policy", "privacy_api.register"),
    # 4 downstream systems: who hears of a right exercised
    ("privacy_api.downstream",),
    # 5 consent and the DSAR queue
    ("privacy_api.consent", "privacy_api.dsar"),
    # 6 permissions (read consent)
    ("privacy_api.permissions",),
    # 7 records (check permissions)
    ("privacy_api.records",),
    # 8 breaches, and the catalogue of where a subject's data is kept
    ("privacy_api.breaches", "privacy_api.retention.stores"),
    # 9 the rights acts: export, erasure, restriction, objection, transfer
    ("privacy_api.rights",),
    # 10 retention: the sweep erases through rights
    ("privacy_api.retention",),
    # 11 the edges: pages, console, scheduler and status, worker, health, the model index
    (
        "privacy_api.centre",
        "privacy_api.console",
        "privacy_api.ops",
        "privacy_api.worker",
        "privacy_api.health",
        "privacy_api.models",
        "privacy_api.migrate",
    ),
    # 12 assembly: the app, its routers, the CLI and the published document
    ("privacy_api.api", "privacy_api.app", "privacy_api.openapi", "privacy_api.cli"),
)


def module_name(path: Path, src: Path) -> str:
    name = ".".join(path.relative_to(src).with_suffix("").parts)
    return name.removesuffix(".__init__")


def read_sources(src: Path) -> dict[str, str]:
    return {module_name(p, src): p.read_text() for p in sorted(src.rglob("*.py"))}


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(tree: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if _type_checking_only(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(node)


def import_graph(sources: Mapping[str, str]) -> dict[str, set[str]]:
    """Module -> the project modules it imports. `from pkg import sub` names pkg.sub alone
    when every name imported is a module (pkg's __init__ is then not what it needs)."""
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for name, text in sources.items():
        for node in _imports(ast.parse(text)):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                # The project writes absolute imports only (ruff's TID252 would say otherwise).
                base = node.module or ""
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in sources]
                targets = subs if len(subs) == len(node.names) else [base, *subs]
            graph[name].update(t for t in targets if t in sources and t != name)
    return graph


def floor_of(module: str, floors: tuple[tuple[str, ...], ...] = FLOORS) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, floor)
    for level, prefixes in enumerate(floors):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), level)
    return None if best is None else best[1]


def upward_imports(
    graph: Mapping[str, set[str]], floors: tuple[tuple[str, ...], ...] = FLOORS
) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        here = floor_of(module, floors)
        for target in sorted(targets):
            there = floor_of(target, floors)
            if here is not None and there is not None and there > here:
                found.append(f"{module} (floor {here}) imports {target} (floor {there})")
    return found


def unplaced(
    graph: Mapping[str, set[str]], floors: tuple[tuple[str, ...], ...] = FLOORS
) -> list[str]:
    return sorted(m for m in graph if m != "privacy_api" and floor_of(m, floors) is None)


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_every_module_stands_on_a_floor() -> None:
    assert unplaced(import_graph(read_sources(SRC))) == []


def test_no_module_imports_from_a_higher_floor() -> None:
    assert upward_imports(import_graph(read_sources(SRC))) == []


def test_no_import_cycle_between_modules() -> None:
    assert cycles(import_graph(read_sources(SRC))) == []


def test_a_planted_upward_import_is_caught(tmp_path: Path) -> None:
    """A copy of the source with one upward import added (downstream -> rights) fails."""
    sources = read_sources(SRC)
    sources["privacy_api.downstream.planted"] = "from privacy_api.rights import service\n"
    assert upward_imports(import_graph(sources)) == [
        "privacy_api.downstream.planted (floor 4) imports privacy_api.rights.service (floor 9)"
    ]
    # The same, written as a file into a copy of the tree and read back from disk.
    copy = tmp_path / "src"
    shutil.copytree(SRC / "privacy_api", copy / "privacy_api")
    (copy / "privacy_api" / "consent" / "planted.py").write_text(
        "def late() -> None:\n    from privacy_api.console import pages\n"
    )
    assert upward_imports(import_graph(read_sources(copy))) == [
        "privacy_api.consent.planted (floor 5) imports privacy_api.console.pages (floor 11)"
    ]


def test_a_planted_cycle_is_caught() -> None:
    graph = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}
    assert cycles(graph) == [["a.x", "a.y", "a.z"]]
    sources = {
        "p": "",
        "p.one": "from p import two\n",
        "p.two": "def f() -> None:\n    from p.one import g\n",
        "p.three": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from p import one\n",
    }
    assert cycles(import_graph(sources)) == [["p.one", "p.two"]]


def test_an_import_only_for_type_checking_is_no_dependency() -> None:
    sources = {
        "p": "",
        "p.low": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from p.high import X\n",
        "p.high": "from p.low import Y\n",
    }
    floors = (("p.low",), ("p.high",))
    assert upward_imports(import_graph(sources), floors) == []
    assert cycles(import_graph(sources)) == []


def test_every_test_file_lives_in_a_domain_folder() -> None:
    loose = sorted(p.name for p in (ROOT / "tests").glob("test_*.py"))
    assert not loose, f"put these in a folder under tests/ (docs/architecture.md → Tests): {loose}"
