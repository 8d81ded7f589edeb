"""Browser test: drive the development instance (scripts/develop) in Debian's Chromium.

Starts the emulator and Home Assistant in a fresh config directory on free ports, then goes through
onboarding, the integration and device pages, a climate command checked on the emulator, the
options flow with the unit picker, adding a head with a bad host, adding a firmware 2.8+ head
through the price step, the price repair's first form, the companion's climate picker, and an
automation made from a shipped blueprint. A screenshot of each step lands in .e2e-screenshots/.
Fails on errors in Home Assistant's log or the browser console.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import (
    ConsoleMessage,
    Error,
    Locator,
    Page,
    Route,
    expect,
    sync_playwright,
)

ROOT = Path(__file__).resolve().parent.parent
# scripts/develop_configuration.yaml's time zone.
ZONE = ZoneInfo("Europe/Berlin")
SHOTS = ROOT / ".e2e-screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
USER = {"name": "Developer", "username": "dev", "password": "dev-password-123"}
CLIMATE = "climate.living"
ENTRY_TITLE = "Living (emulated)"
# As a metric user sees it in the unit picker (scripts/develop_configuration.yaml is metric).
DAIKIN_UNIT = "Daikin Aurora Series RXL09QMVJU / FVXS09NVJU, 2.96 kW heating (AHRI 8849459)"
# The name Add integration lists and searches (the manifest's).
DISPLAY_NAME = json.loads((ROOT / "custom_components/minisplit/manifest.json").read_text())["name"]
# The add flow's menu and the companion the development configuration has.
LOCAL_HEAD_CHOICE = "A Daikin head on the network (local control and running cost)"
COMPANION_CHOICE = "Running cost of a climate entity I already have (any brand)"
COMPANION_POWER = "sensor.study_heat_pump_estimated_power"
# The blueprint the browser test makes an automation from, the inputs it picks, the name it gives.
BLUEPRINT_PATH = "minisplit/mode_by_outdoor_temperature.yaml"
BLUEPRINT_NAME = "Mini-split - heat or cool by the outdoor temperature"
BLUEPRINT_INPUTS = {"heat_pump": CLIMATE, "outdoor": "sensor.living_outdoor_temperature"}
BLUEPRINT_AUTOMATION = "Living by the outdoor temperature"
BLUEPRINT_AUTOMATION_ID = "living_by_the_outdoor_temperature"
TIMEOUT_MS = 30_000
# The first page after a login loads the whole frontend: give assertions as long as actions.
expect.set_options(timeout=20_000)
Step = Callable[["Browser", "Instance"], None]

# Lines of Home Assistant's log that are not errors of this project or its set-up, each with why.
# Anything else at ERROR, any traceback, and any package Home Assistant installs itself fails.
LOG_NOISE: list[re.Pattern[str]] = []
# Browser errors that are not this project's: (page URL, message), each with why. Anything else
# the page throws or logs at "error" fails.
CONSOLE_NOISE: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    # The onboarding page's footer renders its documentation link before it has a `hass` object
    # (home-assistant-frontend 20260128.6 reads hass.config.version of undefined).
    (
        re.compile(r"/onboarding\.html"),
        re.compile(r"Cannot read properties of undefined \(reading 'config'\)"),
    ),
    # Leaving the onboarding page closes its websocket: home-assistant-js-websocket rejects the
    # pending calls with ERR_CONNECTION_LOST (3), which the page reports as "3" or a bare object.
    (re.compile(r"/onboarding\.html"), re.compile(r"^(Error)?: (Object|3)$|system log: 3$")),
    # Loading a page by URL starts a view transition while the app still renders the previous
    # one; Chromium aborts the older transition, and the frontend's error reporter then fails to
    # parse that DOMException for the system log.
    (re.compile(r""), re.compile(r"Transition was skipped\. New ViewTransition started")),
    (re.compile(r""), re.compile(r"system log: Error: Cannot parse given Error object")),
]


def is_console_noise(url: str, text: str) -> bool:
    """True for a browser error listed in CONSOLE_NOISE."""
    return any(page.search(url) and message.search(text) for page, message in CONSOLE_NOISE)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_json(
    url: str, data: dict[str, Any] | None = None, token: str | None = None, form: bool = False
) -> Any:
    """GET, or POST `data` as JSON or a form; the JSON answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data).encode() if form else json.dumps(data).encode()
        headers["Content-Type"] = (
            "application/x-www-form-urlencoded" if form else "application/json"
        )
    request = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def wait_for(what: str, check: Callable[[], bool], timeout: float) -> None:
    """Poll `check` until it is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.5)


class Instance:
    """scripts/develop on free ports in a fresh config directory, onboarding left to the browser."""

    def __init__(self, workdir: Path, onboard: bool) -> None:
        """Choose ports and paths; `onboard`: scripts/develop onboards the dev user itself."""
        workdir.mkdir()
        self.config = workdir / "config"
        self.ha_port, self.emulator_port = free_port(), free_port()
        self.dsiot_port = free_port()
        self.url = f"http://127.0.0.1:{self.ha_port}"
        self.emulator = f"http://127.0.0.1:{self.emulator_port}"
        self.dsiot_emulator = f"http://127.0.0.1:{self.dsiot_port}"
        self.output = workdir / "develop.log"
        self.onboard = onboard
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start scripts/develop and wait until Home Assistant answers (and is onboarded)."""
        env = os.environ | {
            "MINISPLIT_CONFIG_DIR": str(self.config),
            "MINISPLIT_HA_PORT": str(self.ha_port),
            "MINISPLIT_EMULATOR_PORT": str(self.emulator_port),
            "MINISPLIT_DSIOT_PORT": str(self.dsiot_port),
            "MINISPLIT_DEVELOP_ONBOARD": "1" if self.onboard else "0",
        }
        with self.output.open("wb") as out:
            self.process = subprocess.Popen(
                [str(ROOT / "scripts" / "develop")],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def ready() -> bool:
            steps = self._alive() and http_json(f"{self.url}/api/onboarding")
            return isinstance(steps, list) and (
                not self.onboard or all(step["done"] for step in steps)
            )

        wait_for("Home Assistant", ready, timeout=300)

    def _alive(self) -> bool:
        """Fail at once when scripts/develop has exited."""
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"scripts/develop exited:\n{self.output.read_text()[-3000:]}")
        return True

    def stop(self) -> None:
        """Stop Home Assistant and the emulator (the whole process group)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def token(self) -> str:
        """An access token for the onboarded user, through the login flow."""
        client_id = f"{self.url}/"
        start = {"client_id": client_id, "handler": ["homeassistant", None]}
        login = {"client_id": client_id, **{key: USER[key] for key in ("username", "password")}}
        for attempt in range(3):
            flow = http_json(f"{self.url}/auth/login_flow", {**start, "redirect_uri": client_id})
            result = http_json(f"{self.url}/auth/login_flow/{flow['flow_id']}", login)
            if "result" in result:
                break
            # On a loaded machine, right after onboarding, the login flow can answer its form
            # again (invalid_auth) for the user just created: try again, then say what it gave.
            time.sleep(2 * (attempt + 1))
        else:
            raise AssertionError(f"the login flow gave no code: {result}")
        tokens = http_json(
            f"{self.url}/auth/token",
            {"grant_type": "authorization_code", "code": result["result"], "client_id": client_id},
            form=True,
        )
        return str(tokens["access_token"])

    def template(self, token: str, template: str) -> Any:
        """Render a template through the REST API."""
        return http_json(f"{self.url}/api/template", {"template": template}, token)

    def emulator_state(self) -> dict[str, Any]:
        """The emulated head's state."""
        state: dict[str, Any] = http_json(f"{self.emulator}/_emulator/state")
        return state

    def log_errors(self) -> list[str]:
        """ERROR lines and tracebacks of Home Assistant's log, less the known noise."""
        errors = []
        for block in re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", self.output.read_text()):
            first = block.split("\n", 1)[0]
            if (
                " ERROR " in first or "Traceback" in block or "Attempting install of" in first
            ) and not any(noise.search(block) for noise in LOG_NOISE):
                errors.append(block)
        return errors


class Browser:
    """One page in Chromium, its console errors collected, a screenshot per step."""

    def __init__(self, page: Page) -> None:
        """Watch the page's console."""
        self.page = page
        self.console_errors: list[str] = []
        self.step = ""
        page.on("console", self._console)
        page.on("pageerror", self._page_error)

    def _page_error(self, error: Error) -> None:
        """Keep uncaught exceptions of the page that are not known noise."""
        text = f"{error.name}: {error.message}"
        if not is_console_noise(self.page.url, text):
            self.console_errors.append(
                f"{self.step}: page error {text} ({self.page.url})\n{error.stack}"
            )

    def _console(self, message: ConsoleMessage) -> None:
        """Keep console errors that are not known noise."""
        if message.type != "error" or is_console_noise(self.page.url, message.text):
            return
        # The test itself refused this request (see chromium_page): not the page's fault.
        if message.text.startswith("Failed to load resource") and not on_this_machine(
            message.location.get("url", "")
        ):
            return
        self.console_errors.append(f"{self.step}: console {message.text} ({message.location})")

    def shot(self, name: str) -> None:
        """Save a screenshot of the page as the next numbered step."""
        number = len(list(SHOTS.glob("*.png"))) + 1
        self.page.screenshot(path=SHOTS / f"{number:02d}-{name}.png")


def on_this_machine(url: str) -> bool:
    """True for the loopback addresses the test's servers listen on (and data: or blob: URLs)."""
    parsed = urllib.parse.urlsplit(url)
    return parsed.scheme in {"data", "blob", "about"} or parsed.hostname in {
        "127.0.0.1",
        "localhost",
    }


@contextmanager
def chromium_page() -> Iterator[tuple[Page, list[str]]]:
    """A page in Debian's Chromium, headless; requests off this machine are refused and listed."""
    blocked: list[str] = []

    def route(route: Route) -> None:
        if on_this_machine(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url.split("?")[0])
            route.abort("blockedbyclient")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
            context.set_default_timeout(TIMEOUT_MS)
            context.route("**/*", route)
            yield context.new_page(), blocked
        finally:
            browser.close()


def onboard(browser: Browser, instance: Instance) -> None:
    """Onboarding: create the user, keep the location, analytics off, finish."""
    page = browser.page
    page.goto(instance.url)
    page.get_by_role("button", name="Create my smart home").click()
    fields = [
        (page.get_by_label("Name", exact=True), USER["name"]),
        (page.get_by_label("Username"), USER["username"]),
        (page.get_by_label("Password", exact=True), USER["password"]),
        (page.get_by_label("Confirm password"), USER["password"]),
    ]
    create = page.get_by_role("button", name="Create account")
    # The form re-renders while the name fills in the username; a field filled meanwhile can come
    # back empty and leave the button disabled (seen once in CI): fill again until it is enabled.
    for attempt in range(3):
        for field, text in fields:
            fill_settled(field, text)
        try:
            expect(create).to_be_enabled(timeout=5_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    browser.shot("onboarding-user")
    create.click()
    expect(page.get_by_text("Home location")).to_be_visible()
    # Let the map finish moving to the home first: leaving it mid-animation makes Leaflet throw
    # (reading '_leaflet_pos' of the removed map), an error of the page, seen once in a fast run.
    page.locator(".leaflet-container").first.wait_for()
    page.wait_for_timeout(1_500)
    browser.shot("onboarding-location")
    page.get_by_role("button", name="Next").click()
    # The country the configuration names; the browser's locale proposes the United States.
    page.get_by_label("Country").first.click()
    page.get_by_label("Search").fill("Germany")
    page.get_by_text("Germany", exact=True).click()
    expect(page.get_by_label("Country").first).to_contain_text("Germany")
    browser.shot("onboarding-country")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Help us help you")).to_be_visible()
    # Basic analytics, usage, statistical data, diagnostics (the switches carry no name).
    switches = page.get_by_role("switch")
    expect(switches).to_have_count(4)
    for index in range(4):
        expect(switches.nth(index)).not_to_be_checked()
    browser.shot("onboarding-analytics-off")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("button", name="Finish")).to_be_visible()
    browser.shot("onboarding-finish")
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url(re.compile(r"/home|/lovelace"))
    browser.shot("onboarded")


def dashboard(browser: Browser, instance: Instance) -> None:
    """The shipped dashboard shows the emulated head's thermostat and sensors."""
    page = browser.page
    page.goto(f"{instance.url}/lovelace/minisplit")
    expect(page.get_by_text(ENTRY_TITLE)).to_be_visible()
    expect(page.get_by_text("Emulated head")).to_be_visible()
    expect(page.get_by_text("Living Indoor temperature")).to_be_visible()
    # The companion on the generic thermostat: heating (19.5 degC room, 21 target), so it draws
    # more than the 30 W of the indoor fan alone (how much follows the emulated outdoor
    # temperature, which follows the time of day).
    companion = page.locator("hui-entities-card").filter(has_text="Companion (any climate)")
    expect(companion.get_by_text("Study heat pump Estimated power")).to_be_visible()
    power = float(instance.template(instance.token(), "{{ states('" + COMPANION_POWER + "') }}"))
    assert power > 30, power
    browser.shot("dashboard")


def climate_command(browser: Browser, instance: Instance) -> None:
    """Mode and target changed in the climate more-info dialog reach the emulated head."""
    page = browser.page
    page.get_by_role("button", name="Show more information").first.click()
    dialog = page.locator("ha-more-info-dialog")
    expect(dialog.get_by_text("Current temperature")).to_be_visible()
    browser.shot("more-info")
    mode = dialog.get_by_role("combobox").filter(has_text=re.compile(r"^\s*Mode"))
    mode.click()
    page.get_by_role("option", name="Cool", exact=True).click()
    wait_for("the head in cool mode", lambda: instance.emulator_state()["state"]["mode"] == 3, 20)
    # The head keeps a target per mode: 25 degC for cooling (the emulator's default).
    assert instance.emulator_state()["state"]["stemp"] == "25.0", instance.emulator_state()
    expect(mode).to_contain_text("Cool")
    # The + button, right of the - button (neither carries a label).
    dialog.locator("ha-outlined-icon-button").nth(1).click()
    wait_for(
        "the head's target at 25.5 degC",
        lambda: instance.emulator_state()["state"]["stemp"] == "25.5",
        20,
    )
    expect(dialog.get_by_text("25", exact=True)).to_be_visible()
    browser.shot("more-info-cool-25.5")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog.get_by_text("Current temperature")).to_be_hidden()
    page.wait_for_load_state()


def head_hours(instance: Instance) -> dict[str, list[float]]:
    """The emulated head's hourly arrays (kWh), read over HTTP like any client."""
    with urllib.request.urlopen(f"{instance.emulator}/aircon/get_day_power_ex", timeout=30) as r:
        fields = dict(part.split("=", 1) for part in r.read().decode().split(","))
    return {
        key: [int(value) / 10 for value in fields[key].split("/")]
        for key in ("curr_day_heat", "curr_day_cool", "prev_1day_heat", "prev_1day_cool")
    }


def hour_statistic(browser: Browser, instance: Instance) -> None:
    """After one emulated hour of heating, its statistic holds what the head measured, at the
    hour it was used on Home Assistant's clock (the head's hour less its clock's lead).
    """
    page = browser.page
    token = instance.token()
    http_json(
        f"{instance.url}/api/services/climate/set_temperature",
        {"entity_id": CLIMATE, "temperature": 30, "hvac_mode": "heat"},
        token,
    )
    entries = http_json(
        f"{instance.url}/api/config/config_entries/entry?domain=minisplit", None, token
    )
    entry = next(item for item in entries if item["title"] == ENTRY_TITLE)
    # The head lives two hours of heating in a moment: its clock is then two hours ahead of ours.
    http_json(f"{instance.emulator}/_emulator/advance?seconds=7200")
    head_now = datetime.datetime.fromisoformat(instance.emulator_state()["adapter_time"])
    # A reload reads the head's clock afresh (a running driver reads it once an hour).
    http_json(
        f"{instance.url}/api/config/config_entries/entry/{entry['entry_id']}/reload", {}, token
    )
    ha_now = datetime.datetime.now(ZONE).replace(tzinfo=None)
    # The head's last complete hour, heated throughout.
    slot = head_now.replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=1)
    published = head_hours(instance)
    day = "curr_day" if slot.date() == head_now.date() else "prev_1day"
    kwh = published[f"{day}_heat"][slot.hour] + published[f"{day}_cool"][slot.hour]
    assert kwh > 0, published
    # Where that hour was on our clock: less the head's lead, to the nearest hour.
    placed = slot - (head_now - ha_now)
    start = (
        placed.replace(minute=0, second=0, microsecond=0)
        + datetime.timedelta(hours=round(placed.minute / 60))
    ).replace(tzinfo=ZONE)
    statistic = f"minisplit:energy_{entry['entry_id'].lower()}"
    page.goto(f"{instance.url}/developer-tools/statistics")
    expect(page.get_by_text(statistic)).to_be_visible(timeout=60_000)

    def rows() -> list[dict[str, Any]]:
        answer = page.evaluate(
            """async ([id, start]) => {
                const hass = document.querySelector("home-assistant").hass;
                return await hass.callWS({type: "recorder/statistics_during_period",
                    start_time: start, statistic_ids: [id], period: "hour",
                    types: ["state", "sum"]});
            }""",
            [statistic, (start - datetime.timedelta(hours=3)).isoformat()],
        )
        return list(answer.get(statistic, []))

    wait_for(
        "the hour's statistic",
        lambda: any(row["start"] == start.timestamp() * 1000 for row in rows()),
        60,
    )
    row = next(row for row in rows() if row["start"] == start.timestamp() * 1000)
    assert abs(row["state"] - kwh) < 1e-6, (row, kwh, slot)
    browser.shot("hour-statistic")
    # What the README says to pick: the statistic, as an individual device of the Energy
    # dashboard, which Home Assistant's own validation accepts.
    issues = page.evaluate(
        """async (id) => {
            const hass = document.querySelector("home-assistant").hass;
            await hass.callWS({type: "energy/save_prefs",
                device_consumption: [{stat_consumption: id}]});
            return await hass.callWS({type: "energy/validate"});
        }""",
        statistic,
    )
    assert issues["device_consumption"] == [[]], issues
    page.goto(f"{instance.url}/energy")
    expect(page.get_by_text("Living (emulated) measured energy").first).to_be_visible(
        timeout=30_000
    )
    browser.shot("energy-dashboard")


def integration_page(browser: Browser, instance: Instance) -> None:
    """Settings > Devices & services > minisplit lists the emulated head's entry."""
    page = browser.page
    page.goto(f"{instance.url}/config/integrations/integration/minisplit")
    expect(page.get_by_role("link", name="1 device")).to_be_visible()
    expect(page.get_by_text(ENTRY_TITLE).first).to_be_visible()
    browser.shot("integration")


def device_page(browser: Browser, instance: Instance) -> None:
    """The device page lists every entity of the head under its own name."""
    page = browser.page
    token = instance.token()
    device = instance.template(token, f"{{{{ device_id('{CLIMATE}') }}}}")
    names = instance.template(
        token,
        f"{{{{ device_entities('{device}') | map('state_attr', 'friendly_name') | list"
        " | tojson }}",
    )
    names = json.loads(names) if isinstance(names, str) else names
    # Entities disabled by default (the diagnostics) have no state, and the page folds them away.
    names = [name for name in names if name is not None]
    assert len(names) >= 15, names
    page.goto(f"{instance.url}/config/devices/device/{device}")
    expect(page.get_by_role("heading", name="Device info")).to_be_visible()
    expect(page.get_by_text("MAC: A4:B1:C2:D3:E4:F5")).to_be_visible()
    for name in names:
        # Entities show without the device's name: "Living Indoor temperature" as "Indoor
        # temperature"; the climate entity, named after the device, as "Living".
        shown = name.removeprefix("Living ") if name != "Living" else name
        expect(page.get_by_text(shown, exact=True).first).to_be_visible()
    browser.shot("device")


def options_flow(browser: Browser, instance: Instance) -> None:
    """Configure: type a model into the unit picker, pick the unit, see its ratings in kW, save."""
    page = browser.page
    page.goto(f"{instance.url}/config/integrations/integration/minisplit")
    page.get_by_role("button", name="Configure").first.click()
    expect(page.get_by_text("Running-cost estimate: your unit").first).to_be_visible()
    picker = page.locator("ha-picker-field").first
    # Empty: not listed. (The list's texts are in shadow roots: get_by_text reaches them.)
    expect(page.get_by_text(DAIKIN_UNIT)).to_have_count(0)
    browser.shot("options-unit-picker")
    # Search and pick in the one field: the list narrows as the model is typed.
    picker.click()
    unit_list = page.get_by_role("dialog", name="Your unit")
    fill_settled(unit_list.get_by_role("textbox"), "FVXS09NVJU")
    expect(unit_list.get_by_text(DAIKIN_UNIT, exact=True)).to_be_visible()
    browser.shot("options-unit-search")
    unit_list.get_by_text(DAIKIN_UNIT, exact=True).click()
    expect(unit_list).to_be_hidden()
    # The field shows the unit's label, never its AHRI number alone.
    expect(picker.get_by_text(DAIKIN_UNIT, exact=True)).to_be_visible()
    expect(page.get_by_text("8849459", exact=True)).to_have_count(0)
    browser.shot("options-unit-picked")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Running-cost estimate: ratings and prices").first).to_be_visible()
    expect(page.get_by_label("HSPF", exact=True)).to_have_value("11.7")
    expect(page.get_by_label("SEER", exact=True)).to_have_value("20")
    # The instance is metric (scripts/develop_configuration.yaml): kW and degC, prices in EUR.
    expect(page.get_by_label("Rated heating capacity at 8.3 °C (kW)")).to_have_value("2.96")
    expect(page.get_by_label("Rated heating capacity at 47 °F (Btu/h)")).to_have_count(0)
    expect(page.get_by_label("Electricity price (EUR per kWh)")).to_be_visible()
    # Gas in the units of a metric system in Germany: per kWh by default.
    expect(page.get_by_label("Gas price (EUR)")).to_be_visible()
    expect(page.get_by_role("combobox").filter(has_text="Gas price per")).to_contain_text("per kWh")
    browser.shot("options-ratings-filled")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Options successfully saved")).to_be_visible()
    browser.shot("options-saved")
    page.get_by_role("button", name="Finish").click()
    entries = instance.config / ".storage" / "core.config_entries"

    def stored() -> dict[str, Any]:
        return next(
            entry["options"]
            for entry in json.loads(entries.read_text())["data"]["entries"]
            if entry["domain"] == "minisplit"
        )

    wait_for("the picked unit in the entry's options", lambda: bool(stored()), 30)
    # Stored as before, in Btu/h: the catalogue's value, not one rounded through kW.
    assert stored()["catalog_unit"] == "8849459", stored()
    assert stored()["heating_capacity_btuh"] == 10089, stored()
    # Opened again: the stored unit shows by its label.
    page.get_by_role("button", name="Configure").first.click()
    expect(picker.get_by_text(DAIKIN_UNIT, exact=True)).to_be_visible()
    browser.shot("options-reopened")
    page.get_by_role("button", name="Close").click()


def fill_settled(field: Locator, text: str) -> None:
    """Fill a form field, again if the dialog re-rendered the form and emptied it meanwhile."""
    for _ in range(10):
        field.fill(text)
        field.page.wait_for_timeout(300)
        if field.input_value() == text:
            return
    expect(field).to_have_value(text)


def goto_settled(page: Page, url: str) -> None:
    """Open `url`, again if the frontend's own navigation aborted it (net::ERR_ABORTED).

    A dialog closed just before rewrites the address as it goes, which cancels a navigation
    started meanwhile (seen after closing the Add integration dialog).
    """
    for attempt in range(3):
        try:
            page.goto(url)
        except Error as err:
            if "ERR_ABORTED" not in str(err) or attempt == 2:
                raise
            page.wait_for_timeout(500)
        else:
            return


def open_add_flow(browser: Browser, instance: Instance) -> None:
    """Add integration > Mini-split by its address, confirmed: the flow's first menu.

    Right after another flow's dialog closed, the frontend can still be rewriting the address
    and closes a dialog opened meanwhile (seen in CI): start from the settled integrations page,
    and open the dialog again if it went away before its OK button could be clicked.
    """
    page = browser.page
    confirm = page.get_by_text("Do you want to set up").first
    for attempt in range(3):
        try:
            # A navigation of the frontend's own can abort this one (net::ERR_ABORTED).
            page.goto(f"{instance.url}/config/integrations/dashboard")
            expect(page.get_by_role("button", name="Add integration")).to_be_visible()
            page.wait_for_timeout(500)
            page.goto(f"{instance.url}/config/integrations/dashboard/add?domain=minisplit")
            expect(confirm).to_be_visible(timeout=10_000)
            page.wait_for_timeout(500)
            expect(confirm).to_be_visible(timeout=2_000)
            page.get_by_role("button", name="OK").click(timeout=10_000)
        except (AssertionError, Error):  # Playwright's TimeoutError is an Error
            browser.shot(f"add-dialog-retry-{attempt}")
        else:
            return
    raise AssertionError("the Add integration dialog for minisplit did not stay open")


def add_bad_host(browser: Browser, instance: Instance) -> None:
    """Adding a head: a malformed host and an unreachable one show the form's errors."""
    page = browser.page
    open_add_flow(browser, instance)
    expect(page.get_by_text("Add a mini-split").first).to_be_visible()
    browser.shot("add-menu")
    page.get_by_text(LOCAL_HEAD_CHOICE).click()
    expect(page.get_by_text("Add a mini-split head").first).to_be_visible()
    host = page.get_by_label("Host")
    fill_settled(host, "bad host!")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Enter an IP address or a host name")).to_be_visible()
    browser.shot("add-invalid-host")
    # A loopback port nothing listens on: the adapter cannot be reached.
    fill_settled(host, "127.0.0.1:1")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Could not connect to the head")).to_be_visible()
    browser.shot("add-cannot-connect")
    page.get_by_role("button", name="Close").click()


def add_dsiot_head(browser: Browser, instance: Instance) -> None:
    """Adding an adapter on firmware 2.8+: the flow finds its /dsiot API; heat set from the card."""
    page = browser.page
    open_add_flow(browser, instance)
    page.get_by_text(LOCAL_HEAD_CHOICE).click()
    expect(page.get_by_text("Add a mini-split head").first).to_be_visible()
    fill_settled(page.get_by_label("Host"), f"127.0.0.1:{instance.dsiot_port}")
    page.get_by_role("button", name="Submit").click()
    answer_price_step(browser, instance, "Bedroom")
    # Home Assistant shows either the plain success step or, once the new device is in the
    # registry when the step renders, its "Device created" form (name and area).
    created = page.get_by_text("Created configuration for Bedroom").or_(
        page.get_by_text("Device created")
    )
    expect(created.first).to_be_visible()
    browser.shot("add-dsiot-created")
    page.get_by_role("button", name=re.compile(r"^(Skip and finish|Finish)$")).click()
    token = instance.token()
    wait_for(
        "the firmware 2.8+ head's climate entity",
        lambda: instance.template(token, "{{ states('climate.bedroom') }}")
        not in ("unknown", "unavailable", ""),
        30,
    )
    device = instance.template(token, "{{ device_id('climate.bedroom') }}")
    page.goto(f"{instance.url}/config/devices/device/{device}")
    expect(page.get_by_role("heading", name="Device info")).to_be_visible()
    expect(page.get_by_text("FTXM46WVMA", exact=False).first).to_be_visible()
    expect(page.get_by_text("Measured energy", exact=True).first).to_be_visible()
    browser.shot("dsiot-device")
    # From the device page's controls: the climate row opens its more-info dialog.
    page.locator("ha-device-entities-card").get_by_text("Bedroom", exact=True).first.click()
    dialog = page.locator("ha-more-info-dialog")
    expect(dialog.get_by_text("Current temperature")).to_be_visible()
    mode = dialog.get_by_role("combobox").filter(has_text=re.compile(r"^\s*Mode"))
    mode.click()
    page.get_by_role("option", name="Cool", exact=True).click()
    wait_for(
        "the firmware 2.8+ head in cool mode",
        lambda: http_json(f"{instance.dsiot_emulator}/_emulator/state")["state"]["mode"] == 3,
        20,
    )
    expect(mode).to_contain_text("Cool")
    browser.shot("dsiot-more-info-cool")
    dialog.get_by_role("button", name="Close").click()


def answer_price_step(browser: Browser, instance: Instance, title: str) -> None:
    """The set-up flow's last step: prices; here a gas price only, so the repair still asks.

    It says which sensors need the gas price, offers gas per kWh and per m3 (metric), and takes
    a form with no electricity price.
    """
    page = browser.page
    expect(page.get_by_text(f"Prices for {title}").first).to_be_visible()
    expect(
        page.get_by_text("Break-even temperature and Cheapest heat source now need a gas price")
    ).to_be_visible()
    expect(page.get_by_text("Enter either a price")).to_have_count(0)
    unit = page.get_by_role("combobox").filter(has_text="Gas price per")
    expect(unit).to_contain_text("per kWh")
    unit.click()
    expect(page.get_by_role("option", name="per m³")).to_be_visible()
    expect(page.get_by_role("option", name="per therm")).to_have_count(0)
    page.get_by_role("option", name="per m³").click()
    expect(unit).to_contain_text("per m³")
    fill_settled(page.get_by_label("Gas price (EUR)"), "1.05")
    browser.shot("add-price-step")
    page.get_by_role("button", name="Submit").click()
    entries = instance.config / ".storage" / "core.config_entries"

    def options() -> dict[str, Any]:
        return next(
            (
                entry["options"]
                for entry in json.loads(entries.read_text())["data"]["entries"]
                if entry["title"] == title
            ),
            {},
        )

    wait_for("the new entry's gas price", lambda: bool(options()), 30)
    stored = options()
    assert stored["gas_price_unit"] == "m3", stored  # 1.05 per m3 at 10.5 kWh per m3
    assert abs(stored["gas_price_per_kwh"] - 0.1) < 1e-9, stored
    assert "price_per_kwh" not in stored, stored


def fix_price_repair(browser: Browser, instance: Instance) -> None:
    """Settings > Repairs > "no electricity price yet": its first form shows no error; fixed."""
    page = browser.page
    page.goto(f"{instance.url}/config/repairs")
    issue = page.get_by_text("Running cost of Bedroom: no electricity price yet")
    expect(issue).to_be_visible()
    issue.click()
    expect(page.get_by_text("Electricity price for Bedroom").first).to_be_visible()
    expect(page.get_by_label("Electricity price (EUR per kWh)")).to_be_visible()
    # Nothing entered yet: nothing to complain about.
    expect(page.get_by_text("Enter either a price or a price sensor")).to_have_count(0)
    browser.shot("repair-first-form")
    fill_settled(page.get_by_label("Electricity price (EUR per kWh)"), "0.3")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Running cost of Bedroom: no electricity price yet")).to_have_count(0)
    browser.shot("repair-fixed")


def companion_picker(browser: Browser, instance: Instance) -> None:
    """Adding a companion: the climate picker offers no minisplit head and no unit with one."""
    page = browser.page
    open_add_flow(browser, instance)
    page.get_by_text(COMPANION_CHOICE).click()
    expect(page.get_by_text("Running cost of an existing climate entity").first).to_be_visible()
    # The first entity field is the climate entity's; its list opens with a search box.
    page.locator("ha-picker-field").first.click()
    entities = page.locator("ha-picker-combo-box")
    expect(entities.get_by_role("textbox")).to_be_visible()
    page.wait_for_timeout(1_000)
    browser.shot("companion-climate-picker")
    # The heads (Living, Bedroom) are minisplit's own; the study's thermostat has a companion.
    # The office's thermostat is the one left.
    expect(entities.get_by_text("Office heat pump")).to_be_visible()
    for name in ("Living", "Bedroom", "Study heat pump"):
        expect(entities.get_by_text(name)).to_have_count(0)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Close").click()


def companion_with_home_meter(browser: Browser, instance: Instance) -> None:
    """A companion added in the flow learns from the Energy dashboard's grid meter by default.

    The development configuration's whole-home meter is the Energy dashboard's grid consumption
    (develop_seed.py): the companion picks it up without being told, and its device page shows
    how many days of the home's other load it knows.
    """
    page = browser.page
    open_add_flow(browser, instance)
    page.get_by_text(COMPANION_CHOICE).click()
    expect(page.get_by_text("Running cost of an existing climate entity").first).to_be_visible()
    page.locator("ha-picker-field").first.click()
    page.locator("ha-picker-combo-box").get_by_text("Office heat pump").first.click()
    page.locator("ha-picker-field").nth(1).click()
    page.locator("ha-picker-combo-box").get_by_text("Outdoor temperature").first.click()
    # No whole-home meter chosen: the field says the Energy dashboard's is used.
    browser.shot("companion-office-form")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Running-cost estimate: your unit").first).to_be_visible()
    page.get_by_role("button", name="Submit").click()  # not listed
    expect(page.get_by_text("Running-cost estimate: ratings").first).to_be_visible()
    page.get_by_role("button", name="Submit").click()  # a typical ductless head
    expect(page.get_by_text("Prices for Office heat pump").first).to_be_visible()
    fill_settled(page.get_by_label("Electricity price (EUR per kWh)"), "0.3")
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("button", name=re.compile(r"^(Skip and finish|Finish)$")).click()
    token = instance.token()
    learned = "sensor.office_heat_pump_home_meter_days_learned"
    wait_for(
        "the office companion's home meter sensor",
        # No days yet: the instance has no history (the template's 0 comes back as JSON).
        lambda: instance.template(token, "{{ states('" + learned + "') }}") == 0,
        30,
    )
    device = instance.template(token, "{{ device_id('" + learned + "') }}")
    page.goto(f"{instance.url}/config/devices/device/{device}")
    expect(page.get_by_text("Home meter days learned")).to_be_visible()
    browser.shot("companion-office-device")


def find_in_add_integration(browser: Browser, instance: Instance) -> None:
    """Add integration: typing "daikin" or "mini-split" finds minisplit by its display name."""
    page = browser.page
    page.goto(f"{instance.url}/config/integrations/dashboard")
    dialog = page.locator("dialog-add-integration")
    for typed in ("daikin", "mini-split"):
        page.get_by_role("button", name="Add integration").click()
        search = dialog.get_by_label("Search for a brand name")
        expect(search).to_be_visible()
        # Let the full list settle first: Home Assistant 2026.2's list throws (in its own
        # virtualizer) when a search shrinks it while it is still laying out the first page.
        expect(dialog.get_by_text("1-Wire", exact=True)).to_be_visible()
        page.wait_for_timeout(1_000)
        fill_settled(search, typed)
        expect(dialog.get_by_text(DISPLAY_NAME, exact=True)).to_be_visible()
        browser.shot(f"add-integration-search-{typed}")
        if typed != "mini-split":
            page.keyboard.press("Escape")
            expect(search).to_be_hidden()
    dialog.get_by_text(DISPLAY_NAME, exact=True).click()
    expect(page.get_by_text(LOCAL_HEAD_CHOICE).first).to_be_visible()
    browser.shot("add-integration-picked")
    page.get_by_role("button", name="Close").click()


def login_as_dev(browser: Browser, instance: Instance) -> None:
    """scripts/develop as a developer runs it: log in as dev, the start page is the dashboard."""
    page = browser.page
    page.goto(instance.url)
    fill_settled(page.get_by_label("Username"), USER["username"])
    fill_settled(page.get_by_role("textbox", name="Password"), USER["password"])
    browser.shot("develop-login")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(ENTRY_TITLE)).to_be_visible()
    expect(page.get_by_text("Living Indoor temperature")).to_be_visible()
    assert urllib.parse.urlsplit(page.url).path in {"/", "/lovelace/minisplit"}, page.url
    browser.shot("develop-start-page")


def blueprint_automation(browser: Browser, instance: Instance) -> None:
    """A shipped blueprint (placed by scripts/develop, as a manual copy is) becomes an automation.

    Blueprints > the blueprint > its inputs picked as a user does > Save > named: the automation
    is listed and on (Home Assistant validated what the blueprint made of the inputs), and
    automations.yaml holds it with the blueprint and those inputs.
    """
    page = browser.page
    goto_settled(page, f"{instance.url}/config/blueprint/dashboard")
    page.get_by_text(BLUEPRINT_NAME).click()
    expect(page.get_by_text("Blueprint to use")).to_be_visible()
    for entity in BLUEPRINT_INPUTS.values():
        page.get_by_text("Select an entity").first.click()
        page.get_by_label("Search").last.fill(entity)
        page.wait_for_timeout(500)
        page.keyboard.press("Enter")
        expect(page.get_by_label("Search")).to_have_count(0)
    browser.shot("blueprint-inputs")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("textbox", name="Name").fill(BLUEPRINT_AUTOMATION)
    page.get_by_role("button", name="Rename").click()
    page.wait_for_url(re.compile(r"/config/automation/edit/\d+"))
    page.goto(f"{instance.url}/config/automation/dashboard")
    expect(page.get_by_text(BLUEPRINT_AUTOMATION)).to_be_visible()
    browser.shot("blueprint-automation-saved")
    saved = (instance.config / "automations.yaml").read_text()
    assert f"alias: {BLUEPRINT_AUTOMATION}" in saved, saved
    assert f"path: {BLUEPRINT_PATH}" in saved, saved
    for key, entity in BLUEPRINT_INPUTS.items():
        assert f"{key}: {entity}" in saved, saved
    state = instance.template(
        instance.token(), "{{ states('automation." + BLUEPRINT_AUTOMATION_ID + "') }}"
    )
    assert state == "on", state


def run_phase(
    workdir: Path, onboard: bool, steps: list[tuple[str, Step]], failures: list[str]
) -> int:
    """Start an instance, run `steps` in one browser page until one fails; how many passed."""
    started = time.monotonic()
    passed = 0
    instance = Instance(workdir, onboard)
    try:
        instance.start()
        print(f"e2e: Home Assistant up at {instance.url} after {time.monotonic() - started:.0f} s")
        with chromium_page() as (page, blocked):
            browser = Browser(page)
            for name, step in steps:
                begun = time.monotonic()
                browser.step = name
                try:
                    step(browser, instance)
                except Exception as err:  # reported, and the run fails
                    browser.shot("failed")
                    failures.append(f"{name}: {err}")
                    print(f"e2e: FAILED {name} ({time.monotonic() - begun:.1f} s): {err}")
                    break
                passed += 1
                print(f"e2e: ok {name} ({time.monotonic() - begun:.1f} s)")
            failures += browser.console_errors
            if blocked:
                print(f"e2e: the browser was kept from {len(set(blocked))} off-machine addresses:")
                for url in sorted(set(blocked)):
                    print(f"  {url}")
    except Exception as err:  # the instance did not start
        failures.append(str(err))
    finally:
        instance.stop()
        errors = instance.log_errors()
        failures += [f"Home Assistant log: {block}" for block in errors]
        if errors or len(failures) > 0:
            print(instance.output.read_text()[-6000:])
    return passed


def main() -> int:
    """Run every step; 0 when all passed and nothing unexpected was logged."""
    SHOTS.mkdir(exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    started = time.monotonic()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="minisplit-e2e-") as workdir:
        # A fresh instance whose onboarding goes through the browser.
        passed = run_phase(
            Path(workdir) / "browser-onboarding",
            False,
            [
                ("onboarding", onboard),
                ("dashboard", dashboard),
                ("climate command", climate_command),
                ("hour statistic", hour_statistic),
                ("integration page", integration_page),
                ("device page", device_page),
                ("options flow", options_flow),
                ("add with a bad host", add_bad_host),
                ("add a firmware 2.8+ head", add_dsiot_head),
                ("fix the price repair", fix_price_repair),
                ("companion climate picker", companion_picker),
                ("companion with the home meter", companion_with_home_meter),
            ],
            failures,
        )
        # scripts/develop as it starts for a developer: it onboards the dev user itself.
        passed += run_phase(
            Path(workdir) / "develop",
            True,
            [
                ("log in as dev", login_as_dev),
                ("find in add integration", find_in_add_integration),
                ("automation from a blueprint", blueprint_automation),
            ],
            failures,
        )
    for failure in failures:
        print(f"e2e: {failure}")
    print(f"e2e: {time.monotonic() - started:.0f} s; screenshots in {SHOTS.relative_to(ROOT)}/")
    print(f"e2e: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
