"""How often a head's and a companion's entities write a state: each is a row in the history.

A head polled every minute for an hour, heating on the emulator's own schedule (cold, its
compressor modulates; mild, it stops and starts below its minimum speed), with prices set.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.minisplit.entity import TOTAL_WRITE_INTERVAL
from custom_components.minisplit.heads import OperationMode
from emulators.daikin import DaikinEmulator, EmulatorModel

from .common import next_poll
from .test_companion import CLIMATE, HEATING, companion_entry, set_up, source_device, tick
from .test_cost import COP, COST, ENERGY, POWER, heat_hard, mock_config_entry

pytestmark = pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")

__all__ = ["mock_config_entry", "source_device"]  # fixtures: the head with prices, a companion

TOTALS = (ENERGY, COST, "sensor.living_savings_vs_baseboard", "sensor.living_savings_vs_gas")


class Writes:
    """Every state written, by entity: (time, state)."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.by_entity: dict[str, list[tuple[datetime, str]]] = {}
        self._stop = hass.bus.async_listen(EVENT_STATE_CHANGED, self._changed)

    @callback
    def _changed(self, event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        assert new is not None
        self.by_entity.setdefault(event.data["entity_id"], []).append((new.last_updated, new.state))

    def counts(self) -> Counter[str]:
        return Counter({entity: len(writes) for entity, writes in self.by_entity.items()})


async def an_hour(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, after_poll: Callable[[], None]
) -> None:
    for _ in range(60):
        await next_poll(hass, freezer)
        after_poll()


def cost_value(entry: MockConfigEntry, key: str) -> Any:
    """What the cost sensor of this key would show now (its description on the coordinator)."""
    from custom_components.minisplit.sensor import COST_SENSORS  # noqa: PLC0415

    description = next(d for d in COST_SENSORS if d.key == key)
    return description.value_fn(entry.runtime_data.cost)


@pytest.mark.parametrize(
    ("emulator_model", "outdoor_mean", "most"),
    # At 4 degC outdoors the unit modulates all hour: measured 36 and 30, mostly the totals
    # (every 15 minutes and at the hour's end) and power and heat moved as its speed moves. At
    # 16 degC the load is below its minimum speed and it also stops and starts: measured 42 and
    # 36 (power, heat moved and the cost rate write at a stop and a start; the COP and the
    # break-even temperature hold through them).
    [
        (EmulatorModel.CLASSIC, 4.0, 38),
        (EmulatorModel.DSIOT, 4.0, 32),
        (EmulatorModel.CLASSIC, 16.0, 44),
        (EmulatorModel.DSIOT, 16.0, 38),
    ],
)
async def test_an_hour_of_polling_writes_what_a_user_sees(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    outdoor_mean: float,
    most: int,
) -> None:
    """Totals at most every 15 minutes and at each hour's end; live values on a visible move.

    After every poll the shown values are what the user needs: the power within 5 % of the
    estimate now, the COP within 0.1, every total as shown (2 decimals) no older than 15 minutes
    and one poll.
    """
    emulator.device.outdoor_mean = outdoor_mean
    emulator.device.state.room_temp = float(emulator.device.state.stemp)  # a room kept warm
    for _ in range(30):  # settle into the head's cycle
        await next_poll(hass, freezer)
    writes = Writes(hass)
    last_moved: dict[str, datetime] = {}

    speeds: list[int] = []

    def check() -> None:
        now = dt_util.utcnow()
        speeds.append(emulator.device.state.compressor_hz)
        power = cost_value(init_integration, "estimated_power")
        shown = hass.states.get(POWER).state
        if power is None:
            assert shown == "unknown"
        else:
            assert abs(float(shown) - power) <= max(1.0, 0.05 * float(shown))
        cop = cost_value(init_integration, "cop")
        shown = hass.states.get(COP).state
        assert (cop is None) == (shown == "unknown")
        if cop is not None:
            assert abs(float(shown) - cop) <= 0.1
        for entity, key in ((ENERGY, "estimated_energy"), (COST, "running_cost")):
            # Shown to 2 decimals: a total that shows what it counted is up to date.
            if round(float(hass.states.get(entity).state), 2) == round(
                cost_value(init_integration, key), 2
            ):
                last_moved[entity] = now
            assert now - last_moved.setdefault(entity, now) <= TOTAL_WRITE_INTERVAL + timedelta(
                minutes=1
            )

    await an_hour(hass, freezer, check)
    # Cold, the compressor ran all hour at a speed that moved; mild, it also stopped and started.
    assert len(set(speeds)) > 3
    assert (0 in speeds) is (outdoor_mean > 10), speeds
    counts = writes.counts()
    assert sum(counts.values()) <= most, counts
    for total in TOTALS:
        # 10:45, 10:59 (the hour's last poll), 11:14 and 11:29; a fifth when a saving turned.
        assert counts[total] <= 5, (total, writes.by_entity.get(total))


@pytest.mark.parametrize("emulator_model", [EmulatorModel.CLASSIC, EmulatorModel.DSIOT])
async def test_each_hour_ends_on_the_total_of_its_last_sample(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The recorder compiles an hour's statistics from the last state written before it ends.

    That state is the total of the hour's last sample, as if every sample were written: the
    hourly statistics and the Energy dashboard are exact.
    """
    await heat_hard(hass)
    writes = Writes(hass)
    samples: dict[str, list[tuple[datetime, float]]] = {ENERGY: [], COST: []}

    def sample() -> None:
        now = dt_util.utcnow()
        samples[ENERGY].append((now, cost_value(init_integration, "estimated_energy")))
        samples[COST].append((now, cost_value(init_integration, "running_cost")))

    for _ in range(3):
        await an_hour(hass, freezer, sample)
    hour_ends = [datetime(2026, 1, 15, hour, tzinfo=dt_util.UTC) for hour in (11, 12, 13)]
    for entity, values in samples.items():
        written = writes.by_entity[entity]
        assert len(written) <= 3 * 5, written
        for end in hour_ends:
            last_sample = [value for at, value in values if at < end][-1]
            last_written = [state for at, state in written if at < end][-1]
            assert float(last_written) == last_sample, (entity, end)


async def test_a_companion_ends_each_hour_on_its_last_tick(
    hass: HomeAssistant, source_device: Any, freezer: FrozenDateTimeFactory
) -> None:
    """A companion samples every 2 minutes: its tick before the hour ends writes the total."""
    entry = companion_entry(hass)
    await set_up(hass, entry)
    writes = Writes(hass)
    energy = "sensor.den_ac_estimated_energy"
    for minute in range(0, 120, 2):
        hass.states.async_set(
            CLIMATE, "heat", {**HEATING, "hvac_action": "heating", "current_temperature": 20.0}
        )
        await tick(hass, freezer)
        del minute
    written = writes.by_entity[energy]
    assert len(written) <= 2 * 5
    end = datetime(2026, 1, 15, 11, tzinfo=dt_util.UTC)
    before = [at for at, _ in written if at < end]
    assert before[-1] >= end - timedelta(minutes=2)


@pytest.mark.parametrize("emulator_model", [EmulatorModel.CLASSIC, EmulatorModel.DSIOT])
async def test_a_poll_that_changes_nothing_writes_nothing(
    hass: HomeAssistant, emulator: DaikinEmulator, init_integration: MockConfigEntry
) -> None:
    """The climate entity and the live sensors write only when what they show changed."""
    coordinator = init_integration.runtime_data.state
    await coordinator.async_refresh()  # the first update after set-up writes them all
    await hass.async_block_till_done()
    with patch("homeassistant.helpers.entity.Entity.async_write_ha_state", autospec=True) as write:
        await coordinator.async_refresh()  # no time passed: the head reads the same
        await hass.async_block_till_done()
        assert write.call_count == 0
        emulator.state.room_temp = 18.0
        await coordinator.async_refresh()
        await hass.async_block_till_done()
    written = sorted(call.args[0].entity_id for call in write.call_args_list)
    assert "climate.living" in written
    assert "sensor.living_indoor_temperature" in written
    assert "sensor.living_outdoor_temperature" not in written


async def test_the_climate_entity_writes_what_the_compressor_does_not_its_speed(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The climate entity shows heating or idle; what the speed and the outdoor temperature mean
    is the sensors' (the compressor frequency's is disabled by default; the estimate follows)."""
    coordinator = init_integration.runtime_data.state
    heating = replace(
        coordinator.data, power=True, mode=OperationMode.HEAT, compressor_frequency=40
    )
    coordinator.async_set_updated_data(heating)
    await hass.async_block_till_done()
    assert hass.states.get("climate.living").attributes["hvac_action"] == "heating"
    with patch("homeassistant.helpers.entity.Entity.async_write_ha_state", autospec=True) as write:
        coordinator.async_set_updated_data(
            replace(heating, compressor_frequency=45, outdoor_temperature=3.5)
        )
        await hass.async_block_till_done()
        moved = {call.args[0].entity_id for call in write.call_args_list}
        write.reset_mock()
        coordinator.async_set_updated_data(replace(heating, compressor_frequency=0))
        await hass.async_block_till_done()
        stopped = {call.args[0].entity_id: call.args[0] for call in write.call_args_list}
    assert "sensor.living_estimated_power" in moved
    assert "sensor.living_outdoor_temperature" in moved
    assert "climate.living" not in moved
    assert stopped["climate.living"].hvac_action == "idle"
