"""Prepare the development config for scripts/develop, and onboard it once Home Assistant is up.

`develop_seed.py CONFIG_DIR HOST` installs the shipped configuration.yaml, the emulated head's
config entry, a dashboard showing it, the Energy dashboard's grid meter, the files the UI's
editors save into and the shipped blueprints. `develop_seed.py --onboard URL` waits for Home
Assistant at URL and finishes its onboarding through the onboarding API, as the frontend would,
with the development user `dev` / `dev-password-123`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CONFIGURATION = Path(__file__).with_name("develop_configuration.yaml")
BLUEPRINTS = Path(__file__).resolve().parent.parent / "blueprints" / "automation" / "minisplit"
# The files configuration.yaml includes for the UI's editors, as Home Assistant first writes them.
UI_FILES = {"automations.yaml": "[]", "scripts.yaml": "", "scenes.yaml": ""}
SHIPPED_COPY = ".minisplit-shipped-configuration.yaml"
# SHA-256 of develop_configuration.yaml as shipped before SHIPPED_COPY existed: replaced too.
EARLIER_CONFIGURATIONS = {"06495a117309ef64a48b079877ce33e387d9066f81e103fe324a22f3d1e45c75"}
ENTRIES_KEY = "core.config_entries"
LOVELACE_KEY = "lovelace"
FRONTEND_SYSTEM_KEY = "frontend.system_data"
ENERGY_KEY = "energy"
# The configuration's whole-home meter, the Energy dashboard's grid consumption.
HOME_METER = "sensor.home_energy"
EMULATED_MAC = "a4:b1:c2:d3:e4:f5"
EMULATED_TITLE = "Living (emulated)"
DEV_USER = {"name": "Developer", "username": "dev", "password": "dev-password-123"}
# A companion on a climate entity that is not ours: the configuration's generic thermostat.
COMPANION_CLIMATE = "climate.study_heat_pump"
COMPANION_TITLE = "Study heat pump"
COMPANION_UNIQUE_ID = f"companion-{COMPANION_CLIMATE}"
COMPANION_DATA = {
    "kind": "companion",
    "climate_entity": COMPANION_CLIMATE,
    # The emulated head's outdoor sensor stands in for an outdoor thermometer.
    "outdoor_entity": "sensor.living_outdoor_temperature",
    "design_outdoor_c": -10.0,
}
COMPANION_OPTIONS = {"hspf": 10.0, "heating_capacity_btuh": 9000, "price_per_kwh": 0.3}
COMPANION_ENTITIES = [
    "sensor.study_heat_pump_estimated_power",
    "sensor.study_heat_pump_estimated_energy",
    "sensor.study_heat_pump_running_cost",
    "sensor.study_heat_pump_cop",
]

# The emulated head's entities (entity ids follow the name the head reports: "Living").
CLIMATE = "climate.living"
DASHBOARD_ENTITIES = [
    "sensor.living_indoor_temperature",
    "sensor.living_outdoor_temperature",
    "sensor.living_indoor_humidity",
    "sensor.living_estimated_power",
    "sensor.living_cop",
    "sensor.living_heating_energy",
    "sensor.living_estimated_energy",
]


def _store(key: str, data: dict[str, Any], minor_version: int = 1) -> dict[str, Any]:
    """Wrap `data` the way Home Assistant's storage helper writes it."""
    return {"version": 1, "minor_version": minor_version, "key": key, "data": data}


def _unchanged(target: Path, shipped: Path) -> bool:
    """True when `target` is a configuration.yaml we shipped, as we shipped it."""
    text = target.read_text()
    if shipped.exists() and shipped.read_text() == text:
        return True
    return hashlib.sha256(text.encode()).hexdigest() in EARLIER_CONFIGURATIONS


def http_settings_in_storage() -> bool:
    """Whether this Home Assistant keeps its HTTP settings in .storage/http, not in YAML.

    Newer releases (seen in 2026.10) move an `http:` YAML block into storage once, as a trial
    that reverts to port 8123 on every interface unless confirmed in the browser within 5
    minutes, and ignore the YAML afterwards (with a repair): the development instance writes
    the store itself instead.
    """
    spec = importlib.util.find_spec("homeassistant")
    if spec is None or spec.origin is None:
        return False
    return (Path(spec.origin).parent / "components" / "http" / "config.py").exists()


def shipped_configuration(http_in_storage: bool) -> str:
    """configuration.yaml as shipped for this Home Assistant."""
    text = CONFIGURATION.read_text()
    if not http_in_storage:
        return text
    return re.sub(
        r"^http:\n(?:[ \t]+.*\n)*",
        "# http: in .storage/http, which scripts/develop_seed.py writes\n",
        text,
        flags=re.MULTILINE,
    )


def install_configuration(config: Path, http_in_storage: bool = False) -> None:
    """Install the shipped configuration.yaml, and update it while the user has not changed it."""
    target, shipped = config / "configuration.yaml", config / SHIPPED_COPY
    text = shipped_configuration(http_in_storage)
    if target.exists() and not _unchanged(target, shipped):
        if target.read_text() != text:
            print(f"develop_seed: keeping your edited {target}", file=sys.stderr)
        return
    target.write_text(text)
    shipped.write_text(text)


def seed_http(config: Path) -> None:
    """Confirmed HTTP settings in storage: loopback only, on MINISPLIT_HA_PORT (every start)."""
    settings = {
        "server_host": ["127.0.0.1"],
        "server_port": int(os.environ.get("MINISPLIT_HA_PORT", "8123")),
        "cors_allowed_origins": ["https://cast.home-assistant.io"],
        "login_attempts_threshold": -1,
        "ip_ban_enabled": True,
        "ssl_profile": "modern",
        "use_x_frame_options": True,
        "created_at": datetime.now(UTC).isoformat(),
        "error": None,
        "error_message": None,
    }
    data = {"stable": settings, "pending": None, "yaml_migration_done": True}
    store = {"version": 2, "minor_version": 2, "key": "http", "data": data}
    (config / ".storage" / "http").write_text(json.dumps(store, indent=2))


def _entry(
    domain: str,
    title: str,
    unique_id: str,
    source: str,
    data: dict[str, Any],
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A config entry as .storage/core.config_entries holds it."""
    now = datetime.now(UTC).isoformat()
    return {
        "created_at": now,
        "data": data,
        "disabled_by": None,
        "discovery_keys": {},
        "domain": domain,
        "entry_id": uuid.uuid4().hex,
        "minor_version": 1,
        "modified_at": now,
        "options": options or {},
        "pref_disable_new_entities": False,
        "pref_disable_polling": False,
        "source": source,
        "subentries": [],
        "title": title,
        "unique_id": unique_id,
        "version": 1,
    }


def seed_entries(config: Path, host: str) -> None:
    """Add (or point at `host`) the emulated head's entry; keep onboarding off the internet."""
    path = config / ".storage" / ENTRIES_KEY
    store = (
        json.loads(path.read_text())
        if path.exists()
        else _store(ENTRIES_KEY, {"entries": []}, minor_version=5)
    )
    entries: list[dict[str, Any]] = store["data"]["entries"]
    for entry in entries:
        if entry["domain"] == "minisplit" and entry["unique_id"] == EMULATED_MAC:
            entry["data"]["host"] = host
            break
    else:
        entries.append(_entry("minisplit", EMULATED_TITLE, EMULATED_MAC, "user", {"host": host}))
    if not any(entry["unique_id"] == COMPANION_UNIQUE_ID for entry in entries):
        entries.append(
            _entry(
                "minisplit",
                COMPANION_TITLE,
                COMPANION_UNIQUE_ID,
                "user",
                COMPANION_DATA,
                COMPANION_OPTIONS,
            )
        )
    # Onboarding sets up Radio Browser, which looks up its servers on the internet at once; it
    # allows one entry only, so an ignored one makes onboarding skip it.
    if not any(entry["domain"] == "radio_browser" for entry in entries):
        entries.append(_entry("radio_browser", "Radio Browser", "radio_browser", "ignore", {}))
    path.write_text(json.dumps(store, indent=2))


def seed_dashboard(config: Path) -> None:
    """Write a storage-mode Overview dashboard with the emulated head, unless there is one."""
    path = config / ".storage" / LOVELACE_KEY
    if path.exists():
        return
    view = {
        "title": "Mini-split",
        "path": "minisplit",
        "cards": [
            {"type": "thermostat", "entity": CLIMATE, "name": EMULATED_TITLE},
            {"type": "entities", "title": "Emulated head", "entities": DASHBOARD_ENTITIES},
            {"type": "thermostat", "entity": COMPANION_CLIMATE, "name": COMPANION_TITLE},
            {
                "type": "entities",
                "title": "Companion (any climate)",
                "entities": COMPANION_ENTITIES,
            },
        ],
    }
    path.write_text(json.dumps(_store(LOVELACE_KEY, {"config": {"views": [view]}}), indent=2))
    # Open it at http://127.0.0.1:8123/ instead of the generated home page (for every user).
    system = config / ".storage" / FRONTEND_SYSTEM_KEY
    if not system.exists():
        system.write_text(
            json.dumps(_store(FRONTEND_SYSTEM_KEY, {"core": {"default_panel": "lovelace"}}))
        )


def seed_energy(config: Path) -> None:
    """The Energy dashboard with the whole-home meter as its grid consumption, unless set up."""
    path = config / ".storage" / ENERGY_KEY
    if path.exists():
        return
    grid = {
        "type": "grid",
        "flow_from": [
            {
                "stat_energy_from": HOME_METER,
                "stat_cost": None,
                "entity_energy_price": None,
                "number_energy_price": None,
            }
        ],
        "flow_to": [],
        "cost_adjustment_day": 0.0,
    }
    prefs = {"energy_sources": [grid], "device_consumption": [], "device_consumption_water": []}
    # Minor version 2 is the oldest supported release's; newer ones migrate it on load.
    path.write_text(json.dumps(_store(ENERGY_KEY, prefs, minor_version=2), indent=2))


def seed_ui_files(config: Path) -> None:
    """The files the automation, script and scene editors save into, when missing."""
    for name, text in UI_FILES.items():
        if not (config / name).exists():
            (config / name).write_text(text)


def seed_blueprints(config: Path) -> None:
    """The shipped blueprints, as a user's manual copy places them (refreshed every start)."""
    target = config / "blueprints" / "automation" / "minisplit"
    target.mkdir(parents=True, exist_ok=True)
    for blueprint in BLUEPRINTS.glob("*.yaml"):
        shutil.copyfile(blueprint, target / blueprint.name)


def seed(config_dir: str, host: str) -> None:
    """Prepare the config directory for the emulated head at `host`."""
    config = Path(config_dir)
    (config / ".storage").mkdir(parents=True, exist_ok=True)
    http_in_storage = http_settings_in_storage()
    install_configuration(config, http_in_storage)
    if http_in_storage:
        seed_http(config)
    seed_entries(config, host)
    seed_dashboard(config)
    seed_energy(config)
    seed_ui_files(config)
    seed_blueprints(config)


def _call(
    url: str, data: dict[str, Any] | None = None, token: str | None = None, form: bool = False
) -> Any:
    """GET (or POST `data` as JSON or a form) and return the JSON answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = None
    if data is not None:
        if form:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def onboard(url: str, timeout: float = 600) -> None:
    """Wait for Home Assistant at `url`, then finish what is left of its onboarding."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            steps = {step["step"]: step["done"] for step in _call(f"{url}/api/onboarding")}
            break
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                print(f"develop_seed: Home Assistant did not answer at {url}", file=sys.stderr)
                return
            time.sleep(1)
        except urllib.error.HTTPError as err:  # 404: onboarding is over
            if err.code == 404:
                return
            raise
    if all(steps.values()):
        return
    if steps.get("user"):
        print(
            "develop_seed: onboarding was left half done: finish it in the browser", file=sys.stderr
        )
        return
    client_id = f"{url}/"
    code = _call(
        f"{url}/api/onboarding/users", {**DEV_USER, "client_id": client_id, "language": "en"}
    )
    tokens = _call(
        f"{url}/auth/token",
        {"grant_type": "authorization_code", "code": code["auth_code"], "client_id": client_id},
        form=True,
    )
    token = tokens["access_token"]
    _call(f"{url}/api/onboarding/core_config", {}, token)
    _call(f"{url}/api/onboarding/analytics", {}, token)
    _call(
        f"{url}/api/onboarding/integration",
        {"client_id": client_id, "redirect_uri": f"{url}/?auth_callback=1"},
        token,
    )
    print(f"develop_seed: onboarded; log in at {url} as dev / dev-password-123", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--onboard":
        onboard(sys.argv[2])
    else:
        seed(sys.argv[1], sys.argv[2])
