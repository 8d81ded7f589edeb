"""Draw minisplit's brand images (icon, logo, dark and @2x variants) into its `brand/` folder.

Home Assistant 2026.3 and newer serve a custom integration's own brand images from
`custom_components/<domain>/brand/`; HACS reads `brand/icon.png` too. Run
`.venv/bin/python scripts/draw_brand.py` after changing the design. Everything is drawn at 4x and
scaled down, so each size is crisp.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND = Path(__file__).resolve().parent.parent / "custom_components" / "minisplit" / "brand"
SUPERSAMPLE = 4
HEAT = (240, 112, 40, 255)
COOL = (38, 140, 230, 255)
WORDMARK = "MiniSplit"


def _palette(dark: bool) -> dict[str, tuple[int, int, int, int]]:
    """Colours of the head and the text, for light or dark backgrounds."""
    if dark:
        light = (236, 240, 244, 255)
        return {"body": light, "edge": (150, 160, 172, 255), "text": light}
    return {"body": (250, 252, 254, 255), "edge": (60, 72, 88, 255), "text": (40, 48, 60, 255)}


def _draw_mark(draw: ImageDraw.ImageDraw, x: float, y: float, size: float, dark: bool) -> None:
    """The mark: an indoor head blowing warm and cool air, in a `size` square at x, y."""
    colours = _palette(dark)
    unit = size / 256
    line = max(1, round(9 * unit))
    # The indoor head: a wide rounded body with its louver slot and a status light.
    draw.rounded_rectangle(
        (x + 20 * unit, y + 44 * unit, x + 236 * unit, y + 132 * unit),
        radius=30 * unit,
        fill=colours["body"],
        outline=colours["edge"],
        width=line,
    )
    draw.line(
        (x + 52 * unit, y + 108 * unit, x + 204 * unit, y + 108 * unit),
        fill=colours["edge"],
        width=line,
    )
    draw.ellipse(
        (x + 196 * unit, y + 66 * unit, x + 212 * unit, y + 82 * unit), fill=(80, 200, 120, 255)
    )
    # Air leaving the louver as wavy streams: warm on the left, cool on the right.
    for index, colour in enumerate((HEAT, HEAT, COOL, COOL)):
        centre = x + (66 + index * 42) * unit
        points = [
            (centre + 9 * unit * math.sin(step / 12 * 2 * math.pi), y + (146 + step * 7) * unit)
            for step in range(13)
        ]
        draw.line(points, fill=colour, width=max(1, round(11 * unit)), joint="curve")


def icon(pixels: int, dark: bool) -> Image.Image:
    """A square icon on a transparent background."""
    big = pixels * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    _draw_mark(ImageDraw.Draw(image), 0, 0, big, dark)
    return image.resize((pixels, pixels), Image.Resampling.LANCZOS)


def logo(height: int, dark: bool) -> Image.Image:
    """The mark followed by the wordmark, on a transparent background."""
    big = height * SUPERSAMPLE
    font = ImageFont.load_default(size=round(big * 0.5))
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    left, top, right, bottom = probe.textbbox((0, 0), WORDMARK, font=font)
    width = big + round(big * 0.12) + (right - left) + round(big * 0.1)
    image = Image.new("RGBA", (width, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    _draw_mark(draw, 0, 0, big, dark)
    text_x = big + round(big * 0.12) - left
    text_y = (big - (bottom - top)) / 2 - top
    draw.text((text_x, text_y), WORDMARK, font=font, fill=_palette(dark)["text"])
    return image.resize((width // SUPERSAMPLE, height), Image.Resampling.LANCZOS)


def main() -> None:
    """Write all eight images."""
    BRAND.mkdir(parents=True, exist_ok=True)
    for dark in (False, True):
        prefix = "dark_" if dark else ""
        icon(256, dark).save(BRAND / f"{prefix}icon.png", optimize=True)
        icon(512, dark).save(BRAND / f"{prefix}icon@2x.png", optimize=True)
        logo(128, dark).save(BRAND / f"{prefix}logo.png", optimize=True)
        logo(256, dark).save(BRAND / f"{prefix}logo@2x.png", optimize=True)
    for path in sorted(BRAND.iterdir()):
        with Image.open(path) as image:
            print(f"{path.name}: {image.size[0]}x{image.size[1]}")


if __name__ == "__main__":
    main()
