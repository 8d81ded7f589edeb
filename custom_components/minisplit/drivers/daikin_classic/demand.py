"""Pure encoding and decoding of the classic API's demand control: a cap on the unit's power."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from ...heads.model import DemandControl, DemandControlMode
from ..values import excerpt
from .errors import DaikinResponseError
from .protocol import optional_int

# Demand control (/aircon/get_demand_control, set_demand_control; API notes): `mode` 0 is the
# user's percentage, 2 the unit's own, 1 the app's weekly schedule (scdl_per_day, moc..suc).
DEMAND_MODE_FROM_CODE: Mapping[str, DemandControlMode] = {
    "0": DemandControlMode.MANUAL,
    "1": DemandControlMode.SCHEDULED,
    "2": DemandControlMode.AUTO,
}
DEMAND_MODE_TO_CODE: Mapping[DemandControlMode, str] = {
    DemandControlMode.MANUAL: "0",
    DemandControlMode.AUTO: "2",
}
# The caps adapters take: 40-100 % in steps of 5 (akkudoktor.net forum, via Apollon77's
# daikin-controller); a cap outside is never sent.
DEMAND_MAX_POWER_RANGE: Final = (40, 100)
DEMAND_MAX_POWER_STEP: Final = 5


def parse_demand_control(raw: Mapping[str, str]) -> DemandControl:
    """Build DemandControl from /aircon/get_demand_control (`en_demand`, `mode`, `max_pow`)."""
    enabled = raw.get("en_demand")
    max_power = optional_int(raw, "max_pow", (0, 100))
    mode = DEMAND_MODE_FROM_CODE.get(raw.get("mode", ""))
    if enabled not in {"0", "1"} or max_power is None or mode is None:
        raise DaikinResponseError(
            "the head reported no usable demand control: "
            f"{excerpt(','.join(f'{key}={value}' for key, value in raw.items()))}"
        )
    return DemandControl(enabled=enabled == "1", max_power_percent=max_power, mode=mode)


def build_demand_control_query(demand: DemandControl) -> dict[str, str]:
    """The query of /aircon/set_demand_control: `en_demand=0` alone to lift the cap.

    A cap is `en_demand=1&mode=&type=1&max_pow=` (type is always 1 in what apps send). Raise
    ValueError for a cap adapters do not take (outside 40-100 %, not a step of 5, a schedule).
    """
    if not demand.enabled:
        return {"en_demand": "0"}
    low, high = DEMAND_MAX_POWER_RANGE
    percent = demand.max_power_percent
    if not low <= percent <= high or percent % DEMAND_MAX_POWER_STEP:
        raise ValueError(f"a demand cap of {percent} % is not one of 40, 45 ... 100")
    if demand.mode not in DEMAND_MODE_TO_CODE:
        raise ValueError(f"demand control mode {demand.mode} cannot be set")
    return {
        "en_demand": "1",
        "mode": DEMAND_MODE_TO_CODE[demand.mode],
        "type": "1",
        "max_pow": str(percent),
    }
