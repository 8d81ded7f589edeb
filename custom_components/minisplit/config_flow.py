"""Config flow: add a head by address or from zeroconf, reconfigure it, re-enter its key."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from ipaddress import IPv6Address
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_HOST
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo

from .companion import registry_id
from .const import (
    CONF_CLIMATE_ENTITY,
    CONF_DESIGN_OUTDOOR_C,
    CONF_ENERGY_ENTITY,
    CONF_FREQUENCY_ENTITY,
    CONF_HEAT_LOSS_W_PER_K,
    CONF_HOME_ENERGY_ENTITY,
    CONF_KEY,
    CONF_KIND,
    CONF_OUTDOOR_ENTITY,
    CONF_POWER_ENTITY,
    CONF_PROTOCOL,
    CONF_UUID,
    DOMAIN,
    KIND_COMPANION,
    LOGGER,
    REQUEST_TIMEOUT,
)
from .coordinator import is_companion
from .cost.building import DEFAULT_DESIGN_OUTDOOR_C
from .cost_steps import CostOptionSteps, PriceStep
from .costcore.design_climate import suggest_for
from .drivers import async_detect, create_driver, host_from_address, normalize_host
from .errors import flow_error
from .forms import (
    BTUH_PER_F_IN_W_PER_K,
    DESIGN_OUTDOOR,
    HEAT_LOSS,
    HOST_SCHEMA,
    climates_taken,
    companion_schema,
)
from .heads import HeadDriver, HeadError, HeadInfo, InvalidHost

_KEY = re.compile(r"^\d{13}$")
# Ports a zeroconf announcement may carry that are the adapter's default ones (HTTP, HTTPS).
_DEFAULT_PORTS = (None, 80, 443)


class MiniSplitConfigFlow(PriceStep, CostOptionSteps, ConfigFlow, domain=DOMAIN):
    """Set up a mini-split head, or the running cost of a climate entity already there."""

    VERSION = 1
    MINOR_VERSION = 1
    # Adding a companion: the unit picker and ratings form of the options, as steps of their own.
    _unit_step = "companion_unit"
    _ratings_step = "companion_ratings"
    _ratings_with_prices = False  # the last step, the same for heads and companions, asks them
    _brand = None

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> MiniSplitOptionsFlow:
        """The running-cost options."""
        return MiniSplitOptionsFlow()

    def __init__(self) -> None:
        """Start with nothing discovered."""
        super().__init__()
        self._discovered_host: str | None = None
        self._discovered_name: str | None = None
        self._discovered_data: dict[str, Any] = {}

    async def _async_probe(
        self, host: str, key: str | None, uuid: str | None
    ) -> tuple[HeadInfo | None, dict[str, Any], dict[str, str]]:
        """Tell which API the head speaks and talk to it; return its info and entry data.

        A key means a BRP072C (classic API); otherwise the API is detected (classic first).
        On failure the info is None and the error to show is returned instead.
        """
        session = async_get_clientsession(self.hass)
        protocol: str | None = None
        driver: HeadDriver | None = None
        try:
            if key is None:
                protocol = await async_detect(session, host, request_timeout=REQUEST_TIMEOUT)
            driver = create_driver(
                session,
                host,
                protocol=protocol,
                key=key,
                client_id=uuid,
                request_timeout=REQUEST_TIMEOUT,
            )
            info = await driver.async_read_info()
        except HeadError as err:
            if (error := flow_error(err)) is None:
                # No traceback: the message says what went wrong, with the key and uuid redacted
                # (detection runs without a key, so its errors hold no secret).
                text = str(err) if driver is None else driver.redact(str(err))
                LOGGER.warning("Unexpected answer from %s: %s", host, text)
                error = "cannot_connect"
            return None, {}, {"base": error}
        return info, self._entry_data(host, key, driver.client_id, protocol), {}

    def _validate_input(
        self, user_input: dict[str, Any]
    ) -> tuple[str | None, str | None, dict[str, str]]:
        """Check the host and key fields."""
        try:
            host = normalize_host(user_input[CONF_HOST])
        except InvalidHost as err:
            LOGGER.debug("Not a host: %s", err)
            return None, None, {CONF_HOST: "invalid_host"}
        key = (user_input.get(CONF_KEY) or "").strip() or None
        if key is not None and not _KEY.match(key):
            return None, None, {CONF_KEY: "invalid_key_format"}
        return host, key, {}

    async def _async_same_head(
        self, entry: ConfigEntry, host: str, key: str | None, uuid: str | None
    ) -> tuple[ConfigFlowResult | None, dict[str, str]]:
        """Talk to the entry's head at this address with this key, and store them.

        Only the same head (by MAC) is accepted. Without a result, the errors to show.
        """
        info, data, errors = await self._async_probe(host, key, uuid)
        if info is None:
            return None, errors
        await self.async_set_unique_id(format_mac(info.mac))
        self._abort_if_unique_id_mismatch(reason="wrong_device")
        return self._async_update_and_abort(entry, data), {}

    def _async_update_and_abort(self, entry: ConfigEntry, data: dict[str, Any]) -> ConfigFlowResult:
        """Store the new address or key and finish; the head is set up again with them.

        A loaded entry's update listener reloads it (Home Assistant 2026.12 refuses a flow helper
        that reloads an entry with an update listener); any other entry is reloaded here.
        """
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_update_reload_and_abort(entry, data=data)
        if data == entry.data:  # no update reaches the listener; set up again all the same
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
        return self.async_update_and_abort(entry, data=data)

    @staticmethod
    def _entry_data(
        host: str, key: str | None, uuid: str | None, protocol: str | None
    ) -> dict[str, Any]:
        data: dict[str, Any] = {CONF_HOST: host}
        if protocol is not None:
            data[CONF_PROTOCOL] = protocol
        if key is not None:
            data[CONF_KEY] = key
            data[CONF_UUID] = uuid
        return data

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """A head of ours on the network, or the running cost of a climate entity already there."""
        return self.async_show_menu(step_id="user", menu_options=["local_head", "existing_climate"])

    async def async_step_local_head(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the head's address, and the key for BRP072C adapters."""
        errors: dict[str, str] = {}
        if user_input is not None:
            host, key, errors = self._validate_input(user_input)
            if host is not None:
                info, data, errors = await self._async_probe(host, key, None)
                if info is not None:
                    # A set-up the user left (a closed tab) cannot be closed or seen: it must not
                    # block this one. The first to finish makes the entry; the others abort.
                    await self.async_set_unique_id(format_mac(info.mac), raise_on_progress=False)
                    self._abort_if_unique_id_configured()
                    self._title, self._data = info.name or host, data
                    return await self.async_step_price()
        suggested = user_input or (
            {CONF_HOST: self._discovered_host} if self._discovered_host else {}
        )
        return self.async_show_form(
            step_id="local_head",
            data_schema=self.add_suggested_values_to_schema(HOST_SCHEMA, suggested),
            errors=errors,
        )

    async def async_step_existing_climate(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick a climate entity of any integration, its outdoor temperature and sensors."""
        errors: dict[str, str] = {}
        metric = self._metric
        if user_input is not None:
            for field in (CONF_CLIMATE_ENTITY, CONF_OUTDOOR_ENTITY):
                if self.hass.states.get(user_input[field]) is None:
                    errors[field] = "entity_not_found"
            design = user_input[DESIGN_OUTDOOR]
            if not isinstance(design, (int, float)) or not math.isfinite(design):
                errors[DESIGN_OUTDOOR] = "not_finite"
            if not errors:
                climate = user_input[CONF_CLIMATE_ENTITY]
                stored = registry_id(self.hass, climate)
                await self.async_set_unique_id(
                    f"{KIND_COMPANION}-{stored}", raise_on_progress=False
                )
                self._abort_if_unique_id_configured()
                state = self.hass.states.get(climate)
                self._title = state.name if state is not None else climate
                self._data = {CONF_KIND: KIND_COMPANION, CONF_CLIMATE_ENTITY: stored}
                for field in (
                    CONF_OUTDOOR_ENTITY,
                    CONF_FREQUENCY_ENTITY,
                    CONF_POWER_ENTITY,
                    CONF_ENERGY_ENTITY,
                    CONF_HOME_ENERGY_ENTITY,
                ):
                    if user_input.get(field):
                        self._data[field] = registry_id(self.hass, user_input[field])
                if heat_loss := user_input.get(HEAT_LOSS):
                    factor = 1.0 if metric else BTUH_PER_F_IN_W_PER_K
                    self._data[CONF_HEAT_LOSS_W_PER_K] = round(float(heat_loss) * factor, 1)
                self._data[CONF_DESIGN_OUTDOOR_C] = round(
                    float(design) if metric else (float(design) - 32.0) / 1.8, 2
                )
                return await self._async_unit_step()
        weather = sorted(self.hass.states.async_entity_ids("weather"))
        suggested: dict[str, Any] = {DESIGN_OUTDOOR: await self._async_design_default(metric)}
        if weather:
            suggested[CONF_OUTDOOR_ENTITY] = weather[0]  # the home's forecast, if there is one
        return self.async_show_form(
            step_id="existing_climate",
            data_schema=self.add_suggested_values_to_schema(
                companion_schema(metric, climates_taken(self.hass, self._async_current_entries())),
                user_input or suggested,
            ),
            errors=errors,
        )

    async def _async_design_default(self, metric: bool) -> float:
        """The design temperature of the nearest stations, in the user's unit and field step.

        An elevation of 0 is also Home Assistant's unset default: then it is not corrected for.
        """
        cfg = self.hass.config
        found = await self.hass.async_add_executor_job(
            suggest_for, cfg.latitude, cfg.longitude, cfg.elevation or None
        )
        design_c = DEFAULT_DESIGN_OUTDOOR_C if found is None else found.heating_99_c
        if metric:
            return min(max(round(design_c * 2) / 2, -40.0), 15.0)
        return float(min(max(round(design_c * 1.8 + 32), -40), 59))

    def _stored_options(self) -> Mapping[str, Any]:
        return {}

    async def _async_finish(self, data: dict[str, Any]) -> ConfigFlowResult:
        self._options = data
        return await self.async_step_price()

    async def async_step_companion_unit(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the unit behind the climate entity from the catalogue, or say it is not listed."""
        return await self._async_unit_step(user_input)

    async def async_step_companion_ratings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Check the unit's ratings and the prices, then add the companion."""
        return await self._async_ratings_step(user_input)

    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """A head announced itself: identify it, update a known one, or offer to add it."""
        address = discovery_info.ip_address
        if isinstance(address, IPv6Address) and address.is_link_local and not address.scope_id:
            # Unreachable without the interface it was seen on; zeroconf itself prefers others.
            return self.async_abort(reason="link_local_address")
        port = None if discovery_info.port in _DEFAULT_PORTS else discovery_info.port
        try:
            host = host_from_address(address, port)
        except InvalidHost as err:
            LOGGER.debug("Ignoring the announced address: %s", err)
            return self.async_abort(reason="invalid_host")
        info, data, errors = await self._async_probe(host, None, None)
        if info is None:
            if errors.get("base") == "invalid_key":
                # A BRP072C: it needs its key, which only the user can give.
                self._discovered_host = host
                self._async_abort_entries_match({CONF_HOST: host})
                self.context["title_placeholders"] = {"name": host}
                return await self.async_step_local_head()
            return self.async_abort(reason=errors.get("base", "cannot_connect"))
        unique_id = format_mac(info.mac)
        await self.async_set_unique_id(unique_id)
        known = self.hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, unique_id)
        # A loaded head is reloaded by its update listener when its address changes.
        self._abort_if_unique_id_configured(
            updates=data,
            reload_on_update=known is None or known.state is not ConfigEntryState.LOADED,
        )
        self._discovered_host = host
        self._discovered_data = data
        self._discovered_name = info.name or host
        self.context["title_placeholders"] = {"name": self._discovered_name}
        return await self.async_step_zeroconf_confirm()

    async def async_step_zeroconf_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user confirm a discovered head."""
        assert self._discovered_host is not None
        if user_input is not None:
            self._title = self._discovered_name or self._discovered_host
            self._data = self._discovered_data
            return await self.async_step_price()
        self._set_confirm_only()
        return self.async_show_form(
            step_id="zeroconf_confirm",
            description_placeholders={
                "name": self._discovered_name or self._discovered_host,
                "host": self._discovered_host,
            },
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the address or key of a configured head."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            host, key, errors = self._validate_input(user_input)
            if host is not None:
                uuid = entry.data.get(CONF_UUID) if key == entry.data.get(CONF_KEY) else None
                done, errors = await self._async_same_head(entry, host, key, uuid)
                if done is not None:
                    return done
        suggested = user_input or dict(entry.data)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(HOST_SCHEMA, suggested),
            errors=errors,
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The adapter refused its key: ask for it again."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the 13-digit key printed on the adapter."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            host = entry.data[CONF_HOST]
            _, key, errors = self._validate_input({CONF_HOST: host, **user_input})
            if not errors:  # the key asked for again registers with a new client uuid
                done, errors = await self._async_same_head(entry, host, key, None)
                if done is not None:
                    return done
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_KEY): str}),
            description_placeholders={"host": entry.data[CONF_HOST]},
            errors=errors,
        )


class MiniSplitOptionsFlow(CostOptionSteps, OptionsFlow):
    """Ratings, capacities and prices for the running-cost estimate: pick the unit, then check."""

    def _stored_options(self) -> Mapping[str, Any]:
        return self.config_entry.options

    async def _async_finish(self, data: dict[str, Any]) -> ConfigFlowResult:
        return self.async_create_entry(data=data)

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Search the catalogue and pick the unit, or say it is not listed."""
        if is_companion(self.config_entry):
            # A companion's unit is any brand's; its picker says nothing of a head.
            self._brand = None
            self._unit_step = "companion_unit"
        return await self._async_unit_step(user_input)

    async def async_step_companion_unit(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A companion's unit picker (its form is the same; its text speaks of the unit)."""
        return await self._async_unit_step(user_input)

    async def async_step_ratings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Check the ratings and prices, then store them."""
        return await self._async_ratings_step(user_input)
