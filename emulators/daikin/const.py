"""Models the emulator can play, and the device's fixed figures."""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class EmulatorModel(StrEnum):
    """The Wi-Fi adapter (and indoor unit) the emulator plays."""

    # BRP069A/B, BRP072A: plain HTTP, no authentication, humidity sensor in the head.
    CLASSIC = "classic"
    # The same adapter on a head without humidity sensor: `hhum=-`, `humd=0`.
    CLASSIC_NOHUMIDITY = "classic-nohumidity"
    # BRP072C: the same API over HTTPS; every request carries `X-Daikin-uuid`, registered with
    # the 13-digit key first (cbrandlehner/homebridge-daikin-local#53, #198;
    # ael-code/daikin-control#27).
    BRP072C = "brp072c"
    # BRP069C4x/C8x on firmware 2.0-2.6: every local URL answers HTTP 404 (fredrike/pydaikin#83,
    # #116; home-assistant/core#174184).
    UNSUPPORTED_404 = "unsupported-404"
    # An Alira X class head (FTXM50WVMA on a BRP069-type adapter, firmware 1_19_0; captures in
    # pydaikin's docs/sample_requests/alira_x): model info says `en_fdir2=1` with `s_fdir_ud` /
    # `s_fdir_lr` and no `en_fdir`; control info carries `f_dir_ud` / `f_dir_lr` (`0` or `S`)
    # and a two-character per-mode memory `ndfd<mode>` instead of `f_dir` / `dfd<mode>`; swing is
    # written with `f_dir_ud` / `f_dir_lr` (pydaikin's DaikinBRP069.set); sensor info reports
    # `mompow=1` (100 W) while the unit is off.
    ALIRA_X = "alira_x"
    # Adapters on firmware 2.8 and newer answering only `POST /dsiot/multireq` (JSON node trees):
    # see dsiot.py for what each kind has and where it comes from.
    DSIOT = "dsiot"
    DSIOT_BASIC = "dsiot-basic"
    DSIOT_UNNAMED = "dsiot-unnamed"


# The kinds that speak /dsiot (and answer 404 to the classic paths).
DSIOT_MODELS: Final = frozenset(
    {EmulatorModel.DSIOT, EmulatorModel.DSIOT_BASIC, EmulatorModel.DSIOT_UNNAMED}
)


DEFAULT_MAC: Final = "A4B1C2D3E4F5"
DEFAULT_NAME: Final = "Living"
DEFAULT_KEY: Final = "0123456789012"

# Device mode codes (API notes, "Field encodings").
MODE_AUTO: Final = frozenset({0, 1, 7})
MODE_DRY: Final = 2
MODE_COOL: Final = 3
MODE_HEAT: Final = 4
MODE_FAN: Final = 6
VALID_MODES: Final = frozenset({0, 1, 2, 3, 4, 6, 7})

# Target ranges in degC per mode (API notes: heat 10-31, cool 18-33, auto 18-31; 0.5 steps).
STEMP_RANGE: Final[dict[int, tuple[float, float]]] = {
    0: (18.0, 31.0),
    1: (18.0, 31.0),
    7: (18.0, 31.0),
    3: (18.0, 33.0),
    4: (10.0, 31.0),
    # Dry and fan normally carry `M` / `--`; a number is tolerated in the widest range.
    2: (10.0, 33.0),
    6: (10.0, 33.0),
}
VALID_F_RATE: Final = frozenset({"A", "B", "3", "4", "5", "6", "7"})
VALID_F_DIR: Final = frozenset({"0", "1", "2", "3"})
# Split louvre settings of Alira X class heads: `0` still, `S` swinging; f_dir code per pair.
SPLIT_SWING_TO_F_DIR: Final = {("0", "0"): "0", ("S", "0"): "1", ("0", "S"): "2", ("S", "S"): "3"}
F_DIR_TO_SPLIT_SWING: Final = {code: pair for pair, code in SPLIT_SWING_TO_F_DIR.items()}

# `adv` values: '' none, '2' powerful, '12' econo (API notes; revk/xESP32-Faikout#348 shows
# `set_special_mode?spmode_kind=1&set_spmode=1` -> `ret=OK,adv=2` and kind 2 -> `adv=12`).
ADV_POWERFUL: Final = "2"
ADV_ECONO: Final = "12"
