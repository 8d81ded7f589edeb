"""Smoke test on a Home Assistant release: the real program, as a user runs it.

Run by scripts/smoke_newest with that release's Python (the venv it builds from
requirements_smoke_newest.txt, or requirements_smoke_minimum.txt for the oldest release the
README states). Starts both emulated heads (classic and dsiot) and Home Assistant
in a fresh configuration folder, on free ports of 127.0.0.1, with this repository's integration
linked in; then, through the REST and websocket APIs as the frontend would:

- onboards a user and takes an access token;
- fetches the integration's brand images as the frontend does (`/api/brands/integration/...`
  with the brands access token) and compares them with the files in its `brand/` folder;
- adds both heads and a companion on a generic thermostat through the config flow;
- sends a climate command to each head and checks that it reached the emulator;
- waits for a poll of each head (the coordinators' own timer); the classic adapter's clock is
  set to show 23:58:30 at the start, so that every run's first energy reads fall within the
  minutes around the head's midnight where a reading could belong to either day;
- fixes the "no electricity price" repair of one head (its first form must show no error) and
  changes the other head's options through the options flow;
- reloads every entry, then unloads every entry (disables it), then removes it;
- stops Home Assistant and reads its log: any WARNING or ERROR that names minisplit fails the
  test (deprecations included; the loader's "custom integration ... has not been tested by Home
  Assistant" is the one allowed), and so does any package Home Assistant tried to install.

Home Assistant's log and the emulators' output are kept in the repository's .smoke-newest/ (or
the folder MINISPLIT_SMOKE_OUTPUT names).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import develop_seed  # noqa: E402  (scripts/ is not a package)

CONFIGURATION = ROOT / "scripts" / "smoke_newest_configuration.yaml"
OUTPUT = ROOT / os.environ.get("MINISPLIT_SMOKE_OUTPUT", ".smoke-newest")
USER = {"name": "Smoke", "username": "smoke", "password": "smoke-password-123"}
DOMAIN = "minisplit"
BRAND = ROOT / "custom_components" / DOMAIN / "brand"
COMPANION_CLIMATE = "climate.study_heat_pump"
HEADS = {
    # name: emulator arguments
    "classic": ["--model", "classic", "--mac", "A4B1C2D3E4F5", "--name", "Living"],
    "dsiot": ["--model", "dsiot", "--mac", "A4B1C2D3E4F6", "--name", "Bedroom"],
}
# The emulated adapters' time zone, and what the classic adapter's clock shows at the start.
EMULATOR_ZONE = "Europe/Berlin"
CLASSIC_START = dt.time(23, 58, 30)
# The one WARNING naming minisplit that is not this project's to fix: Home Assistant's loader says
# it of every custom integration.
ALLOWED = [re.compile(r"We found a custom integration minisplit which has not been tested")]
# The coordinators poll every 60 s (const.STATE_SCAN_INTERVAL).
POLL_TIMEOUT = 150
START_TIMEOUT = 300
# A record names minisplit when its logger is the integration's, a traceback passes through it,
# or the word stands alone (not in a path such as /opt/minisplit-smoke-venv).
NAMES_MINISPLIT = re.compile(r"custom_components[./]minisplit|(?<![\w/.-])minisplit(?![\w-])")
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\S* (?P<level>[A-Z]+) \((?P<thread>[^)]*)\) "
    r"\[(?P<logger>[^\]]+)\] ",
)


class SmokeFailure(AssertionError):
    """A check of the smoke test failed."""


def check(condition: object, what: str) -> None:
    """Fail with `what` unless `condition` holds."""
    if not condition:
        raise SmokeFailure(what)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def step(text: str) -> None:
    """Say what the test does now, with the time since the start."""
    print(f"[{time.monotonic() - START:6.1f} s] {text}", flush=True)


START = time.monotonic()


async def wait_until(
    what: str, check_: Callable[[], Awaitable[bool]], seconds: float, interval: float = 0.5
) -> None:
    """Await `check_` until it is true; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(aiohttp.ClientError, OSError):
            if await check_():
                return
        if time.monotonic() > deadline:
            raise SmokeFailure(f"timed out after {seconds:.0f} s waiting for {what}")
        await asyncio.sleep(interval)


class Processes:
    """The emulators and Home Assistant, each in its own process group, output to OUTPUT."""

    def __init__(self) -> None:
        """Nothing started yet."""
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, args: list[str], env: dict[str, str] | None = None) -> None:
        """Start `args` from the repository, its output in OUTPUT/name.out."""
        with (OUTPUT / f"{name}.out").open("wb") as out:
            self.running[name] = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self, name: str) -> None:
        """Fail at once when a process has exited."""
        if (code := self.running[name].poll()) is not None:
            tail = (OUTPUT / f"{name}.out").read_text(errors="replace")[-3000:]
            raise SmokeFailure(f"{name} exited with {code}:\n{tail}")

    def stop(self, name: str, timeout: float = 60) -> int | None:
        """SIGTERM, then SIGKILL after `timeout` seconds; the exit code."""
        process = self.running.pop(name, None)
        if process is None:
            return None
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        return process.returncode

    def stop_all(self) -> None:
        """Stop whatever still runs."""
        for name in list(self.running):
            self.stop(name, timeout=30)


class HomeAssistantApi:
    """REST and websocket calls with the onboarded user's token."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        """Talk to Home Assistant at `url`."""
        self.session = session
        self.url = url
        self.token = ""

    async def call(self, method: str, path: str, data: Any = None, **kwargs: Any) -> Any:
        """A REST call; the JSON answer. Fails on an HTTP error, with its body."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        async with self.session.request(
            method, f"{self.url}{path}", json=data, headers=headers, **kwargs
        ) as response:
            text = await response.text()
            if response.status >= 400:
                raise SmokeFailure(f"{method} {path}: HTTP {response.status}: {text[:2000]}")
            return json.loads(text) if text else None

    async def onboard(self) -> None:
        """Create the owner through the onboarding API and take an access token."""
        client_id = f"{self.url}/"
        code = await self.call(
            "POST", "/api/onboarding/users", {**USER, "client_id": client_id, "language": "en"}
        )
        async with self.session.post(
            f"{self.url}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": code["auth_code"],
                "client_id": client_id,
            },
        ) as response:
            check(response.status == 200, f"no token: HTTP {response.status}")
            self.token = (await response.json())["access_token"]

    async def ws(self, message: dict[str, Any]) -> Any:
        """A websocket command on a connection of its own; its result. Fails on an error answer.

        (A connection kept open would need reading all along: Home Assistant closes one that
        leaves its heartbeat pings unanswered.)
        """
        async with self.session.ws_connect(f"{self.url}/api/websocket") as ws:
            hello = await ws.receive_json()
            check(hello["type"] == "auth_required", f"websocket: {hello}")
            await ws.send_json({"type": "auth", "access_token": self.token})
            answer = await ws.receive_json()
            check(answer["type"] == "auth_ok", f"websocket auth: {answer}")
            await ws.send_json({"id": 1, **message})
            while True:
                answer = await ws.receive_json(timeout=60)
                if answer.get("id") == 1 and answer.get("type") == "result":
                    break
        check(answer["success"], f"websocket {message['type']}: {answer.get('error')}")
        return answer["result"]

    async def state(self, entity_id: str) -> dict[str, Any]:
        """The state object of an entity."""
        state: dict[str, Any] = await self.call("GET", f"/api/states/{entity_id}")
        return state

    async def entries(self) -> dict[str, dict[str, Any]]:
        """This integration's config entries by id."""
        entries = await self.call("GET", f"/api/config/config_entries/entry?domain={DOMAIN}")
        return {entry["entry_id"]: entry for entry in entries}

    async def entity_ids(self, entry_id: str) -> list[str]:
        """The entity ids of a config entry."""
        registry = await self.ws({"type": "config/entity_registry/list"})
        return sorted(
            entity["entity_id"] for entity in registry if entity["config_entry_id"] == entry_id
        )

    async def issues(self) -> set[str]:
        """This integration's open repair issues."""
        result = await self.ws({"type": "repairs/list_issues"})
        return {issue["issue_id"] for issue in result["issues"] if issue["domain"] == DOMAIN}

    async def flow(self, path: str, flow_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Submit `data` to the step a flow shows."""
        result: dict[str, Any] = await self.call("POST", f"{path}/{flow_id}", data)
        return result


def expect_step(result: dict[str, Any], kind: str, step_id: str | None = None) -> None:
    """Fail unless a flow shows `kind` (form, menu, create_entry) at `step_id`."""
    check(
        result.get("type") == kind and (step_id is None or result.get("step_id") == step_id),
        f"expected {kind} {step_id or ''}, got {json.dumps(result)[:2000]}",
    )


def suggested(result: dict[str, Any]) -> dict[str, Any]:
    """The values a flow's form shows filled in, by field."""
    return {
        field["name"]: field["description"]["suggested_value"]
        for field in result["data_schema"]
        if (field.get("description") or {}).get("suggested_value") is not None
    }


def prepare_config(config: Path, port: int) -> None:
    """A fresh configuration folder: configuration.yaml, HTTP settings, the integration."""
    (config / ".storage").mkdir(parents=True)
    (config / "custom_components").mkdir()
    (config / "custom_components" / DOMAIN).symlink_to(ROOT / "custom_components" / DOMAIN)
    text = CONFIGURATION.read_text()
    os.environ["MINISPLIT_HA_PORT"] = str(port)
    if develop_seed.http_settings_in_storage():
        develop_seed.seed_http(config)
    else:  # a release that still reads http: from YAML
        text += f"\nhttp:\n  server_host: 127.0.0.1\n  server_port: {port}\n"
    (config / "configuration.yaml").write_text(text)
    # The Marketplace (2026.11) sets itself up and fetches its catalogue from GitHub unless an
    # entry of it exists; a disabled one ("turning the Marketplace off is the user's call").
    entries = []
    import homeassistant.components  # noqa: PLC0415  (the release this script runs with)

    components = Path(homeassistant.components.__path__[0])
    if (components / "marketplace" / "manifest.json").exists():
        marketplace = develop_seed._entry("marketplace", "Marketplace", "marketplace", "system", {})
        marketplace["disabled_by"] = "user"
        entries.append(marketplace)
    store = develop_seed._store("core.config_entries", {"entries": entries}, minor_version=5)
    (config / ".storage" / "core.config_entries").write_text(json.dumps(store, indent=2))


def log_records(path: Path) -> list[tuple[str, str, str]]:
    """(level, logger, whole record with its traceback) for each record of Home Assistant's log."""
    records = []
    for block in re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", path.read_text()):
        if match := LOG_LINE.match(block):
            records.append((match["level"], match["logger"], block))
    return records


def judge_log(path: Path) -> list[str]:
    """The failures in Home Assistant's log; prints the other warnings and errors."""
    failures = []
    others = []
    for level, logger, record in log_records(path):
        installing = logger in {"homeassistant.util.package", "homeassistant.requirements"} and (
            "install" in record.lower()
        )
        if installing:
            failures.append(f"Home Assistant installed a package itself: {record}")
            continue
        if level not in {"WARNING", "ERROR", "CRITICAL"}:
            continue
        if logger.startswith("custom_components.minisplit") or NAMES_MINISPLIT.search(record):
            if not any(allowed.search(record) for allowed in ALLOWED):
                failures.append(record)
        else:
            others.append(record.split("\n", 1)[0])
    if others:
        print(f"Warnings and errors that do not name minisplit ({len(others)}, not failures):")
        for line in others:
            print(f"  {line[:300]}")
    return failures


async def emulator_state(session: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    """An emulated head's state, clock and request count."""
    async with session.get(f"{url}/_emulator/state") as response:
        state: dict[str, Any] = await response.json()
        return state


async def add_head(api: HomeAssistantApi, host: str) -> dict[str, Any]:
    """Add a head through the config flow: menu, then its address."""
    flows = "/api/config/config_entries/flow"
    result = await api.call("POST", flows, {"handler": DOMAIN, "show_advanced_options": False})
    expect_step(result, "menu", "user")
    result = await api.flow(flows, result["flow_id"], {"next_step_id": "local_head"})
    expect_step(result, "form", "local_head")
    result = await api.flow(flows, result["flow_id"], {"host": host})
    # The prices come last; skipped here, so that the "no price" repair asks for them.
    expect_step(result, "form", "price")
    result = await api.flow(flows, result["flow_id"], {})
    expect_step(result, "create_entry")
    entry: dict[str, Any] = result["result"]
    return entry


async def add_companion(api: HomeAssistantApi, outdoor: str) -> dict[str, Any]:
    """Add a companion on the generic thermostat through the config flow."""
    flows = "/api/config/config_entries/flow"
    result = await api.call("POST", flows, {"handler": DOMAIN, "show_advanced_options": False})
    result = await api.flow(flows, result["flow_id"], {"next_step_id": "existing_climate"})
    expect_step(result, "form", "existing_climate")
    result = await api.flow(
        flows,
        result["flow_id"],
        {
            "climate_entity": COMPANION_CLIMATE,
            "outdoor_entity": outdoor,
            "design_outdoor_temperature": -10,
        },
    )
    expect_step(result, "form", "companion_unit")
    result = await api.flow(flows, result["flow_id"], {})  # not listed
    expect_step(result, "form", "companion_ratings")
    result = await api.flow(flows, result["flow_id"], {"hspf": 10.0, "heating_capacity_kw": 2.6})
    expect_step(result, "form", "price")
    result = await api.flow(flows, result["flow_id"], {"price_per_kwh": 0.3})
    expect_step(result, "create_entry")
    entry: dict[str, Any] = result["result"]
    return entry


async def wait_for_polls(
    api: HomeAssistantApi, session: aiohttp.ClientSession, heads: dict[str, str], log: Path
) -> None:
    """Wait for each head's next scheduled poll: its emulator is asked, its coordinator says so.

    `heads`: climate entity id by emulator URL.
    """

    def finished(emulator: str) -> re.Pattern[str]:
        name = re.escape(f"{DOMAIN} state {emulator.removeprefix('http://')}")
        return re.compile(rf"Finished fetching {name} data .*success: True")

    text = log.read_text()
    before = {
        emulator: (
            len(finished(emulator).findall(text)),
            (await emulator_state(session, emulator))["requests"],
        )
        for emulator in heads
    }

    async def polled(emulator: str) -> bool:
        polls, requests = before[emulator]
        return (
            len(finished(emulator).findall(log.read_text())) > polls
            and (await emulator_state(session, emulator))["requests"] > requests
        )

    await asyncio.gather(
        *(
            wait_until(f"a poll of {emulator}", lambda e=emulator: polled(e), POLL_TIMEOUT, 2)
            for emulator in heads
        )
    )
    for climate in heads.values():
        state = await api.state(climate)
        check(state["state"] != "unavailable", f"{climate} is unavailable after a poll: {state}")


def hours_to_show(shown: dt.time) -> float:
    """The clock offset (hours, within 12 of the true time) that makes an adapter show `shown`."""
    now = dt.datetime.now(ZoneInfo(EMULATOR_ZONE)).replace(tzinfo=None)
    wanted = dt.datetime.combine(now.date(), shown)
    offset = (wanted - now).total_seconds() / 3600
    return (offset + 12) % 24 - 12


async def run(workdir: Path, processes: Processes) -> None:
    """The smoke test proper."""
    config = workdir / "config"
    ha_port = free_port()
    ports = {name: free_port() for name in HEADS}
    url = f"http://127.0.0.1:{ha_port}"
    emulators = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    prepare_config(config, ha_port)
    log = OUTPUT / "home-assistant.log"

    step(f"Emulated heads on {', '.join(emulators.values())}")
    for name, port in ports.items():
        clock = (
            ["--clock-offset", f"{hours_to_show(CLASSIC_START):.6f}"] if name == "classic" else []
        )
        processes.start(
            f"emulator-{name}",
            [sys.executable, "-m", "emulators.daikin", "--host", "127.0.0.1", "--port", str(port)]
            + HEADS[name]
            + ["--tz", EMULATOR_ZONE, *clock],
        )
    # Any package Home Assistant tries to install fails at once (and is reported below).
    env = os.environ | {"UV_OFFLINE": "1", "PIP_NO_INDEX": "1"}
    from homeassistant.const import __version__  # noqa: PLC0415

    step(f"Home Assistant {__version__} on {url}, configuration in {config}")
    processes.start(
        "home-assistant",
        [sys.executable, "-m", "homeassistant", "--config", str(config), "--log-file", str(log)],
        env=env,
    )
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        for name, emulator in emulators.items():

            async def emulator_up(emulator: str = emulator, name: str = name) -> bool:
                processes.alive(f"emulator-{name}")
                return "state" in await emulator_state(session, emulator)

            await wait_until(f"the {name} emulator", emulator_up, 60)
        api = HomeAssistantApi(session, url)

        async def http_up() -> bool:
            processes.alive("home-assistant")
            return isinstance(await api.call("GET", "/api/onboarding"), list)

        await wait_until("Home Assistant's HTTP server", http_up, START_TIMEOUT)
        await api.onboard()

        async def running() -> bool:
            processes.alive("home-assistant")
            return bool((await api.call("GET", "/api/config"))["state"] == "RUNNING")

        await wait_until("Home Assistant to finish starting", running, START_TIMEOUT)
        step("Home Assistant is running; onboarded, with a token")
        await check_brand_images(api)
        await exercise(api, session, emulators, log)
    step("Stopping Home Assistant")
    code = processes.stop("home-assistant", timeout=120)
    check(code == 0, f"Home Assistant exited with {code} (see {OUTPUT}/home-assistant.out)")


async def check_brand_images(api: HomeAssistantApi) -> None:
    """The brand images in the integration's brand/ folder, served where the frontend asks.

    The frontend (Add integration, Repairs, the integration and device pages) loads
    /api/brands/integration/<domain>/<image>?token=<the brands access token>, without the
    Authorization header; a release without the brands API answers 404 and shows a broken image.
    """
    token = (await api.ws({"type": "brands/access_token"}))["token"]
    for image in ("icon.png", "dark_icon.png", "logo.png", "icon@2x.png"):
        url = f"{api.url}/api/brands/integration/{DOMAIN}/{image}"
        async with api.session.get(url, params={"token": token}) as response:
            body = await response.read()
            check(response.status == 200, f"GET {url}: HTTP {response.status}")
            check(response.content_type == "image/png", f"{url}: {response.content_type}")
            check(body == (BRAND / image).read_bytes(), f"{url} is not brand/{image}")
    step("The brand images are served from the integration's brand/ folder")


async def exercise(
    api: HomeAssistantApi, session: aiohttp.ClientSession, emulators: dict[str, str], log: Path
) -> None:
    """Set up, command, poll, repair, options, reload, unload, remove."""
    heads: dict[str, dict[str, Any]] = {}
    climates: dict[str, str] = {}
    for name, emulator in emulators.items():
        entry = await add_head(api, emulator.removeprefix("http://"))
        heads[name] = entry
        entities = await api.entity_ids(entry["entry_id"])
        climate = next(entity for entity in entities if entity.startswith("climate."))
        climates[name] = climate
        state = await api.state(climate)
        check(state["state"] not in {"unavailable", "unknown"}, f"{climate}: {state}")
        step(f"Added the {name} head '{entry['title']}': {len(entities)} entities, {climate}")
    outdoor = next(
        entity
        for entity in await api.entity_ids(heads["classic"]["entry_id"])
        if entity.endswith("_outdoor_temperature")
    )
    companion = await add_companion(api, outdoor)
    companion_entities = await api.entity_ids(companion["entry_id"])
    check(companion_entities, f"the companion has no entities: {companion}")
    step(f"Added the companion '{companion['title']}': {', '.join(companion_entities)}")
    entries = await api.entries()
    check(len(entries) == 3, f"expected 3 entries, got {entries}")
    for entry in entries.values():
        check(entry["state"] == "loaded", f"not loaded: {entry}")

    # A command to each head, read back from the emulator.
    await api.call(
        "POST",
        "/api/services/climate/set_temperature",
        {"entity_id": climates["classic"], "hvac_mode": "cool", "temperature": 24.5},
    )
    state = (await emulator_state(session, emulators["classic"]))["state"]
    check(
        (state["power"], state["mode"], state["stemp"]) == (True, 3, "24.5"),
        f"the classic head did not get cool at 24.5: {state}",
    )
    await api.call(
        "POST",
        "/api/services/climate/set_temperature",
        {"entity_id": climates["dsiot"], "temperature": 20.5},
    )
    state = (await emulator_state(session, emulators["dsiot"]))["state"]
    check(state["stemp"] in {"20.5", 20.5}, f"the dsiot head did not get 20.5: {state}")
    for name, climate in climates.items():
        attributes = (await api.state(climate))["attributes"]
        step(
            f"{name}: {climate} is {(await api.state(climate))['state']} at "
            f"{attributes.get('temperature')} (room {attributes.get('current_temperature')})"
        )
    step("Both heads took a command")

    # A poll of each head, by the coordinators' own timer.
    await wait_for_polls(api, session, {emulators[name]: climates[name] for name in heads}, log)
    step("Both heads were polled (each coordinator's own timer)")

    # The "no electricity price" repair of the dsiot head: the first form shows no error.
    dsiot_id = heads["dsiot"]["entry_id"]
    issue = f"no_price_{dsiot_id}"
    check(issue in await api.issues(), f"no 'no price' repair for the dsiot head: {issue}")
    fixes = "/api/repairs/issues/fix"
    result = await api.call("POST", fixes, {"handler": DOMAIN, "issue_id": issue})
    expect_step(result, "form", "price")
    check(not result.get("errors"), f"the repair's first form shows errors: {result}")
    result = await api.flow(fixes, result["flow_id"], {})
    expect_step(result, "form", "price")
    check(result["errors"] == {"base": "price_or_entity"}, f"nothing entered, no error: {result}")
    result = await api.flow(fixes, result["flow_id"], {"price_per_kwh": 0.31})
    expect_step(result, "create_entry")
    check(issue not in await api.issues(), "the 'no price' repair is still open")
    step("Fixed the dsiot head's 'no price' repair (its first form showed no error)")

    # The classic head's options: pick a unit from the catalogue, then the ratings and a price.
    classic_id = heads["classic"]["entry_id"]
    options_flows = "/api/config/config_entries/options/flow"
    result = await api.call("POST", options_flows, {"handler": classic_id})
    expect_step(result, "form", "init")
    # Typed into the picker: one matching unit is taken; several narrow the list to pick from.
    result = await api.flow(options_flows, result["flow_id"], {"catalog_unit": "FVXS09"})
    if result.get("step_id") == "init":
        check(result.get("errors") == {"catalog_unit": "pick_a_match"}, f"no unit found: {result}")
        picker = next(field for field in result["data_schema"] if field["name"] == "catalog_unit")
        first = picker["selector"]["select"]["options"][0]["value"]
        result = await api.flow(options_flows, result["flow_id"], {"catalog_unit": first})
    expect_step(result, "form", "ratings")
    ratings = suggested(result) | {"price_per_kwh": 0.28}
    check("hspf" in ratings or "hspf2" in ratings, f"the unit's ratings are not filled: {result}")
    result = await api.flow(options_flows, result["flow_id"], ratings)
    expect_step(result, "create_entry")
    check(f"no_price_{classic_id}" not in await api.issues(), "the classic head still has no price")
    devices = await api.ws({"type": "config/device_registry/list"})
    models = [device["model"] for device in devices if classic_id in device["config_entries"]]
    check(any("FVXS09" in (model or "") for model in models), f"device model: {models}")
    step(f"Changed the classic head's options: device {models[0]}")

    # Reload each entry.
    for entry_id, entry in (await api.entries()).items():
        answer = await api.call("POST", f"/api/config/config_entries/entry/{entry_id}/reload")
        check(answer == {"require_restart": False}, f"reload of {entry['title']}: {answer}")
    entries = await api.entries()
    for entry in entries.values():
        check(entry["state"] == "loaded", f"not loaded after the reload: {entry}")
    for climate in climates.values():
        state = await api.state(climate)
        check(state["state"] not in {"unavailable", "unknown"}, f"after the reload: {state}")
    step("Reloaded the three entries")

    # Unload each (disable it), then remove it.
    for entry_id in entries:
        await api.ws(
            {"type": "config_entries/disable", "entry_id": entry_id, "disabled_by": "user"}
        )
    for entry in (await api.entries()).values():
        check(entry["state"] == "not_loaded", f"still loaded after disabling: {entry}")
    step("Unloaded the three entries")
    for entry_id in entries:
        answer = await api.call("DELETE", f"/api/config/config_entries/entry/{entry_id}")
        check(answer == {"require_restart": False}, f"removal: {answer}")
    check(not await api.entries(), "entries are left after removing them")
    check(not await api.issues(), f"repair issues are left: {await api.issues()}")
    step("Removed the three entries")


def main() -> int:
    """Run the smoke test, then judge the log; 0 when everything passed."""
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir()
    processes = Processes()
    failure: BaseException | None = None
    with tempfile.TemporaryDirectory(prefix="ha-smoke-") as tmp:
        try:
            asyncio.run(run(Path(tmp), processes))
        except SmokeFailure as err:
            failure = err
        except Exception as err:  # said with its traceback, then judged a failure
            traceback.print_exc()
            failure = err
        finally:
            processes.stop_all()
    log = OUTPUT / "home-assistant.log"
    failures = judge_log(log) if log.exists() else ["Home Assistant wrote no log"]
    if failure is not None:
        print(f"FAILED: {type(failure).__name__}: {failure}", file=sys.stderr)
    for record in failures:
        print(f"FAILED: log: {record}", file=sys.stderr)
    if failure is not None or failures:
        print(f"(Home Assistant's log and the emulators' output: {OUTPUT})", file=sys.stderr)
        return 1
    step("Passed: no WARNING or ERROR names minisplit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
