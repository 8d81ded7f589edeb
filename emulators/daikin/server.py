"""The emulated adapter's HTTP(S) server: the Daikin local API plus a small control surface.

Wire format (API notes): plain text `ret=OK,key=value,...`, `ret` first, HTTP 200 even for
refusals. An unknown path answers `ret=PARAM NG,msg=404 Not Found` with HTTP 200, as a BRP069B41
did for `/skyfi/aircon/get_model_info` (cbrandlehner/homebridge-daikin-local#221).
`set_control_info` answers `ret=OK,adv=` (ael-code/daikin-aricon-pylib#2); `set_special_mode`
answers `ret=OK,adv=<new adv>` (revk/xESP32-Faikout#348, openhab/openhab-addons#13198).

The minor reads `/aircon/get_year_power`, `/common/get_datetime`, `/common/get_remote_method`,
`/common/get_holiday`, `/common/get_notify`, `/aircon/get_target` and `/aircon/get_price` answer in
the shapes of pydaikin's BRP069 captures (docs/sample_requests/brp069; facts only, values ours).

Clock (`clock_unset=True`, CLI `--clock-unset`): an adapter never connected to the Daikin cloud
answers `get_datetime` with `sta=0,cur=-` and every `/aircon/get_*_power_ex` with `ret=NG` ("time
is not sync") until `/common/notify_date_time?date=YYYY/MM/DD&zone=GMT&time=HH:MM:SS` (the format
pydaikin's `set_clock` sends, also in arska/python-daikinapi#16) sets it; then `sta=1`
(fredrike/pydaikin#161). A cloud-synced adapter says `sta=2` (the brp069 capture). Whether the
NG carries a `msg` is not recorded anywhere; the emulator sends the bare `ret=NG`, and keeps
`get_week_power` / `get_year_power` (not `_ex`) answering. `get_datetime` shows the adapter's
clock (`cur`, unpadded as in the brp069 capture): the simulated time in the zone `tz`, plus
`clock_offset` (CLI `--tz`, `--clock-offset HOURS`); the energy arrays follow that clock (see
device.py). Like every API request it is recorded in `requests`.

The adapter serves one request at a time (API notes: parallel requests cause timeouts), so
handling is serialised with a lock: a slow reply delays the next one. Every answer closes the
connection, so "drop the next N connections" means the next N requests.

Control surface, never subject to faults or authentication, not recorded in `requests`:
`GET /_emulator/state` (JSON), `GET /_emulator/faults?latency=0.5&drop_all=1&http_error=none`
(sets switches, JSON back), `GET /_emulator/advance?seconds=3600` (moves simulated time on).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .const import (
    DEFAULT_KEY,
    DEFAULT_MAC,
    DEFAULT_NAME,
    DSIOT_MODELS,
    F_DIR_TO_SPLIT_SWING,
    MODE_FAN,
    SPLIT_SWING_TO_F_DIR,
    EmulatorModel,
)
from .demand import DemandControl
from .device import Device, DeviceState, format_temp, half_degrees
from .dsiot import PREFIX as DSIOT_PREFIX
from .dsiot import DsiotAdapter
from .faults import Faults
from .tls import TlsOnlyServer, server_context

Fields = list[tuple[str, str]]
CONTROL_PREFIX = "/_emulator/"
PARAM_NG: Fields = [("ret", "PARAM NG")]
NG: Fields = [("ret", "NG")]
# What an adapter without a clock refuses with `ret=NG` (fredrike/pydaikin#161).
NEEDS_CLOCK = frozenset(
    {"/aircon/get_day_power_ex", "/aircon/get_week_power_ex", "/aircon/get_year_power_ex"}
)
# The split swing fields Alira X class heads take instead of f_dir (pydaikin DaikinBRP069.set).
SPLIT_SWING_FIELDS = ("f_dir_ud", "f_dir_lr")
UNKNOWN_PATH: Fields = [("ret", "PARAM NG"), ("msg", "404 Not Found")]
# Not key=value text at all: what a confused adapter or a captive portal may send.
MALFORMED_BODY = "<html><body>\x00\x1b garbage from the adapter</body></html>"


def encode(fields: Fields) -> str:
    """Join fields the way the adapter does: `key=value` separated by commas, no escaping."""
    return ",".join(f"{key}={value}" for key, value in fields)


def percent_bytes(text: str) -> str:
    """Encode every UTF-8 byte as `%xx`, like the adapter's `name` (`%4c%69...` = "Living")."""
    return "".join(f"%{byte:02x}" for byte in text.encode())


def _join(values: list[int]) -> str:
    """Join an energy array with `/`."""
    return "/".join(str(value) for value in values)


class DaikinEmulator:
    """An emulated Daikin Wi-Fi adapter and indoor unit, served over real HTTP(S)."""

    def __init__(
        self,
        model: EmulatorModel | str = EmulatorModel.CLASSIC,
        key: str | None = None,
        tz: str = "UTC",
        now: Callable[[], dt.datetime] | None = None,
        *,
        mac: str = DEFAULT_MAC,
        name: str = DEFAULT_NAME,
        outdoor_mean: float = 8.0,
        model_code: str | None = None,
        clock_unset: bool = False,
        clock_offset: dt.timedelta = dt.timedelta(),
    ) -> None:
        """Create the emulated head; `now` defaults to `datetime.now(UTC)` read on each request.

        `clock_unset` plays an adapter that never learned the time, `clock_offset` one whose
        clock is that far off (see the module notes).
        """
        self.model = EmulatorModel(model)
        if model_code is None:
            model_code = "A941" if self.model is EmulatorModel.ALIRA_X else "0AB9"
        self._key = key if key is not None else DEFAULT_KEY
        self.tz = tz
        self.mac = mac.upper()
        self.name = name
        self.model_code = model_code
        self.faults = Faults()
        self.dsiot = DsiotAdapter(self)  # /dsiot/multireq of firmware 2.8+ (dsiot.py)
        self.demand = DemandControl()  # /aircon/*_demand_control (demand.py)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.registered_uuids: set[str] = set()
        self.device = Device(tz=tz, now=now, outdoor_mean=outdoor_mean, clock_offset=clock_offset)
        if clock_unset:
            self.device.unset_clock()
        self._lock = asyncio.Lock()
        # Whether a client set the clock (`sta=1`) rather than the cloud (`sta=2`).
        self._clock_from_client = False
        self._runner: web.AppRunner | None = None
        self._tls_server: TlsOnlyServer | None = None
        self._host = "127.0.0.1"
        self._port = 0

    # -- public properties -------------------------------------------------------------------

    @property
    def state(self) -> DeviceState:
        """Return the unit's mutable state."""
        return self.device.state

    @property
    def key(self) -> str:
        """Return the BRP072C key the adapter expects."""
        return self._key

    @key.setter
    def key(self, value: str) -> None:
        """Change the key, as a reset adapter would; earlier registrations are forgotten."""
        if value != self._key:
            self.registered_uuids.clear()
        self._key = value

    @property
    def humidity_sensor(self) -> bool:
        """Return whether the head reports indoor humidity."""
        return self.model is not EmulatorModel.CLASSIC_NOHUMIDITY

    @property
    def split_swing(self) -> bool:
        """Return whether swing is `f_dir_ud` / `f_dir_lr` instead of `f_dir` (Alira X class)."""
        return self.model is EmulatorModel.ALIRA_X

    @property
    def demand_control_offered(self) -> bool:
        """Return whether model info says `dmnd=1` and the demand control paths answer."""
        return not self.split_swing

    @property
    def secure(self) -> bool:
        """Return whether the adapter speaks HTTPS."""
        return self.model is EmulatorModel.BRP072C

    @property
    def port(self) -> int:
        """Return the TCP port the adapter listens on."""
        return self._port

    @property
    def host(self) -> str:
        """Return `host:port`, what a user types into the config flow."""
        return f"{self._host}:{self._port}"

    @property
    def url(self) -> str:
        """Return the base URL of the adapter."""
        return f"{'https' if self.secure else 'http'}://{self.host}"

    def advance(self, seconds: float) -> None:
        """Move simulated time on by `seconds` (on top of the clock)."""
        self.device.advance(seconds)

    # -- life cycle --------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on `host:port` (0 picks a free port)."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await runner.setup()
        try:
            if self.secure:
                # HTTPS only, plain HTTP refused, as the BRP072C does (see tls.py).
                assert runner.server is not None  # set by setup()
                self._tls_server = TlsOnlyServer(runner.server, server_context(), host, port)
                self._tls_server.start()
                self._port = self._tls_server.port
            else:
                site = web.TCPSite(runner, host, port)
                await site.start()
                self._port = int(runner.addresses[0][1])
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._host = host

    async def stop(self) -> None:
        """Stop listening; calling it twice is harmless."""
        runner, self._runner = self._runner, None
        tls_server, self._tls_server = self._tls_server, None
        if tls_server is not None:
            await tls_server.close()
        if runner is not None:
            await runner.cleanup()

    # -- request handling --------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one request: control surface, faults, authentication, then the API."""
        path = request.path
        if path.startswith(CONTROL_PREFIX):
            return self._control(path[len(CONTROL_PREFIX) :], dict(request.query))
        query = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            query |= {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        self.requests.append((path, query))
        faults = self.faults
        if faults.drop_all or faults.drop_connections > 0:
            if not faults.drop_all:
                faults.drop_connections -= 1
            return self._drop(request)
        async with self._lock:
            if faults.latency > 0:
                await _real_sleep(faults.latency)
            if faults.http_error is not None:
                return _closing(web.Response(status=faults.http_error, text="Error"))
            if self.model is EmulatorModel.UNSUPPORTED_404:
                return _closing(web.Response(status=404, text="404 Not Found"))
            if self.secure and not self._authorised(path, query, request):
                return _closing(web.Response(status=403, text="403 Forbidden"))
            if faults.malformed:
                return _closing(web.Response(text=MALFORMED_BODY))
            if self.model in DSIOT_MODELS or path.startswith(DSIOT_PREFIX):
                return _closing(await self.dsiot.handle(request))
            self.device.evaluate()
            fields = self._answer(path, query)
            return _closing(web.Response(text=encode(fields)))

    @staticmethod
    def _drop(request: web.Request) -> web.StreamResponse:
        """Close the connection without answering; aiohttp discards the unused response."""
        if request.transport is not None:
            request.transport.close()
        return web.Response()

    def _authorised(self, path: str, query: dict[str, str], request: web.Request) -> bool:
        """Apply BRP072C registration: unknown uuids get 403 everywhere."""
        uuid = request.headers.get("X-Daikin-uuid", "")
        if path == "/common/register_terminal":
            if uuid and query.get("key") == self._key:
                self.registered_uuids.add(uuid)
                return True
            return False
        return uuid in self.registered_uuids

    def _answer(self, path: str, query: dict[str, str]) -> Fields:
        """Return the fields the adapter answers on `path`."""
        getters: dict[str, Callable[[], Fields]] = {
            "/common/basic_info": self._basic_info,
            "/aircon/get_model_info": self._model_info,
            "/aircon/get_sensor_info": self._sensor_info,
            "/aircon/get_control_info": self._control_info,
            "/aircon/get_day_power_ex": self._day_power_ex,
            "/aircon/get_week_power": self._week_power,
            "/aircon/get_week_power_ex": self._week_power_ex,
            "/aircon/get_year_power_ex": self._year_power_ex,
            "/aircon/get_year_power": self._year_power,
            "/common/get_datetime": self._datetime,
            "/common/get_remote_method": lambda: [
                ("method", "home only"),
                ("notice_ip_int", "3600"),
                ("notice_sync_int", "60"),
            ],
            "/common/get_holiday": lambda: [("en_hol", "1" if self.state.holiday else "0")],
            "/common/get_notify": lambda: [("auto_off_flg", "0"), ("auto_off_tm", "- -")],
            "/aircon/get_target": lambda: [("target", "0")],
            "/aircon/get_price": lambda: [("price_int", "27"), ("price_dec", "0")],
        }
        if self.demand_control_offered:
            getters["/aircon/get_demand_control"] = self.demand.answer
        if path in NEEDS_CLOCK and not self.device.clock_set:
            return NG
        if path in getters:
            return [("ret", "OK"), *getters[path]()]
        setters: dict[str, Callable[[dict[str, str]], bool]] = {
            "/aircon/set_control_info": self._set_control,
            "/aircon/set_special_mode": self.device.set_special_mode,
            "/common/set_holiday": self.device.set_holiday,
            "/common/notify_date_time": self._notify_date_time,
        }
        if self.demand_control_offered:
            setters["/aircon/set_demand_control"] = self._set_demand_control
        if path in setters:
            if self.faults.param_ng or not setters[path](query):
                return PARAM_NG
            if path in {
                "/common/set_holiday",
                "/common/notify_date_time",
                "/aircon/set_demand_control",
            }:
                return [("ret", "OK")]
            return [("ret", "OK"), ("adv", self.state.adv)]
        if path == "/common/register_terminal":
            return [("ret", "OK")]  # BRP072C registration passed _authorised; classic shrugs
        return UNKNOWN_PATH

    # -- commands the server translates -----------------------------------------------------

    def _set_control(self, query: dict[str, str]) -> bool:
        """Apply `set_control_info`; Alira X class heads take `f_dir_ud` + `f_dir_lr`, not `f_dir`.

        Whether such a head also accepts `f_dir` is not recorded; the emulator refuses it (PARAM
        NG), as it refuses any field set other than the one the head reports.
        """
        if not self.split_swing:
            return self.device.set_control(query)
        if "f_dir" in query or not all(name in query for name in SPLIT_SWING_FIELDS):
            return False
        pair = (query["f_dir_ud"], query["f_dir_lr"])
        if pair not in SPLIT_SWING_TO_F_DIR:
            return False
        rest = {key: value for key, value in query.items() if key not in SPLIT_SWING_FIELDS}
        return self.device.set_control(rest | {"f_dir": SPLIT_SWING_TO_F_DIR[pair]})

    def _set_demand_control(self, query: dict[str, str]) -> bool:
        """Apply `set_demand_control` (demand.py) and cap the compressor with it."""
        if not self.demand.apply(query):
            return False
        self.device.set_demand_cap(self.demand.cap_percent)
        return True

    def _notify_date_time(self, query: dict[str, str]) -> bool:
        """Apply `/common/notify_date_time?date=YYYY/MM/DD&zone=GMT&time=HH:MM:SS` (UTC).

        The format is what pydaikin's `set_clock` sends (zone `GMT`, the UTC date and time);
        other zones are not recorded anywhere, so the emulator refuses them (PARAM NG).
        """
        if query.get("zone") != "GMT":
            return False
        try:
            moment = dt.datetime.strptime(
                f"{query.get('date', '')} {query.get('time', '')}", "%Y/%m/%d %H:%M:%S"
            ).replace(tzinfo=dt.UTC)
        except ValueError:
            return False
        if not self.device.clock_set:
            self._clock_from_client = True
        self.device.set_clock(moment)
        return True

    # -- the API's answers -------------------------------------------------------------------

    def _basic_info(self) -> Fields:
        """Return `/common/basic_info` (field order as on BRP069B adapters)."""
        state = self.state
        return [
            ("type", "aircon"),
            ("reg", "eu"),
            ("dst", "1"),
            ("ver", "1_16_0" if self.secure else "1_14_68"),
            ("rev", "F2A2C5E" if self.secure else "1D3D1B4"),
            ("pow", "1" if state.power else "0"),
            ("err", str(state.error)),
            ("location", "0"),
            ("name", percent_bytes(self.name)),
            ("icon", "0"),
            ("method", "home only"),
            ("port", "30050"),
            ("id", ""),
            ("pw", ""),
            ("lpw_flag", "0"),
            ("adp_kind", "3"),
            ("pv", "3.20"),
            ("cpv", "3"),
            ("cpv_minor", "20"),
            ("led", "1"),
            ("en_setzone", "1"),
            ("mac", self.mac),
            ("adp_mode", "run"),
            ("en_hol", "1" if state.holiday else "0"),
            ("ssid1", "HomeNetwork"),
            ("radio1", "-52"),
            ("ssid", f"DaikinAP{self.mac[-5:]}"),
            ("grp_name", ""),
            ("en_grp", "0"),
        ]

    def _model_info(self) -> Fields:
        """Return `/aircon/get_model_info`."""
        if self.split_swing:
            return self._model_info_alira_x()
        humd = "1" if self.humidity_sensor else "0"
        return [
            ("model", self.model_code),
            ("type", "N"),
            ("pv", "3.20"),
            ("cpv", "3"),
            ("cpv_minor", "20"),
            ("mid", "NA"),
            ("humd", humd),
            ("s_humd", "0"),
            ("acled", "0"),
            ("land", "0"),
            ("elec", "1"),
            ("temp", "1"),
            ("temp_rng", "0"),
            ("m_dtct", "1"),
            ("ac_dst", "--"),
            ("disp_dry", "0"),
            ("dmnd", "1" if self.demand_control_offered else "0"),
            ("en_scdltmr", "1"),
            ("en_frate", "1"),
            ("en_fdir", "1"),
            ("s_fdir", "3"),
            ("en_rtemp_a", "0"),
            ("en_spmode", "7"),
            ("en_ipw_sep", "1"),
            ("en_mompow", "1"),
        ]

    def _model_info_alira_x(self) -> Fields:
        """Return the Alira X class model info (fields as in pydaikin's alira_x capture).

        `en_fdir2=1` and the `s_fdir_ud` / `s_fdir_lr` pair take the place of `en_fdir` /
        `s_fdir`; `en_spmode=0`, `humd=0` although the sensor reports `hhum`.
        """
        return [
            ("model", self.model_code),
            ("type", "N"),
            ("pv", "3.40"),
            ("cpv", "3"),
            ("cpv_minor", "40"),
            ("mid", "NA"),
            ("humd", "0"),
            ("s_humd", "128"),
            ("acled", "1"),
            ("land", "0"),
            ("elec", "1"),
            ("temp", "1"),
            ("temp_rng", "0"),
            ("m_dtct", "1"),
            ("ac_dst", "--"),
            ("disp_dry", "0"),
            ("dmnd", "0"),
            ("en_scdltmr", "1"),
            ("en_frate", "1"),
            ("en_fdir2", "1"),
            ("en_rtemp_a", "0"),
            ("en_spmode", "0"),
            ("en_ipw_sep", "0"),
            ("en_mompow", "1"),
            ("en_patrol", "0"),
            ("en_filter_sign", "0"),
            ("shtyp", "0"),
            ("en_cjlink", "1"),
            ("hmlmt_l", "10.0"),
            ("s_fdir_ud", "01"),
            ("s_fdir_ud_step", "0"),
            ("s_fdir_lr", "01"),
            ("s_fdir_lr_step", "0"),
        ]

    def _sensor_info(self) -> Fields:
        """Return `/aircon/get_sensor_info`; `-` where the unit has nothing to say."""
        state = self.state
        dashes = self.faults.dash_values
        otemp = "-" if dashes or not state.power else format_temp(half_degrees(state.outdoor_temp))
        hhum = str(round(state.humidity)) if self.humidity_sensor and not dashes else "-"
        return [
            ("htemp", format_temp(half_degrees(state.room_temp))),
            ("hhum", hhum),
            ("otemp", otemp),
            ("err", str(state.error)),
            ("cmpfreq", "-" if dashes else str(state.compressor_hz)),
            ("mompow", self._mompow()),
        ]

    def _mompow(self) -> str:
        """Return momentary power in 100 W steps; an Alira X class head says 1 even while off."""
        steps = round(self.state.power_w / 100)
        if self.split_swing:
            # pydaikin's alira_x capture: pow=0, otemp=-, cmpfreq=0, and still mompow=1.
            steps = max(1, steps)
        return str(steps)

    def _control_info(self) -> Fields:
        """Return `/aircon/get_control_info` with the per-mode memory."""
        if self.split_swing:
            return self._control_info_alira_x()
        state = self.state
        stemp = "--" if self.faults.dash_values else state.stemp
        shum = "--" if state.mode == MODE_FAN else state.shum
        fields: Fields = [
            ("pow", "1" if state.power else "0"),
            ("mode", str(state.mode)),
            ("adv", state.adv),
            ("stemp", stemp),
            ("shum", shum),
        ]
        fields += [(f"dt{mode}", value) for mode, value in sorted(state.dt.items())]
        fields += [(f"dh{mode}", value) for mode, value in sorted(state.dh.items())]
        fields += [
            ("dhh", "50"),
            ("b_mode", str(state.mode)),
            ("b_stemp", stemp),
            ("b_shum", shum),
            ("alert", "255"),
            ("f_rate", state.f_rate),
            ("f_dir", state.f_dir),
            ("b_f_rate", state.f_rate),
            ("b_f_dir", state.f_dir),
        ]
        fields += [(f"dfr{mode}", value) for mode, value in sorted(state.dfr.items())]
        fields.append(("dfrh", "5"))
        fields += [(f"dfd{mode}", value) for mode, value in sorted(state.dfd.items())]
        fields.append(("dfdh", "0"))
        return fields

    def _control_info_alira_x(self) -> Fields:
        """Return the Alira X class control info (field order as in pydaikin's alira_x capture).

        Swing is `f_dir_ud` / `f_dir_lr` (`0` or `S`); the per-mode memory of the louvres is
        `ndfd<mode>`, two characters: up-down then left-right (`ndfd4=0S` with `f_dir_lr=S`).
        No `f_dir`, `dfd<mode>` or `b_*` fields.
        """
        state = self.state
        stemp = "--" if self.faults.dash_values else state.stemp
        shum = "--" if state.mode == MODE_FAN else state.shum
        up_down, left_right = F_DIR_TO_SPLIT_SWING[state.f_dir]
        fields: Fields = [
            ("pow", "1" if state.power else "0"),
            ("mode", str(state.mode)),
            ("stemp", stemp),
            ("shum", shum),
            ("adv", state.adv),
        ]
        fields += [(f"dt{mode}", value) for mode, value in sorted(state.dt.items())]
        fields += [(f"dh{mode}", value) for mode, value in sorted(state.dh.items())]
        fields += [("dhh", "0"), ("alert", "16"), ("f_rate", state.f_rate)]
        fields += [(f"dfr{mode}", value) for mode, value in sorted(state.dfr.items())]
        fields += [("dfrh", "0"), ("f_dir_ud", up_down), ("f_dir_lr", left_right)]
        fields += [
            (f"ndfd{mode}", "".join(F_DIR_TO_SPLIT_SWING.get(code, ("0", "0"))))
            for mode, code in sorted(state.dfd.items())
        ]
        fields.append(("ndfdh", "00"))
        return fields

    def _day_power_ex(self) -> Fields:
        """Return `/aircon/get_day_power_ex`: 24 hourly values in 0.1 kWh, published hourly."""
        state = self.state
        return [
            ("curr_day_heat", _join(state.curr_day_heat)),
            ("prev_1day_heat", _join(state.prev_1day_heat)),
            ("curr_day_cool", _join(state.curr_day_cool)),
            ("prev_1day_cool", _join(state.prev_1day_cool)),
        ]

    def _week_power(self) -> Fields:
        """Return `/aircon/get_week_power`: today's runtime and 7 daily totals in Wh."""
        today = self.device.today
        days = [today - dt.timedelta(days=back) for back in range(6, -1, -1)]
        datas = [sum(self.device.day_total(day)) * 100 for day in days]
        return [
            ("today_runtime", str(int(self.state.today_runtime_min))),
            ("datas", _join(datas)),
        ]

    def _week_power_ex(self) -> Fields:
        """Return `/aircon/get_week_power_ex`: 14 days, today first, 0.1 kWh.

        Format from openhab-addons' EnergyInfoDayAndWeek: `s_dayw` is today's weekday with
        Sunday = 0, and `week_heat` / `week_cool` list today, yesterday, ...
        """
        today = self.device.today
        days = [today - dt.timedelta(days=back) for back in range(14)]
        totals = [self.device.day_total(day) for day in days]
        return [
            ("s_dayw", str((today.weekday() + 1) % 7)),
            ("week_heat", _join([heat for heat, _ in totals])),
            ("week_cool", _join([cool for _, cool in totals])),
        ]

    def _year_power_ex(self) -> Fields:
        """Return `/aircon/get_year_power_ex`: 12 monthly values per year in 0.1 kWh."""
        year = self.device.today.year
        months: dict[tuple[int, int], list[int]] = {}
        for day, (heat, cool) in self.device.daily.items():
            total = months.setdefault((day.year, day.month), [0, 0])
            total[0] += heat
            total[1] += cool

        def series(which: int, of_year: int) -> str:
            return _join([months.get((of_year, month), [0, 0])[which] for month in range(1, 13)])

        return [
            ("curr_year_heat", series(0, year)),
            ("prev_year_heat", series(0, year - 1)),
            ("curr_year_cool", series(1, year)),
            ("prev_year_cool", series(1, year - 1)),
        ]

    def _year_power(self) -> Fields:
        """Return `/aircon/get_year_power`: whole kWh per month, heat and cool together.

        Shape from pydaikin's brp069 capture: `previous_year` has 12 months, `this_year` the
        months up to the current one (pydaikin's power.py reads them with divider 1: kWh).
        """
        today = self.device.today
        tenths: dict[tuple[int, int], int] = {}
        for day, (heat, cool) in self.device.daily.items():
            tenths[day.year, day.month] = tenths.get((day.year, day.month), 0) + heat + cool

        def kwh(year: int, months: int) -> str:
            return _join([tenths.get((year, month), 0) // 10 for month in range(1, months + 1)])

        return [
            ("previous_year", kwh(today.year - 1, 12)),
            ("this_year", kwh(today.year, today.month)),
        ]

    def _datetime(self) -> Fields:
        """Return `/common/get_datetime`: `sta` (0 unset, 1 set by a client, 2 by the cloud).

        `cur` is the adapter's local time, unpadded like `2023/8/27 21:54:1` (brp069 capture);
        `cur=-` while unset (fredrike/pydaikin#161). `reg`, `dst`, `zone` as in the capture.
        """
        shown = self.device.adapter_time()
        if shown is None:
            sta, cur = "0", "-"
        else:
            sta = "1" if self._clock_from_client else "2"
            cur = (
                f"{shown.year}/{shown.month}/{shown.day} {shown.hour}:{shown.minute}:{shown.second}"
            )
        return [("sta", sta), ("cur", cur), ("reg", "eu"), ("dst", "1"), ("zone", "313")]

    # -- control surface ---------------------------------------------------------------------

    def _control(self, action: str, query: dict[str, str]) -> web.Response:
        """Serve `/_emulator/...`: state, faults and advance, as JSON."""
        try:
            if action == "faults":
                self.faults.update(query)
                return web.json_response(self.faults.as_dict())
            if action == "advance":
                self.advance(float(query.get("seconds", "0")))
                return web.json_response(self._state_json())
            if action == "state":
                self.device.evaluate()
                return web.json_response(self._state_json())
        except (KeyError, ValueError) as err:
            return web.json_response({"error": f"bad parameter: {err}"}, status=400)
        return web.json_response({"error": f"unknown control {action!r}"}, status=404)

    def _state_json(self) -> dict[str, Any]:
        """Return the state, the clock and the adapter's identity as JSON-able values."""
        return {
            "model": str(self.model),
            "mac": self.mac,
            "name": self.name,
            "now": self.device.now().isoformat(),
            "clock_set": self.device.clock_set,
            "clock_offset_s": self.device.clock_offset.total_seconds(),
            # What the adapter's clock shows (its zone, no offset), as get_datetime tells it.
            "adapter_time": None
            if (shown := self.device.adapter_time()) is None
            else shown.replace(tzinfo=None).isoformat(),
            "registered_uuids": sorted(self.registered_uuids),
            "state": dataclasses.asdict(self.state),
            "faults": self.faults.as_dict(),
            "requests": len(self.requests),
        }


async def _real_sleep(seconds: float) -> None:
    """Wait in wall-clock time, even while a test has frozen the event loop's clock.

    Home Assistant's test harness patches the loop's monotonic clock with freezegun, so
    `asyncio.sleep` would never return in a frozen test; `time.sleep` in a worker thread does.
    """
    await asyncio.get_running_loop().run_in_executor(None, time.sleep, seconds)


def _closing(response: web.Response) -> web.Response:
    """Mark a response as the connection's last, as the adapter closes after each answer."""
    response.force_close()
    return response
