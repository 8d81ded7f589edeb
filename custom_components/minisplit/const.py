"""Constants for the minisplit integration."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Final

DOMAIN: Final = "minisplit"
LOGGER = logging.getLogger(__package__)

MANUFACTURER: Final = "Daikin"

CONF_KEY: Final = "key"
CONF_UUID: Final = "uuid"
# The head's API, as the drivers name it (detected when the head is added; absent in entries
# made before there was a second API: the classic one).
CONF_PROTOCOL: Final = "protocol"

# The head's settings and sensors: two requests per poll. Daikin Wi-Fi adapters are slow and
# fragile (one request at a time; parallel or frequent requests cause timeouts), so we stay at the
# one-minute interval Home Assistant's own Daikin integration has used for years.
STATE_SCAN_INTERVAL: Final = timedelta(seconds=60)
# Energy arrays change once an hour; the adapter info (name, firmware, away) rarely. Two requests.
DEVICE_SCAN_INTERVAL: Final = timedelta(minutes=10)
# Every request gets this long; overloaded adapters sometimes answer after many seconds.
REQUEST_TIMEOUT: Final = 15.0

# The catalogue unit (AHRI number, costcore/catalog.json) the ratings were filled in from.
CONF_CATALOG_UNIT: Final = "catalog_unit"

# A companion entry: running cost for a climate entity of another integration.
CONF_KIND: Final = "kind"
KIND_COMPANION: Final = "companion"
CONF_CLIMATE_ENTITY: Final = "climate_entity"
CONF_OUTDOOR_ENTITY: Final = "outdoor_entity"
CONF_FREQUENCY_ENTITY: Final = "frequency_entity"
CONF_POWER_ENTITY: Final = "power_entity"
CONF_ENERGY_ENTITY: Final = "energy_entity"
# The home's whole-house energy meter (kWh total) a companion learns its unit's signature from.
CONF_HOME_ENERGY_ENTITY: Final = "home_energy_entity"
# The heat loss of the rooms a companion's unit serves (W/K), when the user knows it.
CONF_HEAT_LOSS_W_PER_K: Final = "heat_loss_w_per_k"
# The building model's design outdoor temperature, stored in degC.
CONF_DESIGN_OUTDOOR_C: Final = "design_outdoor_c"
# A companion closes its running interval this often, so that energy lands in the hour it was
# used; it reads only Home Assistant's states then (no device is polled).
COMPANION_TICK: Final = timedelta(minutes=2)
