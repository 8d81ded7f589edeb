"""Imports run one way: platforms, then coordinators, then the cost coordinator and sources, then
the pure folders. No module of the package imports another that imports it back, `TYPE_CHECKING`
imports included."""

from __future__ import annotations

from pathlib import Path

from .test_layering import PACKAGE, ROOT, _module_name, imported_modules

MODULES = {
    _module_name(path): path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts
}


def _ours(module: str) -> str | None:
    """The module of the package an import names (an attribute import names its module)."""
    while module:
        if module in MODULES:
            return module
        module = module.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = {_ours(module) for module in imported_modules(path)}
        # A package's modules are imported after its __init__: importing the package itself
        # from inside it is no cycle of modules.
        graph[name] = {
            target
            for target in targets
            if target is not None and target != name and not _is_parent(target, name)
        }
    return graph


def _is_folder(module: str) -> bool:
    return (PACKAGE.parent.parent / Path(*module.split("."))).is_dir()


def _is_parent(package: str, module: str) -> bool:
    return module.startswith(f"{package}.") and _is_folder(package)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str] | None:
        path.append(node)
        on_path.add(node)
        for target in sorted(graph.get(node, ())):
            if target in on_path:
                return [*path[path.index(target) :], target]
            if target not in done and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        on_path.discard(node)
        done.add(node)
        return None

    for node in sorted(graph):
        if node not in done and (cycle := visit(node)) is not None:
            return cycle
    return None


def test_no_import_cycle_in_the_package() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_check_sees_a_cycle() -> None:
    """A guard on the guard: a made-up cycle is found, through TYPE_CHECKING imports too."""
    graph = import_graph()
    graph[f"{ROOT}.cost_coordinator"].add(f"{ROOT}.coordinator")
    assert find_cycle(graph) is not None
    assert f"{ROOT}.cost_coordinator" in graph[f"{ROOT}.coordinator"]


LAYERS = [
    # Home Assistant's entry points and platforms: may import everything below.
    {
        "__init__",
        "entry",
        "climate",
        "sensor",
        "diagnostics",
        "repairs",
        "config_flow",
        "entity",
        "device",
        "forms",
        "cost_steps",
    },
    {"coordinator"},
    {"cost_coordinator", "statistics", "home_history"},
    {"companion"},
    {"sources"},
    {"states"},
    {"errors"},
    {"const"},
]


def _layer(module: str) -> int:
    """The layer of a flat module (lower imports higher only); pure folders come last."""
    if module == ROOT:
        return 0
    if _is_folder(module) or module.count(".") > 2:  # a pure folder, or a module in one
        return len(LAYERS)
    name = module.rpartition(".")[2]
    return next(index for index, layer in enumerate(LAYERS) if name in layer)


def test_imports_run_one_way() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if _layer(target) < _layer(module)
    ]
    assert not wrong
