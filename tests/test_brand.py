"""What Home Assistant and HACS show for the integration: its name and brand images."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "custom_components" / "minisplit"


def test_display_name_is_found_by_daikin_and_mini_split_owners() -> None:
    name = json.loads((PACKAGE / "manifest.json").read_text())["name"]
    assert name != "minisplit"
    # Add integration searches with Fuse.js (threshold 0.2, location 0, distance 100): an exact
    # match scores its start / 100, so a word that starts 21 or more characters in is not listed
    # (seen with "MiniSplit heat pump (Daikin local)": typing "daikin" did not find it).
    assert 0 <= name.lower().find("daikin") <= 20
    assert 0 <= name.lower().find("mini-split") <= 20
    assert json.loads((ROOT / "hacs.json").read_text())["name"] == name


@pytest.mark.parametrize(
    ("file_name", "size"),
    [
        ("icon.png", (256, 256)),
        ("icon@2x.png", (512, 512)),
        ("dark_icon.png", (256, 256)),
        ("dark_icon@2x.png", (512, 512)),
        ("logo.png", None),
        ("logo@2x.png", None),
        ("dark_logo.png", None),
        ("dark_logo@2x.png", None),
    ],
)
def test_brand_images_follow_home_assistants_sizes(
    file_name: str, size: tuple[int, int] | None
) -> None:
    with Image.open(PACKAGE / "brand" / file_name) as image:
        assert image.mode == "RGBA"  # transparent background
        if size is not None:
            assert image.size == size
        else:
            width, height = image.size
            # Logos: the shortest side 128-256 px (512 for @2x), landscape.
            assert width > height
            assert height == (256 if "@2x" in file_name else 128)
            assert image.getextrema()[3][1] == 255  # not empty


def test_every_entity_has_an_icon() -> None:
    icons = json.loads((PACKAGE / "icons.json").read_text())["entity"]
    strings = json.loads((PACKAGE / "translations" / "en.json").read_text())["entity"]
    for platform, entities in strings.items():
        for key in entities:
            if platform == "climate":
                continue  # the frontend draws the climate icon from the HVAC mode
            assert icons[platform][key]["default"].startswith("mdi:"), (platform, key)


def test_every_fan_mode_has_an_icon() -> None:
    """Quiet and the five levels have no icon of Home Assistant's own (it has low/medium/high)."""
    icons = json.loads((PACKAGE / "icons.json").read_text())["entity"]["climate"]["head"]
    strings = json.loads((PACKAGE / "translations" / "en.json").read_text())["entity"]["climate"]
    fan_modes = strings["head"]["state_attributes"]["fan_mode"]["state"]
    fan_icons = icons["state_attributes"]["fan_mode"]["state"]
    assert set(fan_icons) == set(fan_modes)
    assert all(icon.startswith("mdi:") for icon in fan_icons.values())
