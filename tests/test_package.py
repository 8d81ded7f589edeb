"""The package's pure libraries work without Home Assistant installed."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

HIDE_HOME_ASSISTANT = """
import runpy, sys
sys.modules["homeassistant"] = None  # as on a machine without Home Assistant
sys.argv = ["costcore", *sys.argv[1:]]
runpy.run_module("custom_components.minisplit.costcore", run_name="__main__")
"""


def test_cost_command_line_runs_without_home_assistant() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            HIDE_HOME_ASSISTANT,
            "estimate",
            "--mode",
            "heat",
            "--outdoor-f",
            "17",
            "--indoor-f",
            "70",
            "--delivered-btuh",
            "12000",
            "--hspf",
            "10",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["input_w"] > 0
    assert result["cop"] > 1


IMPORTED_AFTER = """
import sys
import custom_components.minisplit.costcore
from custom_components.minisplit.costcore import __main__ as cli
ran = cli.run(sys.argv[2:])
status = cli.main(sys.argv[2:])
modules = sorted(sys.modules)
import json
with open(sys.argv[1], "w") as out:
    json.dump({"modules": modules, "ran": ran, "status": status}, out)
"""
#: What the command line needs only for --help, bad arguments or errors, or not at all: slow to
#: import (dataclasses alone took ~19 ms with inspect, re, ast, dis...; the CLI target is a
#: bare interpreter's start-up time twice over).
SLOW_TO_IMPORT = {
    "argparse",
    "ast",
    "collections",
    "dataclasses",
    "dis",
    "functools",
    "gettext",
    "inspect",
    "json",
    "locale",
    "re",
    "shutil",
    "tokenize",
    "typing",
}


def test_cost_core_imports_nothing_of_home_assistant_where_it_is_installed(
    tmp_path: Path,
) -> None:
    """In this project's .venv Home Assistant is installed; the cost core must still not load it.

    A fresh interpreter: what importing the cost core (the package's `__init__.py` first) and
    running its command line leave in sys.modules. Nor may a plain call import the standard
    modules that made its start-up slow (SLOW_TO_IMPORT).
    """
    assert importlib.util.find_spec("homeassistant") is not None, "run in the project's .venv"
    report = tmp_path / "modules.json"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            IMPORTED_AFTER,
            str(report),
            "estimate",
            "--mode",
            "heat",
            "--outdoor-f",
            "17",
            "--delivered-btuh",
            "12000",
            "--hspf",
            "10",
        ],
        cwd=ROOT,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    )
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["ran"]["input_w"] > 0
    assert result["status"] == 0
    assert json.loads(done.stdout) == result["ran"]
    assert SLOW_TO_IMPORT & set(result["modules"]) == set()
    foreign = [
        name
        for name in result["modules"]
        if name.split(".")[0] in {"homeassistant", "aiohttp", "voluptuous", "yarl", "propcache"}
    ]
    assert foreign == []
    ours = {name for name in result["modules"] if name.startswith("custom_components.minisplit")}
    # The package, the cost core and its command line; neither the catalogue nor the layer.
    assert "custom_components.minisplit.entry" not in ours
    assert "custom_components.minisplit.costcore.catalog" not in ours
