"""The package's pure libraries work without Home Assistant installed."""

from __future__ import annotations

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
