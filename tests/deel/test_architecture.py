"""The shape of the project, read from its source with `ast`: no import cycle between its
modules, apps reach each other only through their public doors, and dependencies point one
way (DESIGN "Layout"). Every import counts, also one inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
APPS = ("members", "vehicles", "reservations", "ledger", "payments", "governance", "reports")
PACKAGES = ("deel", *APPS)
# What an app may import of another app (signals: the events it sends, for others to receive).
# privacy: what the app keeps about a person (deel.personal_data), for the member's own data.
# estimates: the port another app fills (reservations.estimates asks ledger for prices).
DOORS = ("services", "selectors", "models", "errors", "permissions", "signals", "privacy", "estimates")
# What an app may import of deel/: the shared kernel. The rest of deel/ composes the apps
# (home page, menu, URLs, demo, periodic jobs) and is never imported by them.
KERNEL = (
    "deel.settings",
    "deel.errors",
    "deel.mail",
    "deel.money",
    "deel.formats",
    "deel.creditor_id",
    "deel.files",
    "deel.uploads",
    "deel.personal_data",
    "deel.encryption",
    "deel.exports",
    "deel.admin",
)
# Which apps an app may depend on at all (reports reads from all; views of ledger,
# payments and governance hand their data to its PDF and CSV builders).
MAY_USE = {
    "members": set(),
    "vehicles": {"members"},
    "reservations": {"members", "vehicles"},
    "governance": {"members", "reports"},
    "ledger": {"members", "vehicles", "reservations", "governance", "reports"},
    "payments": {"members", "ledger", "reports"},
    "reports": {"members", "vehicles", "reservations", "ledger", "payments", "governance"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(BASE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (BASE / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports (relative imports resolved, `from pkg import mod` counted as pkg.mod)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]  # `import a.b.c` of a name inside a.b
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
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
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def app_of(module: str) -> str:
    return module.split(".")[0]


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    graph = import_graph()
    assert "members.models" in graph["members.services"]
    assert "deel.home" in graph["deel.views"]


def test_no_import_cycle_between_project_modules():
    assert cycles(import_graph()) == []


def through_door(target: str) -> bool:
    """`app`, `app.services`, `app.selectors` ...: the app itself or one of its doors, no deeper."""
    parts = target.split(".")
    return len(parts) == 1 or (len(parts) == 2 and parts[1] in DOORS)


def test_apps_import_each_other_only_through_their_doors():
    wrong = []
    for module, targets in import_graph().items():
        source = app_of(module)
        if source not in APPS:
            continue
        for target in targets:
            other = app_of(target)
            if other == "deel" and not target.startswith(KERNEL):
                wrong.append(f"{module} -> {target} (composition, not kernel)")
            elif other in APPS and other not in (source, "reports") and not through_door(target):
                wrong.append(f"{module} -> {target} (not one of {other}'s doors)")
    assert wrong == []


def test_dependencies_point_one_way():
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        if app_of(module) in MAY_USE
        for target in targets
        if app_of(target) in MAY_USE and app_of(target) != app_of(module)
        if app_of(target) not in MAY_USE[app_of(module)]
    )
    assert wrong == []
