"""A unit's compressor frequency range, widened by what it reports.

Compressors differ: 10-100 Hz, 18-120 Hz, 15-90 Hz. The estimate places the reported frequency
between the unit's minimum and maximum capacity at the ends of a range (the user's, else a typical
15-90 Hz). A unit that reports frequencies beyond that range shows the range is wider: the
lowest frequency it runs at often (`MIN_SHARE` of its running samples at or below it) lowers the
minimum, the highest it was seen at raises the maximum. The range is only ever widened: a unit
seen within a narrow band of speeds (steady weather holds it there for days, and in a cold week
it may never visit its minimum) says nothing about where its range ends, and narrowing the
range on that evidence made a cold week read -51 % instead of -22 % on the bench. Learned only
after `MIN_SAMPLES` running samples, and only when the user has not set the range.

Pure Python: numbers in, a range out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Running samples before the range is believed (a sample every 2 minutes: about a day of running).
MIN_SAMPLES = 500
# The minimum is the lowest frequency at or below which this share of running samples lie.
MIN_SHARE = 0.02
# Frequencies are counted in bins this wide (Hz); a unit reports whole Hz or coarser.
BIN_HZ = 1.0
# A report above this is not a compressor frequency (a sensor in rpm or a glitch).
MAX_PLAUSIBLE_HZ = 250.0


@dataclass(slots=True)
class FrequencyRange:
    """How often the unit ran at each frequency (1 Hz bins), and what range that tells."""

    counts: dict[int, int] = field(default_factory=dict)

    def observe(self, frequency_hz: float | None) -> None:
        """A sample: the frequency the compressor runs at (0 or None: not running, not counted)."""
        if frequency_hz is None or not math.isfinite(frequency_hz):
            return
        if not 0 < frequency_hz <= MAX_PLAUSIBLE_HZ:
            return
        key = int(frequency_hz // BIN_HZ)
        self.counts[key] = self.counts.get(key, 0) + 1

    @property
    def samples(self) -> int:
        """Running samples seen."""
        return sum(self.counts.values())

    def learned(self) -> tuple[float, float] | None:
        """(minimum, highest seen) in Hz once enough running was seen, else None."""
        total = self.samples
        if total < MIN_SAMPLES:
            return None
        seen = 0
        lowest = None
        for key in sorted(self.counts):
            seen += self.counts[key]
            if seen >= MIN_SHARE * total:
                lowest = key * BIN_HZ
                break
        highest = (max(self.counts) + 1) * BIN_HZ
        if lowest is None or lowest <= 0 or highest <= lowest:
            return None
        return lowest, highest

    def as_dict(self) -> dict[str, Any]:
        """For storage."""
        return {"counts": {str(key): count for key, count in self.counts.items()}}

    @classmethod
    def restore(cls, data: object) -> FrequencyRange:
        """From storage; what cannot be read is left out (it is learned again)."""
        stored = data.get("counts") if isinstance(data, Mapping) else None
        counts: dict[int, int] = {}
        if isinstance(stored, Mapping):
            for key, count in stored.items():
                try:
                    hz = int(key)
                except (TypeError, ValueError):
                    continue
                if isinstance(count, int) and not isinstance(count, bool) and count > 0 and hz > 0:
                    counts[hz] = count
        return cls(counts)


def widened(learned: tuple[float, float], lowest: float, highest: float) -> tuple[float, float]:
    """The range (lowest, highest) widened by what the unit was seen at."""
    seen_low, seen_high = learned
    return min(lowest, seen_low), max(highest, seen_high)
