"""Whether a compressor cycles at its minimum speed, and at what part-load ratio, from its reports.

Below its minimum capacity an inverter compressor runs at minimum speed and stops, again and
again. Each start costs energy the steady-state figures do not hold (the refrigerant is pushed
back to where it belongs before the coil heats or cools again): AHRI 210/240 rates it with the
part-load factor PLF = 1 - C_D (1 - PLR), where PLR is the run-time share of a cycle (its cyclic
test runs 6 minutes on and 24 off, a PLR of 0.2) and C_D is 0.25 unless the unit's own test
gives one. Over a cycle the unit draws its steady-state input times PLR / PLF: each running
minute costs 1 / PLF of the steady-state input.

A reported compressor frequency shows the cycles: 0 Hz while the thermostat holds its mode is a
stop. The compressor cycles while it runs no faster than where its last run stopped from (one
running faster is modulating), after a stop shorter than `LONGEST_STOP` (a longer one is a
setback or the room warmed by the sun, not a cycle); the part-load ratio is the last complete
cycle's: that run's length over the run's and the stop's.

Pure Python: times and frequencies in, a ratio out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .clock import elapsed

# A stop at least this long is not part of a cycle: two of AHRI 210/240's 30-minute test cycles.
LONGEST_STOP = timedelta(hours=1)


@dataclass(slots=True)
class Cycling:
    """The compressor's last run and stop, from its frequency at each sample."""

    since: datetime | None = None  # when the current run or stop began
    hz: float = 0.0  # the frequency now (0: stopped)
    run: timedelta | None = None  # the last complete run
    run_end_hz: float = 0.0  # the frequency that run stopped from
    stop: timedelta | None = None  # the stop after it

    def observe(self, at: datetime, frequency_hz: float | None, holding: bool) -> None:
        """A sample: the compressor's frequency now, and whether the thermostat holds a mode.

        Anything else (the unit off, no frequency) ends the history: a stop then is no cycle.
        """
        if not holding or frequency_hz is None or frequency_hz < 0:
            self.since, self.run, self.stop = None, None, None
            return
        if self.since is None:
            self.since, self.hz = at, frequency_hz
            return
        running, was_running = frequency_hz > 0, self.hz > 0
        if was_running and not running:
            self.run, self.run_end_hz, self.stop = elapsed(self.since, at), self.hz, None
            self.since = at
        elif running and not was_running:
            self.stop = elapsed(self.since, at) if self.run is not None else None
            self.since = at
        self.hz = frequency_hz

    @property
    def part_load_ratio(self) -> float | None:
        """The last cycle's run-time share while the compressor cycles now, else None."""
        run, stop = self.run, self.stop
        if self.hz <= 0 or run is None or stop is None or stop >= LONGEST_STOP:
            return None
        if self.hz > self.run_end_hz:
            return None
        return run / (run + stop)
