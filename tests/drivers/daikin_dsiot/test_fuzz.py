"""Property tests: whatever an adapter sends, the /dsiot parser gives plausible values or errors.

`scripts/test --long` (MINISPLIT_LONG_PROPERTIES=1) runs 10,000 examples per property, not 200.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.minisplit.drivers import values
from custom_components.minisplit.drivers.daikin_dsiot import protocol as p
from custom_components.minisplit.drivers.daikin_dsiot.errors import DsiotError
from custom_components.minisplit.drivers.daikin_dsiot.models import Status
from custom_components.minisplit.heads import Command, FanSpeed, OperationMode, SpecialMode, Swing

from .conftest import load_json

LONG = os.environ.get("MINISPLIT_LONG_PROPERTIES") == "1"
pytestmark = pytest.mark.timeout(0 if LONG else 60)
PROPERTIES = settings(
    max_examples=10_000 if LONG else 200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NAMES = [
    *("e_1002", "e_1003", "e_3001", "e_3003", "e_3002", "e_A002", "e_A00B", "e_A00D", "e_2006"),
    *("e_A001", "p_01", "p_02", "p_03", "p_04", "p_05", "p_06", "p_07", "p_08", "p_09", "p_0A"),
    *("p_1D", "p_20", "p_21", "p_22", "p_23", "p_24", "p_25", "p_26", "p_27", "p_28", "p_44"),
    *("mac", "ver", "name", "datas", "today_runtime", "dgc_status", "week_power", "adp_i"),
]
VALUES = st.one_of(
    st.sampled_from(["00", "01", "0200", "0A00", "0B00", "0F0000", "FF", "F6FF", "FFFF", "zz"]),
    st.text(max_size=12),
    st.text("0123456789ABCDEFabcdef", max_size=70),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(min_value=-(10**12), max_value=10**12), max_size=40),
)
NODES: st.SearchStrategy[Any] = st.recursive(
    st.fixed_dictionaries(
        {"pv": VALUES},
        optional={
            "pn": st.one_of(st.sampled_from(NAMES), st.text(max_size=4)),
            "md": st.fixed_dictionaries(
                {}, optional={"mi": VALUES, "mx": VALUES, "st": st.integers()}
            ),
        },
    ),
    lambda children: st.fixed_dictionaries(
        {"pch": st.one_of(st.lists(children, max_size=6), VALUES)},
        optional={"pn": st.one_of(st.sampled_from(NAMES), st.text(max_size=4))},
    ),
    max_leaves=40,
)
TARGETS = [p.INDOOR, p.OUTDOOR, p.WEEK_POWER, p.ADAPTER_INFO, p.ADAPTER_SETTINGS]
ANSWERS = st.fixed_dictionaries(
    {
        "responses": st.lists(
            st.fixed_dictionaries(
                {
                    "fr": st.one_of(st.sampled_from(TARGETS), VALUES),
                    "rsc": st.one_of(st.sampled_from([2000, 2004, 4000, 4004]), VALUES),
                },
                optional={"pc": st.one_of(NODES, VALUES)},
            ),
            max_size=6,
        )
    }
)


def _check_everything(body: bytes) -> None:
    """Run every parser over an answer; only DsiotError may come out, values must be plausible."""
    try:
        answers = p.parse_answer(body)
    except DsiotError:
        return
    with contextlib.suppress(DsiotError):
        p.info_of(answers)
    energy = p.daily_energy_of(answers.get(p.WEEK_POWER))
    if energy is not None:
        assert 0 < len(energy.days) <= p.MAX_DAYS
        assert all(day is None or 0 <= day <= p.MAX_DAILY_WH / 1000 for day in energy.days)
    try:
        current = p.status_of(answers)
    except DsiotError:
        return
    capabilities = p.capabilities_of(current)
    assert capabilities.modes
    for bounds in capabilities.target_ranges.values():
        assert 5 <= bounds.low <= bounds.high <= 40
    try:
        state = p.state_of(current)
    except DsiotError:
        return
    for value, bounds in (
        (state.room_temperature, values.ROOM_TEMPERATURE_RANGE),
        (state.room_humidity, values.HUMIDITY_RANGE),
        (state.outdoor_temperature, values.OUTDOOR_TEMPERATURE_RANGE),
        (state.target_temperature, values.TARGET_TEMPERATURE_RANGE),
        (state.compressor_frequency, values.COMPRESSOR_FREQUENCY_RANGE),
    ):
        assert value is None or (math.isfinite(value) and bounds[0] <= value <= bounds[1])
    for command in (
        Command(power=False),
        Command(mode=OperationMode.COOL, target_temperature=22.0),
        Command(fan_speed=FanSpeed.LEVEL_2, swing=Swing.BOTH),
    ):
        with contextlib.suppress(DsiotError):
            json.dumps(p.write_request(p.plan_command(current, command)))
    for special in (SpecialMode.ECO, SpecialMode.BOOST, None):
        with contextlib.suppress(DsiotError):
            p.plan_special_mode(current, special)


@PROPERTIES
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(body: bytes) -> None:
    _check_everything(body)


@PROPERTIES
@given(st.recursive(VALUES, lambda c: st.lists(c) | st.dictionaries(st.text(), c), max_leaves=30))
def test_arbitrary_json(value: object) -> None:
    _check_everything(json.dumps(value).encode())


@PROPERTIES
@given(ANSWERS)
def test_arbitrary_node_trees(value: object) -> None:
    _check_everything(json.dumps(value).encode())


@PROPERTIES
@given(st.data())
def test_real_answers_with_one_value_replaced(data: st.DataObject) -> None:
    """A real-shaped answer with any one leaf value replaced by anything."""
    answer = load_json(data.draw(st.sampled_from(["status_named", "status_unnamed"])))
    leaves: list[dict[str, Any]] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if "pv" in node:
                leaves.append(node)
            for child in node.get("pch", []):
                collect(child)

    for entry in answer["responses"]:
        collect(entry.get("pc"))
    leaf = data.draw(st.sampled_from(leaves))
    leaf["pv"] = data.draw(VALUES)
    if data.draw(st.booleans()):
        leaf["md"] = {"mi": data.draw(VALUES), "mx": data.draw(VALUES)}
    _check_everything(json.dumps(answer).encode())


def test_a_status_without_leaves_has_capabilities_but_no_state() -> None:
    capabilities = p.capabilities_of(Status(indoor={}))
    assert capabilities.modes == tuple(OperationMode)
    assert capabilities.fan_speeds == ()
    with pytest.raises(DsiotError):
        p.state_of(Status(indoor={}))
