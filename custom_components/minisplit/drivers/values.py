"""Rules for what a head sends, whatever its protocol.

How an error message quotes a value, how long a text shown to the user may be, what counts as a
MAC address, and which readings are plausible. A reading outside its range is a glitch (such as
65535) and reads as unknown; the ranges are wider than any real head's.
"""

from __future__ import annotations

import re
from typing import Final

# How much of a value the head sent an error message repeats.
EXCERPT_LENGTH: Final = 40
# Text fields shown to the user (name, firmware, model...) are cut to this length.
MAX_TEXT_LENGTH: Final = 64

ROOM_TEMPERATURE_RANGE: Final = (-30.0, 60.0)  # degC at the head
OUTDOOR_TEMPERATURE_RANGE: Final = (-60.0, 70.0)  # degC at the outdoor unit
HUMIDITY_RANGE: Final = (0.0, 100.0)  # % relative humidity
COMPRESSOR_FREQUENCY_RANGE: Final = (0, 300)  # Hz
# Setpoints, any mode: heads take 10-33 degC at most; a little margin either side.
TARGET_TEMPERATURE_RANGE: Final = (5.0, 40.0)

_MAC: Final = re.compile(r"[0-9A-Fa-f]{12}")
_MAC_SEPARATORS: Final = str.maketrans("", "", ":-.")


def excerpt(value: object) -> str:
    """A short printable quote of something the head sent, for an error message.

    A value that is not text is named by its type.
    """
    text = value if isinstance(value, str) else type(value).__name__
    if len(text) <= EXCERPT_LENGTH:
        return repr(text)
    return f"{text[:EXCERPT_LENGTH]!r}... ({len(text)} characters)"


def mac_digits(value: object) -> str | None:
    """The 12 hex digits of a MAC address in upper case (`:`, `-`, `.` dropped); None if none."""
    if not isinstance(value, str):
        return None
    digits = value.translate(_MAC_SEPARATORS)
    return digits.upper() if _MAC.fullmatch(digits) else None
