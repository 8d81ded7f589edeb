"""The layers stay apart: a flat file is Home Assistant code, a folder is pure code.

Home Assistant code sees only the head contract, never a driver; no folder imports Home
Assistant or a flat file of the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "custom_components" / "minisplit"
ROOT = "custom_components.minisplit"
# The one module the Home Assistant layer may import a driver through: it picks the driver.
FACTORY = f"{ROOT}.drivers"
HOME_ASSISTANT_LAYER = sorted(PACKAGE.glob("*.py"))
# Every folder of the package with Python in it is pure code, known by where it is.
PURE_MODULES = sorted(path for path in PACKAGE.glob("*/**/*.py") if "__pycache__" not in path.parts)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_submodule(module: str) -> bool:
    """Whether module names a module or package of this integration (not an attribute)."""
    if not _is_within(module, ROOT):
        return False
    path = PACKAGE.joinpath(*module.split(".")[2:])
    return path.with_suffix(".py").is_file() or path.is_dir()


def imported_modules(path: Path) -> set[str]:
    """Every module path imports, relative imports resolved to absolute names."""
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            modules.add(module)
            # `from .drivers import daikin_classic` imports the submodule drivers.daikin_classic.
            modules.update(
                f"{module}.{alias.name}"
                for alias in node.names
                if _is_submodule(f"{module}.{alias.name}")
            )
    return modules


def _is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


@pytest.mark.parametrize("path", HOME_ASSISTANT_LAYER, ids=lambda path: path.name)
def test_home_assistant_layer_imports_no_driver(path: Path) -> None:
    concrete = {
        module
        for module in imported_modules(path)
        if (_is_within(module, FACTORY) and module != FACTORY)
        or _is_within(module, f"{ROOT}.daikin")
    }
    assert not concrete, f"{path.name} imports a driver directly; use {FACTORY} and heads"


@pytest.mark.parametrize(
    "path", sorted((PACKAGE / "heads").rglob("*.py")), ids=lambda path: path.name
)
def test_contract_imports_neither_home_assistant_nor_drivers(path: Path) -> None:
    bad = {
        module
        for module in imported_modules(path)
        if _is_within(module, "homeassistant") or _is_within(module, FACTORY)
    }
    assert not bad, f"heads/{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", PURE_MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_pure_folders_import_no_home_assistant(path: Path) -> None:
    modules = imported_modules(path)
    assert not {module for module in modules if _is_within(module, "homeassistant")}
    layer = {_module_name(module_path) for module_path in HOME_ASSISTANT_LAYER}
    assert not modules & layer, f"{path.name} imports the Home Assistant layer"


def test_every_folder_is_checked() -> None:
    folders = {path.relative_to(PACKAGE).parts[0] for path in PURE_MODULES}
    assert {"cost", "costcore", "drivers", "energy", "heads"} <= folders


def test_the_checks_see_relative_imports() -> None:
    """A guard on the guard: the Daikin driver's relative imports resolve to full names."""
    driver = PACKAGE / "drivers" / "daikin_classic" / "driver.py"
    assert f"{ROOT}.heads.model" in imported_modules(driver)
    assert f"{ROOT}.drivers.daikin_classic.client" in imported_modules(driver)
    assert f"{ROOT}.drivers" in imported_modules(PACKAGE / "entry.py")
    dsiot = PACKAGE / "drivers" / "daikin_dsiot" / "driver.py"
    assert f"{ROOT}.drivers.daikin_dsiot.protocol" in imported_modules(dsiot)
    assert f"{ROOT}.drivers.daikin_dsiot.client" in imported_modules(
        PACKAGE / "drivers" / "__init__.py"
    )
    assert _is_submodule(f"{ROOT}.drivers.daikin_classic")
    assert not _is_submodule(f"{ROOT}.drivers.create_driver")
