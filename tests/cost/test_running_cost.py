"""The running-cost layer: options, the estimate now, and totals that skip gaps."""

from __future__ import annotations

import math
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.minisplit.cost.calibration import (
    CALIBRATION_LIMITS,
    CALIBRATION_PRIOR_KWH,
    PART_LOAD_EXPONENT,
    Calibration,
    Measured,
)
from custom_components.minisplit.cost.estimate import (
    DEFAULT_LIMITS,
    FAN_ONLY_W,
    HeatSource,
    Limits,
    Operation,
    Reading,
    estimate_now,
    typical_heating_cop,
)
from custom_components.minisplit.cost.heat_source import (
    BreakEven,
    cheapest_heat_source,
    comparison_load_w,
)
from custom_components.minisplit.cost.meter import (
    MAX_STORED_TOTAL,
    TOTALS,
    CostMeter,
    CountedInterval,
)
from custom_components.minisplit.cost.price import (
    MAX_PRICE_PER_KWH,
    Price,
    PriceProblem,
    checked_price,
    price_bound,
    price_from_state,
)
from custom_components.minisplit.cost.running import RunningCost
from custom_components.minisplit.cost.settings import CostSettings, parse_points
from custom_components.minisplit.costcore import Mode, Speed, break_even_outdoor_c
from custom_components.minisplit.costcore.money import break_even_cop, compare_fuels
from custom_components.minisplit.heads import DailyEnergy

T0 = datetime(2026, 1, 15, 10, tzinfo=UTC)
SETTINGS = CostSettings.from_options(
    {"hspf": 10, "seer": 20, "heating_capacity_btuh": 12000, "gas_price_per_therm": 1.5}
)


def test_options_defaults_and_parsing() -> None:
    settings = CostSettings.from_options({"hspf": "", "afue_percent": 80})
    assert settings.hspf is None
    assert settings.afue == 0.8
    assert settings.min_compressor_hz < settings.max_compressor_hz
    assert settings.gas_heat_price_per_kwh is None
    # With no nameplate at all, a typical ductless head is assumed.
    assert settings.heat_pump().rated_capacity_w(Mode.HEAT) == pytest.approx(3516.85, rel=1e-3)


def test_gas_price_per_kwh_of_heat() -> None:
    per_therm = CostSettings.from_options({"gas_price_per_therm": 1.5, "afue_percent": 95})
    assert per_therm.gas_heat_price_per_kwh == pytest.approx(1.5 / 29.3071 / 0.95, rel=1e-4)
    per_kwh = CostSettings.from_options({"gas_price_per_kwh": 0.1, "afue_percent": 80})
    assert per_kwh.gas_heat_price_per_kwh == pytest.approx(0.125)


def test_published_points() -> None:
    points = parse_points(
        "# mode F speed Btu/h W\nheat 47 min 8000 540\n\nheat, 5, max, 20000, 2900"
    )
    assert [(p.mode, p.speed) for p in points] == [(Mode.HEAT, Speed.MIN), (Mode.HEAT, Speed.MAX)]
    assert points[0].outdoor_c == pytest.approx(8.333, rel=1e-3)
    with pytest.raises(ValueError, match="line 1"):
        parse_points("heat 47 min")
    with pytest.raises(ValueError, match="line 2"):
        parse_points("heat 47 min 8000 540\nwarm 47 min 8000 540")


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        (Operation(False, Mode.HEAT, 5.0, 20.0, 50), Reading(0.0, 0.0, None)),
        (Operation(True, None, 5.0, 20.0, 0), Reading(FAN_ONLY_W, 0.0, None)),
        (Operation(True, Mode.HEAT, 5.0, 20.0, 0), Reading(FAN_ONLY_W, 0.0, None)),
        (Operation(True, Mode.HEAT, None, 20.0, 50), None),
        (Operation(True, Mode.HEAT, 5.0, 20.0, None), None),
    ],
)
def test_estimate_edges(operation: Operation, expected: Reading | None) -> None:
    assert estimate_now(SETTINGS.heat_pump(), SETTINGS, operation) == expected


def test_estimate_running() -> None:
    heat_pump = SETTINGS.heat_pump()
    low = estimate_now(heat_pump, SETTINGS, Operation(True, Mode.HEAT, 5.0, 20.0, 30))
    high = estimate_now(heat_pump, SETTINGS, Operation(True, Mode.HEAT, 5.0, 20.0, 80))
    cold = estimate_now(heat_pump, SETTINGS, Operation(True, Mode.HEAT, -15.0, 20.0, 80))
    assert low is not None
    assert high is not None
    assert cold is not None
    assert FAN_ONLY_W < low.input_w < high.input_w
    # Part load is more efficient than full output; cold air makes everything dearer.
    assert (low.cop or 0) > (high.cop or 0) > 1
    assert (cold.cop or 0) < (high.cop or 0)
    assert typical_heating_cop(heat_pump, -15.0, 20.0) < typical_heating_cop(heat_pump, 8.0, 20.0)
    assert HeatSource("gas") is HeatSource.GAS


def test_meter_counts_held_power_and_skips_gaps() -> None:
    meter = CostMeter()
    heating = Reading(1000.0, 3000.0, Mode.HEAT)
    meter.sample(T0, heating, 0.30, 0.06)
    meter.sample(T0 + timedelta(minutes=1), heating, 0.30, 0.06)
    assert meter.energy_kwh == pytest.approx(1 / 60)
    assert meter.cost == pytest.approx(0.30 / 60)
    assert meter.heat_kwh == pytest.approx(3 / 60)
    assert meter.savings_vs_baseboard == pytest.approx((3 - 1) * 0.30 / 60)
    assert meter.savings_vs_gas == pytest.approx((3 * 0.06 - 0.30) / 60)
    # A sample too long after the last one is a gap: nothing is counted for it.
    meter.sample(T0 + timedelta(minutes=30), heating, 0.30, 0.06)
    assert meter.energy_kwh == pytest.approx(1 / 60)
    # So is an explicit gap.
    meter.gap()
    meter.sample(T0 + timedelta(minutes=31), heating, 0.30, 0.06)
    assert meter.energy_kwh == pytest.approx(1 / 60)
    # Time going backwards counts nothing either.
    meter.sample(T0 + timedelta(minutes=20), heating, 0.30, 0.06)
    assert meter.energy_kwh == pytest.approx(1 / 60)


def test_meter_without_prices_and_in_cooling() -> None:
    meter = CostMeter()
    cooling = Reading(600.0, 2400.0, Mode.COOL)
    meter.sample(T0, cooling, None, None)
    meter.sample(T0 + timedelta(minutes=1), cooling, None, None)
    assert meter.energy_kwh == pytest.approx(0.01)
    assert meter.cost == 0
    assert meter.heat_kwh == 0  # cooling moves heat out; no heating comparison


def test_meter_round_trip() -> None:
    meter = CostMeter(energy_kwh=1.5, cost=0.4, heat_kwh=4.0, baseboard_cost=1.2, gas_cost=0.5)
    restored = CostMeter.from_dict(meter.as_dict())
    assert restored.as_dict() == meter.as_dict()
    assert CostMeter.from_dict({}).as_dict() == CostMeter().as_dict()


def test_each_stored_total_is_restored_on_its_own() -> None:
    # What an older version saved after a NaN price: null where the money totals were.
    stored = {
        "energy_kwh": 12.5,
        "cost": None,
        "heat_kwh": 40.0,
        "baseboard_cost": float("nan"),
        "gas_cost": "3.2",
        "cost_of_heating": -1.0,  # heating at negative spot prices earned money: kept
    }
    meter, dropped = CostMeter.restore(stored)
    assert (meter.energy_kwh, meter.heat_kwh, meter.cost_of_heating) == (12.5, 40.0, -1.0)
    assert (meter.cost, meter.baseboard_cost, meter.gas_cost) == (0, 0, 0)
    assert set(dropped) == {"cost", "baseboard_cost", "gas_cost"}
    assert dropped["gas_cost"] == "3.2"
    # A spike (a 1e308 price) and a total that is not even a mapping are dropped too.
    assert CostMeter.restore({**stored, "cost": 1e308})[1]["cost"] == 1e308
    assert set(CostMeter.restore(None)[1]) == set(TOTALS)
    assert CostMeter.restore([1, 2])[0].as_dict() == CostMeter().as_dict()


def test_negative_totals_are_restored_only_for_money_charged_at_the_electricity_price() -> None:
    signed = {"cost": -3.5, "baseboard_cost": -MAX_STORED_TOTAL, "cost_of_heating": -0.25}
    meter, dropped = CostMeter.restore(
        {"energy_kwh": 1.0, "heat_kwh": 2.0, "gas_cost": 0.0, **signed}
    )
    assert dropped == {}
    assert (meter.cost, meter.baseboard_cost, meter.cost_of_heating) == tuple(signed.values())
    # Energy, heat and gas cost never go below 0; nor does money go beyond the stored bound.
    for name in ("energy_kwh", "heat_kwh", "gas_cost"):
        assert CostMeter.restore({name: -0.5})[1] == {name: -0.5} | {
            other: None for other in TOTALS if other != name
        }
    assert CostMeter.restore({"cost": -1e13})[1]["cost"] == -1e13
    assert "cost" in CostMeter.restore({"cost": float("-inf")})[1]


def test_negative_electricity_price_counts() -> None:
    """Spot tariffs go below zero for hours: heating then earns money, and savings compare alike."""
    meter = CostMeter()
    heating = Reading(1000.0, 3000.0, Mode.HEAT)
    meter.sample(T0, heating, -0.05, 0.06)
    meter.sample(T0 + timedelta(minutes=1), heating, 0.30, 0.06)
    assert meter.energy_kwh == pytest.approx(1 / 60)
    assert meter.heat_kwh == pytest.approx(3 / 60)
    assert meter.cost == pytest.approx(-0.05 / 60)
    assert meter.cost_of_heating == pytest.approx(-0.05 / 60)
    assert meter.baseboard_cost == pytest.approx(3 * -0.05 / 60)
    assert meter.gas_cost == pytest.approx(3 * 0.06 / 60)
    # Baseboard at the same negative price would have earned more (it draws more); gas earns none.
    assert meter.savings_vs_baseboard == pytest.approx((3 - 1) * -0.05 / 60)
    assert meter.savings_vs_gas == pytest.approx((3 * 0.06 + 0.05) / 60)
    # The next minute at 0.30 brings the running cost back up.
    meter.sample(T0 + timedelta(minutes=2), heating, 0.30, 0.06)
    assert meter.cost == pytest.approx(0.25 / 60)
    # The bound applies both ways: below -100 per kWh is a broken sensor, not a tariff.
    assert checked_price(-100.0, MAX_PRICE_PER_KWH) == Price(-100.0)
    assert checked_price(-100.5, MAX_PRICE_PER_KWH) == Price(None, PriceProblem.TOO_LOW)
    # A gas price is never negative.
    assert checked_price(-0.01, MAX_PRICE_PER_KWH, gas=True) == Price(None, PriceProblem.NEGATIVE)
    assert checked_price(0.0, MAX_PRICE_PER_KWH, gas=True) == Price(0.0)
    restored, dropped = CostMeter.restore(meter.as_dict())
    assert (restored.as_dict(), dropped) == (meter.as_dict(), {})


def test_negative_electricity_price_makes_the_heat_pump_cheapest() -> None:
    """No division by the price: the break-even COP is negative, no break-even temperature."""
    heat_pump = SETTINGS.heat_pump()
    for price in (-0.05, -MAX_PRICE_PER_KWH, -1e-12, 0.0):
        assert break_even_cop(price, 0.95, gas_price_per_therm=1.5) <= 0
        assert (
            break_even_outdoor_c(heat_pump, 20.0, 1750.0, price, 0.95, gas_price_per_therm=1.5)
            is None
        )
        for cop in (typical_heating_cop(heat_pump, -25.0, 20.0), 1.0, 4.0):
            comparison = compare_fuels(cop, price, 0.95, gas_price_per_therm=1.5, delivered_w=3000)
            assert comparison.heat_pump_cheaper
            assert comparison.savings_per_mmbtu > 0
            numbers = [
                v for v in (getattr(comparison, f) for f in comparison.__slots__) if v is not None
            ]
            assert all(math.isfinite(number) for number in numbers)


@pytest.mark.parametrize(
    "price", [float("nan"), float("inf"), float("-inf"), -101.0, 1e308, 101.0, None, "0.3", True]
)
def test_unusable_price_charges_nothing(price: object) -> None:
    meter = CostMeter()
    heating = Reading(1000.0, 3000.0, Mode.HEAT)
    for minute in range(3):
        meter.sample(T0 + timedelta(minutes=minute), heating, price, None)  # type: ignore[arg-type]
    assert meter.energy_kwh == pytest.approx(2 / 60)  # the energy still counts
    assert meter.heat_kwh == pytest.approx(6 / 60)
    assert (meter.cost, meter.baseboard_cost, meter.cost_of_heating) == (0, 0, 0)
    assert all(math.isfinite(total) for total in meter.as_dict().values())
    # A usable price applies again from the next sample.
    meter.sample(T0 + timedelta(minutes=3), heating, 0.30, None)
    meter.sample(T0 + timedelta(minutes=4), heating, 0.30, None)
    assert meter.cost == pytest.approx(0.30 / 60)


def test_unusable_gas_price_compares_nothing() -> None:
    meter = CostMeter()
    heating = Reading(1000.0, 3000.0, Mode.HEAT)
    for minute, gas in enumerate((float("nan"), 1e308, -1.0, 0.06)):
        meter.sample(T0 + timedelta(minutes=minute), heating, 0.30, gas)
    assert meter.gas_cost == 0
    assert meter.cost == pytest.approx(3 * 0.30 / 60)


def test_clock_jumps_are_gaps_and_counting_resumes() -> None:
    meter = CostMeter()
    heating = Reading(1200.0, 3000.0, Mode.HEAT)
    meter.sample(T0, heating, 0.30, None)
    meter.sample(T0 + timedelta(minutes=1), heating, 0.30, None)
    counted = meter.energy_kwh
    # The clock jumps a year ahead, then back: neither jump counts...
    meter.sample(T0 + timedelta(days=365), heating, 0.30, None)
    meter.sample(T0 + timedelta(minutes=2), heating, 0.30, None)
    assert meter.energy_kwh == counted
    # ...and the next minute counts again at once (it used to stall until a restart).
    meter.sample(T0 + timedelta(minutes=3), heating, 0.30, None)
    assert meter.energy_kwh == pytest.approx(counted + 1.2 / 60)
    assert meter.cost == pytest.approx(2 * 1.2 / 60 * 0.30)


@pytest.mark.parametrize(
    "reading",
    [
        Reading(float("nan"), 3000.0, Mode.HEAT),
        Reading(1000.0, float("inf"), Mode.HEAT),
        Reading(-5.0, 0.0, None),
        Reading(DEFAULT_LIMITS.max_input_w + 1, 3000.0, Mode.HEAT),
        Reading(1000.0, DEFAULT_LIMITS.max_delivered_w + 1, Mode.HEAT),
    ],
)
def test_impossible_reading_counts_nothing(reading: Reading) -> None:
    meter = CostMeter()
    meter.sample(T0, reading, 0.30, 0.06)
    assert meter.sample(T0 + timedelta(minutes=1), reading, 0.30, 0.06) is None
    assert meter.as_dict() == CostMeter().as_dict()


def test_limits_follow_the_head_and_the_currency() -> None:
    small = Limits.for_head(SETTINGS.heat_pump())
    big = Limits.for_head(
        CostSettings.from_options({"heating_capacity_btuh": 48000, "pan_heater_w": 200}).heat_pump()
    )
    assert 10_000 < small.max_input_w < 20_000  # 4 W per W of a 3.5 kW head, and the fan
    assert big.max_input_w > small.max_input_w
    assert small.max_price_per_kwh == MAX_PRICE_PER_KWH == price_bound("EUR")
    # In currencies of many units to the euro the bound is as many times higher.
    assert price_bound("krw") == MAX_PRICE_PER_KWH * 1e4
    assert Limits.for_head(SETTINGS.heat_pump(), "JPY").max_price_per_kwh == 1e5
    # Published points of an absurd input make the bound larger, never raise.
    points = parse_points("heat 47 max 16000 50000")
    wild = CostSettings.from_options({"published_points": "heat 47 max 16000 50000"})
    assert wild.points == points
    assert Limits.for_head(wild.heat_pump()).max_input_w >= 4 * 50000


@pytest.mark.parametrize(
    ("state", "unit", "expected"),
    [
        ("0.25", "EUR/kWh", Price(0.25)),
        ("250", "EUR/MWh", Price(0.25)),
        ("0.00025", "EUR/Wh", Price(0.25)),
        ("25", "ct/kWh", Price(0.25)),
        ("25", "c/kWh", Price(0.25)),
        ("0.25", None, Price(0.25)),  # a number helper without a unit: per kWh
        ("0.25", "EUR", Price(0.25)),
        ("69.444", "EUR/GJ", Price(0.25)),
        ("1.2", "EUR/m³", Price(None, PriceProblem.UNKNOWN_UNIT)),
        ("1.2", "EUR/therm", Price(None, PriceProblem.UNKNOWN_UNIT)),
        ("unavailable", "EUR/kWh", Price(None, PriceProblem.UNAVAILABLE)),
        ("unknown", "EUR/kWh", Price(None, PriceProblem.UNAVAILABLE)),
        (None, None, Price(None, PriceProblem.UNAVAILABLE)),
        ("cheap", "EUR/kWh", Price(None, PriceProblem.NOT_A_NUMBER)),
        ("nan", "EUR/kWh", Price(None, PriceProblem.NOT_A_NUMBER)),
        ("inf", "EUR/kWh", Price(None, PriceProblem.NOT_A_NUMBER)),
        ("-0.02", "EUR/kWh", Price(-0.02)),  # spot tariffs go below zero
        ("-5.3", "ct/kWh", Price(-0.053)),
        ("-12.5", "EUR/MWh", Price(-0.0125)),
        ("-150", "EUR/kWh", Price(None, PriceProblem.TOO_LOW)),
        ("1e308", "EUR/kWh", Price(None, PriceProblem.TOO_HIGH)),
        ("150", "EUR/kWh", Price(None, PriceProblem.TOO_HIGH)),
        ("150", "EUR/MWh", Price(0.15)),
    ],
)
def test_price_from_a_price_entity(state: str | None, unit: str | None, expected: Price) -> None:
    price = price_from_state(state, unit, MAX_PRICE_PER_KWH)
    assert price.problem == expected.problem
    assert price.per_kwh == pytest.approx(expected.per_kwh, rel=1e-4)


def test_options_with_non_finite_numbers_are_invalid() -> None:
    with pytest.raises(ValueError, match="hspf"):
        CostSettings.from_options({"hspf": float("nan")})
    for line in ("heat 47 max nan 540", "heat 47 max 8000 inf", "heat 47 max 8000 -5"):
        with pytest.raises(ValueError, match="line 1"):
            parse_points(line)


def hour_interval(day: int, hour: int, kwh: float, minutes: int = 60) -> list[CountedInterval]:
    start = datetime(2026, 1, day, hour, tzinfo=UTC)
    return [
        CountedInterval(start + timedelta(minutes=m), timedelta(minutes=1), kwh / 60, kwh / 60)
        for m in range(minutes)
    ]


def fitted(measured_kwh: float, estimated_kwh: float) -> float:
    """The scale the calibration fits: the estimate weighs as much as CALIBRATION_PRIOR_KWH."""
    prior = CALIBRATION_PRIOR_KWH
    scale = ((measured_kwh + prior) / (estimated_kwh + prior)) ** (1 / PART_LOAD_EXPONENT)
    return min(max(scale, CALIBRATION_LIMITS[0]), CALIBRATION_LIMITS[1])


def test_calibration_scales_the_load_toward_the_measurement() -> None:
    calibration = Calibration()
    for hour in range(4):
        for interval in hour_interval(15, hour, 1.0):
            calibration.add_estimate(interval)
    measured = [0.0] * 24
    measured[:4] = [0.5, 0.5, 0.5, 0.5]
    now = datetime(2026, 1, 15, 4, 5, tzinfo=UTC)
    # Two kWh measured against four estimated: the load comes down, part of the way.
    assert calibration.observe(date(2026, 1, 15), measured, now)
    assert calibration.load_scale == pytest.approx(fitted(2.0, 4.0))
    assert 0.5 ** (1 / 1.4) < calibration.load_scale < 0.95
    # Hours already compared are not compared again.
    assert not calibration.observe(date(2026, 1, 15), measured, now)


def test_calibration_waits_for_complete_covered_hours() -> None:
    calibration = Calibration()
    for interval in hour_interval(15, 0, 1.0, minutes=30):  # half an hour of estimate only
        calibration.add_estimate(interval)
    for interval in hour_interval(15, 1, 1.0):
        calibration.add_estimate(interval)
    measured = [5.0, 1.0] + [0.0] * 22
    # Hour 1 is not over at 01:30, and hour 0 was covered only half: nothing to compare.
    assert not calibration.observe(
        date(2026, 1, 15), measured, datetime(2026, 1, 15, 1, 30, tzinfo=UTC)
    )
    assert calibration.days == {}
    # At 02:05 hour 1 counts (it agrees with the estimate: the scale stays).
    assert not calibration.observe(
        date(2026, 1, 15), measured, datetime(2026, 1, 15, 2, 5, tzinfo=UTC)
    )
    assert calibration.load_scale == 1.0
    assert calibration.days == {"2026-01-15": [1.0, pytest.approx(1.0)]}


def test_calibration_skips_unreadable_and_impossible_hours() -> None:
    calibration = Calibration()
    for hour in range(6):
        for interval in hour_interval(15, hour, 1.0):
            calibration.add_estimate(interval)
    # Hours the head could not report, or reported as nonsense, are not compared...
    measured: list[float | None] = [None, float("nan"), float("inf"), -0.5, 500.0, 0.5]
    now = datetime(2026, 1, 15, 6, 5, tzinfo=UTC)
    assert calibration.observe(date(2026, 1, 15), measured, now, max_hour_kwh=15.0)
    assert calibration.days == {"2026-01-15": [0.5, pytest.approx(1.0)]}
    assert calibration.compared == {"2026-01-15T05"}
    assert calibration.load_scale == pytest.approx(fitted(0.5, 1.0))
    # ...and stay comparable once the head reports them properly (booked at scale 1).
    assert calibration.observe(date(2026, 1, 15), [0.5] * 6, now, max_hour_kwh=15.0)
    assert calibration.load_scale == pytest.approx(fitted(3.0, 6.0))


def test_calibration_restore_keeps_what_is_readable() -> None:
    calibration = Calibration(load_scale=0.8)
    for interval in hour_interval(15, 0, 1.0):
        calibration.add_estimate(interval)
    stored = calibration.as_dict()
    assert Calibration.restore(stored) == (calibration, [])
    broken = {
        **stored,
        "load_scale": float("nan"),
        "days": {"2026-01-14": [1.0, "x"]},
        "estimated": {"2026-01-15T00": "x"},
    }
    restored, dropped = Calibration.restore(broken)
    assert restored.load_scale == 1.0
    assert restored.estimated == {}
    assert restored.covered_s == {}  # an hour without its estimate cannot be compared
    assert restored.days == {}
    assert set(dropped) == {"load_scale", "days", "estimated", "covered_s"}
    assert Calibration.restore(None)[0] == Calibration()
    # A scale outside the calibration's limits is not restored either.
    assert Calibration.restore({**stored, "load_scale": 50.0})[0].load_scale == 1.0


def test_calibration_moves_slowly_and_fits_two_weeks() -> None:
    """One odd day moves the scale little; two weeks that agree decide it; older days go."""
    calibration = Calibration()
    true_scale = 1.3 ** (1 / PART_LOAD_EXPONENT)  # the unit draws 1.3 times the estimate
    for day in range(1, 29):
        estimated = 0.5 * calibration.load_scale**PART_LOAD_EXPONENT  # at the scale of now
        for hour in range(24):
            for interval in hour_interval(day, hour, estimated):
                calibration.add_estimate(interval)
        measured = [0.5 * (3 if day == 3 else 1.3)] * 24  # day 3: the meter said 3x
        now = datetime(2026, 1, day, 23, tzinfo=UTC) + timedelta(hours=1, minutes=5)
        calibration.observe(date(2026, 1, day), measured, now)
        if day == 3:
            assert calibration.load_scale < true_scale * 1.2
    assert len(calibration.days) <= 15
    assert calibration.load_scale == pytest.approx(true_scale, rel=0.02)


def test_calibration_forgets_hours_booked_before_the_clock_went_back() -> None:
    calibration = Calibration()
    for interval in hour_interval(20, 0, 1.0):  # booked while the clock was five days ahead
        calibration.add_estimate(interval)
    calibration.observe(date(2026, 1, 15), [0.0] * 24, datetime(2026, 1, 15, 12, tzinfo=UTC))
    assert calibration.estimated == {}
    assert calibration.covered_s == {}


def test_calibration_is_bounded_remembers_and_forgets() -> None:
    calibration = Calibration()
    for hour in range(10):
        for interval in hour_interval(15, hour, 0.1):
            calibration.add_estimate(interval)
    measured = [9.0] * 10 + [0.0] * 14
    assert calibration.observe(date(2026, 1, 15), measured, datetime(2026, 1, 15, 11, tzinfo=UTC))
    assert calibration.load_scale == 2.0  # a 90-fold error is wrong options, not something to learn
    restored = Calibration.from_dict(calibration.as_dict())
    assert restored == calibration
    restored.observe(date(2026, 1, 20), [0.0] * 24, datetime(2026, 1, 20, 12, tzinfo=UTC))
    assert restored.estimated == {}
    assert restored.compared == set()


def test_calibration_against_daily_totals_waits_for_a_covered_completed_day() -> None:
    calibration = Calibration()
    for hour in range(24):
        for interval in hour_interval(15, hour, 0.25):  # 6 kWh estimated over the day
            calibration.add_estimate(interval)
    day = date(2026, 1, 15)
    # The day is not over yet: nothing is compared.
    assert not calibration.observe_day(day, 3.0, datetime(2026, 1, 15, 23, 30, tzinfo=UTC))
    # Unreadable and impossible totals are skipped and stay comparable.
    after = datetime(2026, 1, 16, 0, 10, tzinfo=UTC)
    for nonsense in (None, float("nan"), -1.0, 500.0):
        assert not calibration.observe_day(day, nonsense, after, max_day_kwh=144.0)
    assert calibration.compared == set()
    # Three kWh measured against six estimated: the load comes down, once.
    assert calibration.observe_day(day, 3.0, after, max_day_kwh=144.0)
    assert calibration.load_scale == pytest.approx(fitted(3.0, 6.0))
    assert not calibration.observe_day(day, 3.0, after, max_day_kwh=144.0)
    assert calibration.compared == {"2026-01-15"}


def test_calibration_against_daily_totals_needs_most_of_the_day_estimated() -> None:
    calibration = Calibration()
    for hour in range(12):  # the estimate covered half the day (Home Assistant was down)
        for interval in hour_interval(15, hour, 0.5):
            calibration.add_estimate(interval)
    assert not calibration.observe_day(date(2026, 1, 15), 3.0, datetime(2026, 1, 16, 1, tzinfo=UTC))
    assert calibration.days == {}
    assert calibration.load_scale == 1.0


def test_pan_heater_counts_while_heating_in_the_cold() -> None:
    options = {"hspf": 10, "seer": 20, "heating_capacity_btuh": 12000}
    plain = CostSettings.from_options(options)
    with_pan = CostSettings.from_options({**options, "pan_heater_w": 150})
    assert with_pan.heat_pump().pan_heater_w == 150.0
    assert plain.heat_pump().pan_heater_w == 0.0
    for outdoor_c, extra in ((0.0, 150.0), (-15.0, 150.0), (8.0, 0.0)):
        running = Operation(True, Mode.HEAT, outdoor_c, 20.0, 50)
        base = estimate_now(plain.heat_pump(), plain, running)
        pan = estimate_now(with_pan.heat_pump(), with_pan, running)
        assert base is not None
        assert pan is not None
        assert pan.input_w - base.input_w == pytest.approx(extra)
    # Cooling never runs the pan heater.
    cooling = Operation(True, Mode.COOL, 0.0, 20.0, 50)
    assert estimate_now(with_pan.heat_pump(), with_pan, cooling) == estimate_now(
        plain.heat_pump(), plain, cooling
    )


def test_an_interval_that_would_overflow_is_not_counted() -> None:
    meter = CostMeter(energy_kwh=sys.float_info.max, limits=Limits(1e308, 1e308))
    huge = Reading(1e308, 0.0, Mode.COOL)
    meter.sample(T0, huge, 0.30, None)
    assert meter.sample(T0 + timedelta(minutes=1), huge, 0.30, None) is None
    assert meter.energy_kwh == sys.float_info.max
    assert meter.cost == 0


def test_a_heads_measured_hours_are_compared_where_they_were_used() -> None:
    """The ledger places a head hour on Home Assistant's clock; the calibration keys it so."""
    zone = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 1, 15, 9, 5, tzinfo=zone)
    # A head on UTC: its hours 6 and 7 were 07:00 and 08:00 here.
    hours = [
        (datetime(2026, 1, 15, 6, tzinfo=UTC), 0.5),
        (datetime(2026, 1, 15, 7, tzinfo=UTC), 0.7),
        (datetime(2026, 1, 14, 23, tzinfo=UTC), 0.2),  # 00:00 here, the 15th
    ]
    measured = Measured.from_head(None, hours, now)
    days = dict(measured.hours)
    assert days[date(2026, 1, 15)][7] == 0.5
    assert days[date(2026, 1, 15)][8] == 0.7
    assert days[date(2026, 1, 15)][0] == 0.2
    assert days[date(2026, 1, 15)][6] is None  # not measured: never compared
    assert Measured.from_head(DailyEnergy((1.0,) * 7), hours, now).days == (1.0,) * 7


def test_the_cop_shown_is_the_one_the_unit_runs_at_through_its_stops() -> None:
    """An inverter stops several times an hour at low load: its COP stays; off, it is unknown."""
    running = RunningCost()
    at = T0

    def sample(operation: Operation) -> float | None:
        nonlocal at
        at += timedelta(minutes=2)
        running.sample(at, operation, design_outdoor_c=None, limits=DEFAULT_LIMITS)
        return running.cop

    heating = sample(Operation(True, Mode.HEAT, 2.0, 20.0, 50.0))
    assert heating is not None
    assert heating == running.reading.cop  # type: ignore[union-attr]
    assert sample(Operation(True, Mode.HEAT, 2.0, 20.0, 0.0)) == heating  # compressor stopped
    # A thermostat idle in heat (a companion's climate entity): still heating's COP.
    assert sample(Operation(False, None, 2.0, 20.0, None, idle_mode=Mode.HEAT)) == heating
    assert sample(Operation(False, None, 2.0, 20.0, None)) is None  # off
    again = sample(Operation(True, Mode.HEAT, 2.0, 20.0, 50.0))  # (a cycle's loss, if it cycles)
    assert again is not None
    assert again == running.reading.cop  # type: ignore[union-attr]
    assert sample(Operation(True, Mode.COOL, 30.0, 25.0, 0.0)) is None  # not cooling's COP
    assert sample(Operation(True, Mode.HEAT, 2.0, 20.0, 50.0)) is not None
    running.gap()  # the unit's state unknown
    assert running.cop is None


def test_the_house_load_compared_with_gas_is_the_last_hour_of_heating() -> None:
    """Stops and starts average out: the comparison with gas holds through a unit's stops."""
    running = RunningCost()
    at = T0  # 10:00

    def minutes(count: int, operation: Operation) -> None:
        nonlocal at
        for _ in range(count):
            running.sample(at, operation, design_outdoor_c=None, limits=DEFAULT_LIMITS)
            at += timedelta(minutes=1)

    on, idle = Operation(True, Mode.HEAT, 2.0, 20.0, 50.0), Operation(True, Mode.HEAT, 2.0, 20.0, 0)
    delivered = running.estimator.checked(on, None, 1.0, DEFAULT_LIMITS).reading.delivered_w  # type: ignore[union-attr]
    for _ in range(6):  # an hour of 4 minutes on, 6 idle
        minutes(4, on)
        assert running.heat_load_w is None  # no hour heated yet
        minutes(6, idle)
    minutes(1, on)  # 11:00: the hour is complete
    assert running.heat_load_w == pytest.approx(delivered * 0.4)
    minutes(9, idle)
    assert running.heat_load_w == pytest.approx(delivered * 0.4)
    minutes(1, Operation(False, None, 2.0, 20.0, None))  # off: no heating load
    assert running.heat_load_w is None


@pytest.mark.parametrize("outdoor_c", [-25.0, -15.0, -5.0, 5.0])
def test_the_cheapest_heat_source_agrees_with_the_break_even_temperature(outdoor_c: float) -> None:
    heat_pump = SETTINGS.heat_pump()
    load = comparison_load_w(heat_pump, 1234.0)
    assert load == 1250.0  # to LOAD_STEP_W
    price, gas = 0.20, SETTINGS.gas_heat_price_per_kwh
    break_even = BreakEven().outdoor_c(heat_pump, SETTINGS, 20.0, load, price, gas)
    assert break_even is not None
    cheapest = cheapest_heat_source(heat_pump, load, price, gas, outdoor_c, 20.0)
    assert cheapest is (HeatSource.GAS if outdoor_c < break_even else HeatSource.HEAT_PUMP)
