"""The cost meter under random days: totals stay finite, bounded, and survive restarts unchanged.

Each sequence drives one meter with samples of a random head (off, fan, heating or cooling at
random frequencies and temperatures, or a raw reading that may be NaN, infinite, negative or
huge), random prices (NaN, infinities, negative as spot tariffs go, 0, 1e308, unavailable, in Wh,
MWh, cents, per m³...), gaps, restarts through as_dict -> JSON -> restore, and clock jumps forward
and back. The checks use an oracle written apart from the meter: which prices are usable (an
electricity price from minus to plus the bound, a gas price from 0), which intervals count and
what the head can draw at most.

`scripts/test --long` (MINISPLIT_LONG_PROPERTIES=1) runs 50,000 sequences instead of 300.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.minisplit.cost.calibration import CALIBRATION_LIMITS, Calibration
from custom_components.minisplit.cost.estimate import Limits, Operation, Reading, estimate_now
from custom_components.minisplit.cost.meter import (
    MAX_SAMPLE_GAP,
    TOTALS,
    CostMeter,
    CountedInterval,
)
from custom_components.minisplit.cost.price import price_from_state
from custom_components.minisplit.cost.settings import CostSettings
from custom_components.minisplit.costcore import Mode

LONG = os.environ.get("MINISPLIT_LONG_PROPERTIES") == "1"
EXAMPLES = int(os.environ.get("MINISPLIT_PROPERTY_EXAMPLES", "50000" if LONG else "300"))
# The long form runs for many minutes: no per-test timeout then.
pytestmark = pytest.mark.timeout(0 if LONG else 60)
START = datetime(2026, 1, 15, 10, tzinfo=UTC)
ELECTRICITY_BOUND = 100.0  # per kWh in euro-like currencies, as the README says
MONEY = ("cost", "cost_of_heating", "baseboard_cost")  # charged at the electricity price
NEVER_DECREASING = ("energy_kwh", "heat_kwh", "gas_cost")
SLACK = 1 + 1e-9  # float rounding in the meter's sums

HEADS = [
    CostSettings(),
    CostSettings(heating_capacity_btuh=9000, hspf=12.5, seer=25),
    CostSettings(heating_capacity_btuh=48000, cooling_capacity_btuh=42000, pan_heater_w=200),
    CostSettings.from_options(
        {"hspf": 11, "published_points": "heat 47 max 16000 1100\nheat 5 min 6000 900"}
    ),
]

# Prices as a raw number handed to the meter, or a price entity's state and unit.
raw_prices = st.one_of(
    st.none(),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.05, 0.0, -0.0, 1e308, -1e308, 1e-300]),
    st.sampled_from([-1e-300, 100.0, 100.01, -100.0, -100.01]),
    st.floats(min_value=0.0, max_value=2.0),
    st.floats(min_value=-2.0, max_value=0.0),
    st.floats(allow_nan=True, allow_infinity=True),
)
UNITS = {  # unit -> factor to per kWh, or None when it is not per unit of energy
    "EUR/kWh": 1.0,
    "EUR/MWh": 1e-3,
    "EUR/Wh": 1e3,
    "ct/kWh": 1e-2,
    None: 1.0,
    "EUR": 1.0,
    "EUR/m³": None,
    "EUR/therm": None,
}
entity_prices = st.tuples(
    st.one_of(
        st.sampled_from(["unavailable", "unknown", "nan", "inf", "-inf", "cheap", "1e308", "-1"]),
        st.floats(min_value=-400.0, max_value=400.0).map(repr),
    ),
    st.sampled_from(list(UNITS)),
)
operations = st.builds(
    Operation,
    running=st.booleans(),
    mode=st.sampled_from([Mode.HEAT, Mode.COOL, None]),
    outdoor_c=st.one_of(st.none(), st.floats(min_value=-30.0, max_value=45.0)),
    indoor_c=st.one_of(st.none(), st.floats(min_value=5.0, max_value=35.0)),
    compressor_hz=st.one_of(st.none(), st.just(0.0), st.floats(min_value=1.0, max_value=150.0)),
)
raw_readings = st.builds(
    Reading,
    input_w=st.floats(allow_nan=True, allow_infinity=True),
    delivered_w=st.floats(allow_nan=True, allow_infinity=True),
    mode=st.sampled_from([Mode.HEAT, Mode.COOL, None]),
)
# Seconds to the next sample: a poll, a late poll, an outage, a clock jump ahead or back.
steps_s = st.one_of(
    st.sampled_from([60, 60, 60, 30, 1, 0, 300, 301, -60, -3600, 86_400 * 365, -86_400 * 365]),
    st.integers(min_value=-7200, max_value=7200),
)


@dataclass(frozen=True)
class Sample:
    step_s: int
    operation: Operation | Reading
    price: float | None | tuple[str, str | None]
    gas_price: float | None


@dataclass(frozen=True)
class Gap:
    """The head stopped answering."""


@dataclass(frozen=True)
class Restart:
    """Home Assistant restarts: the totals go through the Store's JSON."""


@dataclass(frozen=True)
class Observe:
    """The head publishes a day of measured energy for the calibration."""

    hours: tuple[float | None, ...]


events = st.one_of(
    st.builds(
        Sample,
        step_s=steps_s,
        operation=st.one_of(operations, operations, raw_readings),
        price=st.one_of(raw_prices, entity_prices),
        gas_price=raw_prices,
    ),
    st.just(Gap()),
    st.just(Restart()),
    st.builds(
        Observe,
        st.lists(
            st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
            min_size=24,
            max_size=24,
        ).map(tuple),
    ),
)


def usable(price: float | None, bound: float, gas: bool = False) -> float | None:
    """The oracle: a finite electricity price from -bound to bound counts; gas from 0 to bound."""
    lowest = 0.0 if gas else -bound
    if price is None or not math.isfinite(price) or not lowest <= price <= bound:
        return None
    return price


def entity_price(state: str, unit: str | None, bound: float) -> float | None:
    """The oracle for a price entity: its number converted by the unit table above."""
    factor = UNITS[unit]
    try:
        number = float(state)
    except ValueError:
        return None
    if factor is None or not math.isfinite(number):
        return None
    return usable(number * factor, bound)


def plausible(reading: Reading | None, limits: Limits) -> Reading | None:
    if reading is None:
        return None
    fine = (
        math.isfinite(reading.input_w)
        and math.isfinite(reading.delivered_w)
        and 0.0 <= reading.input_w <= limits.max_input_w
        and 0.0 <= reading.delivered_w <= limits.max_delivered_w
    )
    return reading if fine else None


def restarted(meter: CostMeter) -> CostMeter:
    """The meter after a restart: its totals through the Store's JSON (which refuses NaN)."""
    stored = json.loads(json.dumps({"meter": meter.as_dict()}, allow_nan=False))
    restored, dropped = CostMeter.restore(stored["meter"])
    assert dropped == {}
    restored.limits = meter.limits
    return restored


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    head=st.sampled_from(HEADS),
    load_scale=st.floats(min_value=CALIBRATION_LIMITS[0], max_value=CALIBRATION_LIMITS[1]),
    currency=st.sampled_from(["EUR", "USD", None]),
    sequence=st.lists(events, min_size=1, max_size=60),
)
def test_meter_totals_stay_finite_bounded_and_survive_restarts(
    head: CostSettings,
    load_scale: float,
    currency: str | None,
    sequence: list[Sample | Gap | Restart | Observe],
) -> None:
    heat_pump = head.heat_pump()
    limits = Limits.for_head(heat_pump, currency)
    assert limits.max_price_per_kwh == ELECTRICITY_BOUND
    meter = CostMeter(limits=limits)
    calibration = Calibration()
    # The oracle's view of the interval in progress: when it started, reading, prices.
    at = START
    last: tuple[datetime, Reading | None, float | None, float | None] | None = None
    expected_energy = expected_cost = 0.0

    for event in sequence:
        before = meter.as_dict()
        if isinstance(event, Restart):
            meter = restarted(meter)
            assert meter.as_dict() == before  # a restart changes no total
            last = None  # ...and is a gap
            continue
        if isinstance(event, Gap):
            meter.gap()
            if last is not None:
                last = (last[0], None, last[2], last[3])
            continue
        if isinstance(event, Observe):
            calibration.observe(START.date(), event.hours, at, limits.max_input_w / 1000)
            calibration.observe(START.date() - timedelta(days=1), event.hours, at)
            low, high = CALIBRATION_LIMITS
            assert low <= calibration.load_scale <= high
            restored, dropped = Calibration.restore(
                json.loads(json.dumps(calibration.as_dict(), allow_nan=False))
            )
            assert (restored, dropped) == (calibration, [])
            continue

        at += timedelta(seconds=event.step_s)
        if isinstance(event.operation, Operation):
            reading = estimate_now(heat_pump, head, event.operation, load_scale)
        else:
            reading = event.operation
        if isinstance(event.price, tuple):
            state, unit = event.price
            price_in = price_from_state(state, unit, limits.max_price_per_kwh).per_kwh
            expected_price = entity_price(state, unit, ELECTRICITY_BOUND)
            assert (price_in is None) == (expected_price is None)
            assert price_in is None or close(price_in, expected_price or 0.0)
        else:
            price_in = event.price
        counted = meter.sample(at, reading, price_in, event.gas_price)
        if counted is not None:
            calibration.add_estimate(counted)
        after = meter.as_dict()

        # The Store only ever gets finite numbers; energy, heat and gas cost never go down (the
        # money charged at the electricity price does, at a negative price).
        json.dumps(after, allow_nan=False)
        for name in TOTALS:
            assert math.isfinite(after[name])
        for name in NEVER_DECREASING:
            assert after[name] >= before[name], name

        # What the oracle says this sample closed: an interval of 0 to MAX_SAMPLE_GAP.
        hours = 0.0
        if last is not None and last[1] is not None:
            elapsed = at - last[0]
            if timedelta(0) < elapsed <= MAX_SAMPLE_GAP:
                hours = elapsed.total_seconds() / 3600
        price = None if last is None else last[2]
        gas_price = None if last is None else last[3]
        added = {name: after[name] - before[name] for name in TOTALS}
        max_kwh = limits.max_input_w * hours / 1000
        max_heat_kwh = limits.max_delivered_w * hours / 1000
        # Physics: no interval adds (or takes away) more than the head can draw (or move) times
        # the price bound.
        assert added["energy_kwh"] <= max_kwh * SLACK
        assert added["heat_kwh"] <= max_heat_kwh * SLACK
        assert abs(added["cost"]) <= max_kwh * limits.max_price_per_kwh * SLACK
        assert abs(added["cost_of_heating"]) <= max_kwh * limits.max_price_per_kwh * SLACK
        assert abs(added["baseboard_cost"]) <= max_heat_kwh * limits.max_price_per_kwh * SLACK
        assert added["gas_cost"] <= max_heat_kwh * limits.max_gas_heat_price_per_kwh * SLACK
        # Without a usable price, money stands still; with one, it moves the price's way.
        if price is None:
            assert all(added[name] == 0 for name in MONEY)
        elif price < 0:
            assert all(added[name] <= 0 for name in MONEY)
        else:
            assert all(added[name] >= 0 for name in MONEY)
        if gas_price is None:
            assert added["gas_cost"] == 0
        # Both sides of a savings comparison are charged at the same electricity price.
        if price is not None and last is not None and last[1] is not None and hours:
            heating = last[1].mode is Mode.HEAT and last[1].delivered_w > 0
            heat = last[1].delivered_w * hours / 1000 if heating else 0.0
            assert close(added["baseboard_cost"], heat * price)
            assert close(added["cost_of_heating"], added["cost"] if heating else 0.0)
        # The energy is exactly the held power over the counted intervals.
        if hours:
            assert last is not None
            assert last[1] is not None
            energy = last[1].input_w * hours / 1000
            expected_energy += energy
            expected_cost += 0.0 if price is None else energy * price
        assert close(meter.energy_kwh, expected_energy)
        assert close(meter.cost, expected_cost)

        last = (
            at,
            plausible(reading, limits),
            usable(price_in, limits.max_price_per_kwh),
            usable(event.gas_price, limits.max_gas_heat_price_per_kwh, gas=True),
        )

    assert restarted(meter).as_dict() == meter.as_dict()


def close(value: float, expected: float) -> bool:
    """Equal but for float rounding in sums."""
    return math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12)


def test_a_day_of_polls_counts_like_the_oracle() -> None:
    """A fixed sequence the property tests generalise: a day of minute polls, bad and negative
    prices among them."""
    settings_ = CostSettings()
    heat_pump = settings_.heat_pump()
    meter = CostMeter(limits=Limits.for_head(heat_pump))
    operation = Operation(True, Mode.HEAT, 2.0, 20.0, 60)
    reading = estimate_now(heat_pump, settings_, operation)
    assert reading is not None
    prices = [0.25, math.nan, 1e308, -0.10, None, -101.0]
    for minute in range(24 * 60):
        meter.sample(START + timedelta(minutes=minute), reading, prices[minute % 6], 0.08)
    minutes = 24 * 60 - 1
    assert close(meter.energy_kwh, reading.input_w * minutes / 60 / 1000)
    # Two prices of six are usable: 0.25 (minute 0 mod 6) and the negative spot price -0.10
    # (minute 3 mod 6); -101 is beyond the bound, a broken sensor.
    counted = [sum(1 for minute in range(minutes) if minute % 6 == k) for k in (0, 3)]
    price_minutes = 0.25 * counted[0] - 0.10 * counted[1]
    assert close(meter.cost, reading.input_w * price_minutes / 60 / 1000)
    assert close(meter.cost_of_heating, meter.cost)
    assert close(meter.baseboard_cost, reading.delivered_w * price_minutes / 60 / 1000)
    assert close(meter.gas_cost, reading.delivered_w * minutes / 60 / 1000 * 0.08)


measured_hours = st.one_of(
    st.none(),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.1, 0.0, 1e308]),
    st.floats(min_value=0.0, max_value=5.0),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=EXAMPLES // 5, deadline=None)
@given(
    estimated=st.lists(st.floats(min_value=0.0, max_value=5.0), min_size=24, max_size=24),
    days=st.lists(st.lists(measured_hours, min_size=24, max_size=24), min_size=1, max_size=6),
    max_hour_kwh=st.sampled_from([4.0, 15.0, 60.0]),
)
def test_calibration_uses_only_possible_hours(
    estimated: list[float], days: list[list[float | None]], max_hour_kwh: float
) -> None:
    """Whatever the head publishes, the scale stays within its limits and its sums finite."""
    calibration = Calibration()
    day = START.date()
    for hour, kwh in enumerate(estimated):
        start = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
        for minute in range(0, 60, 10):
            calibration.add_estimate(
                CountedInterval(
                    start + timedelta(minutes=minute), timedelta(minutes=10), kwh / 6, kwh / 6
                )
            )
    now = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1, minutes=5)
    compared: set[str] = set()  # the oracle: an hour is compared once the head reports it
    for measured in days:
        calibration.observe(day, measured, now, max_hour_kwh)
        low, high = CALIBRATION_LIMITS
        assert low <= calibration.load_scale <= high
        assert all(0.0 <= kwh < math.inf for sums in calibration.days.values() for kwh in sums)
        compared |= {
            f"{day.isoformat()}T{hour:02d}"
            for hour, kwh in enumerate(measured)
            if kwh is not None and math.isfinite(kwh) and 0.0 <= kwh <= max_hour_kwh
        }
        assert calibration.compared == compared
        stored = json.loads(json.dumps(calibration.as_dict(), allow_nan=False))
        assert Calibration.restore(stored) == (calibration, [])
