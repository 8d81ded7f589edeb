"""Classic-API quirks end to end: an adapter that never learned the time, an Alira X class head."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from homeassistant.components.climate import (
    ATTR_SWING_MODE,
    ATTR_SWING_MODES,
    SERVICE_SET_SWING_MODE,
    SERVICE_TURN_OFF,
)
from homeassistant.components.climate import (
    DOMAIN as CLIMATE_DOMAIN,
)
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_ENTITY_ID, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from emulators.daikin import DaikinEmulator, EmulatorModel

CLIMATE = "climate.living"
HEATING = "sensor.living_heating_energy"

pytestmark = pytest.mark.freeze_time("2026-01-15 10:00:00+00:00")


async def test_energy_of_an_adapter_that_never_learned_the_time(
    hass: HomeAssistant,
    emulator: DaikinEmulator,
    setup_entry: Callable[[], Awaitable[MockConfigEntry]],
) -> None:
    emulator.device.unset_clock()
    await setup_entry()
    assert emulator.device.clock_set
    notified = [query for path, query in emulator.requests if path == "/common/notify_date_time"]
    assert notified == [{"date": "2026/01/15", "zone": "GMT", "time": "10:00:00"}]
    state = hass.states.get(HEATING)
    assert state is not None
    assert state.state != STATE_UNAVAILABLE


@pytest.mark.parametrize("emulator_model", [EmulatorModel.ALIRA_X])
@pytest.mark.usefixtures("init_integration")
async def test_alira_x_swing_and_no_power_while_off(
    hass: HomeAssistant, emulator: DaikinEmulator
) -> None:
    attributes = hass.states.get(CLIMATE).attributes
    assert attributes[ATTR_SWING_MODES] == ["off", "vertical", "horizontal", "both"]
    for swing_mode, pair in (("both", ("S", "S")), ("horizontal", ("0", "S")), ("off", ("0", "0"))):
        await hass.services.async_call(
            CLIMATE_DOMAIN,
            SERVICE_SET_SWING_MODE,
            {ATTR_ENTITY_ID: CLIMATE, ATTR_SWING_MODE: swing_mode},
            blocking=True,
        )
        assert hass.states.get(CLIMATE).attributes[ATTR_SWING_MODE] == swing_mode
        _, query = next(
            request
            for request in reversed(emulator.requests)
            if request[0] == "/aircon/set_control_info"
        )
        assert (query["f_dir_ud"], query["f_dir_lr"]) == pair
        assert "f_dir" not in query
    await hass.services.async_call(
        CLIMATE_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: CLIMATE}, blocking=True
    )
    assert not emulator.state.power
    await hass.async_block_till_done()
    # The head says mompow=1 (100 W) while off; the power sensors (estimates from the unit's
    # state, not mompow) show none.
    powers = {
        state.entity_id: state.state
        for state in hass.states.async_all("sensor")
        if state.attributes.get(ATTR_DEVICE_CLASS) == SensorDeviceClass.POWER
    }
    assert powers
    assert all(float(value) == 0 for value in powers.values()), powers
