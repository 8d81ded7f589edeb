"""How far a unit's estimated energy may be off, for the signals it has, and what would narrow it.

An estimate without a meter is a model of the house and the unit; with each signal it has, the
model guesses less. The expected range of each set of signals is the weekly error that covers
COVERAGE of the accuracy bench's weeks (a grid of houses, climates, units and integration
styles beside a simulated ground truth: `scripts/bench -k accuracy`, docs/accuracy.md), so a
user can tell a figure within 5 % from one within 40 %, and which signal would narrow it.

Pure Python.
"""

from __future__ import annotations

from enum import StrEnum

# The share of the bench's weeks each expected range covers.
COVERAGE = 0.8


class Signal(StrEnum):
    """The best signal the estimate of a unit rests on."""

    UNIT_METER = "unit_meter"  # a power or energy sensor of the unit: energy is measured
    HOME_METER = "home_meter"  # the whole-house meter's signature, learned
    FREQUENCY = "frequency"  # the compressor's frequency
    # An hvac_action that follows the compressor, on a unit with a published minimum capacity:
    # its cycles teach the building model (cost/duty.py).
    COMPRESSOR_ACTION = "compressor_action"
    THERMOSTAT = "thermostat"  # only the mode, the room and the target


# Weekly error (as a share) within which COVERAGE of the bench's weeks fall, per signal: its 80th
# percentile of absolute weekly error over all 320 weeks (heating cold and mild, cooling hot),
# rounded up to 5 %. The hot weeks count with the cooling unit picked from the catalogue (its
# published cooling points) or typed in by its nameplate, whichever is wider, since most units
# have no published cooling points: frequency 0.15 picked, 0.21 typed in. An hvac_action from
# the compressor on a unit with a published minimum capacity, after a week of its cycles: 0.48
# (a nameplate publishes no minimum, so its weeks count as the thermostat's). The thermostat's
# (absent, copying the mode, or no published minimum): 0.70 picked, 0.68 typed in.
# A unit's own meter counts what it measures: its own accuracy (a few %) is what remains. The
# home meter's (0.17) is the bench's with the recorder's history of the meter (the home's other
# load known from mild days), two weeks after set-up.
EXPECTED_ERROR: dict[Signal, float] = {
    Signal.UNIT_METER: 0.02,
    Signal.HOME_METER: 0.20,
    Signal.FREQUENCY: 0.25,
    Signal.COMPRESSOR_ACTION: 0.50,
    Signal.THERMOSTAT: 0.75,
}

# The signal that would narrow the range most, for a unit that lacks it.
NARROWED_BY: dict[Signal, Signal | None] = {
    Signal.UNIT_METER: None,
    Signal.HOME_METER: Signal.UNIT_METER,
    Signal.FREQUENCY: Signal.UNIT_METER,
    Signal.COMPRESSOR_ACTION: Signal.UNIT_METER,
    Signal.THERMOSTAT: Signal.UNIT_METER,
}


def best_signal(
    *, unit_meter: bool, home_meter_learned: bool, frequency: bool, cycles_shown: bool
) -> Signal:
    """The best signal among those a unit's estimate has."""
    if unit_meter:
        return Signal.UNIT_METER
    if home_meter_learned:
        return Signal.HOME_METER
    if frequency:
        return Signal.FREQUENCY
    if cycles_shown:
        return Signal.COMPRESSOR_ACTION
    return Signal.THERMOSTAT
