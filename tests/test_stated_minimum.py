"""The Home Assistant release users are told they need is the one the minimum smoke test runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_stated_minimum_is_the_tested_release() -> None:
    """hacs.json and the README's requirements line name the release of requirements_smoke_minimum.

    scripts/smoke_newest --minimum (in .ci/run) starts that release with the integration and
    checks that it serves the brand images; an older one shows a broken image.
    """
    pins = (ROOT / "requirements_smoke_minimum.txt").read_text()
    tested = re.search(r"^homeassistant==(\S+)$", pins, re.MULTILINE)
    assert tested is not None
    assert json.loads((ROOT / "hacs.json").read_text())["homeassistant"] == tested[1]
    readme = (ROOT / "README.md").read_text()
    assert f"Requires Home Assistant {tested[1]} or newer" in readme
