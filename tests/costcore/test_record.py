"""The cost core's value objects behave as the frozen dataclasses they replaced."""

from __future__ import annotations

import copy
import inspect
import pickle

import pytest

from custom_components.minisplit import costcore
from custom_components.minisplit.costcore import (
    HeatPump,
    Mode,
    PublishedPoint,
    Ratings,
    Speed,
    performance,
)
from custom_components.minisplit.costcore.record import Record

RECORDS = sorted(
    {
        value
        for module in (costcore, performance, costcore.estimate, costcore.money)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Record) and value is not Record
    },
    key=lambda cls: cls.__name__,
)


def test_the_records_are_all_found() -> None:
    names = {cls.__name__ for cls in RECORDS}
    assert {"Estimate", "HeatPump", "PerformanceMap", "Ratings", "SpeedCurve"} <= names
    assert len(RECORDS) == 12


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_init_takes_the_fields_in_their_order(cls: type[Record]) -> None:
    """`_assign` pairs values with `_fields` by position: the `__init__` must list them alike."""
    parameters = list(inspect.signature(cls.__init__).parameters)[1:]
    assert tuple(parameters) == cls._fields
    assert set(cls._fields) <= set(cls.__slots__)
    assert not hasattr(cls(*_sample_args(cls)), "__dict__")


def _sample_args(cls: type[Record]) -> list[object]:
    samples: dict[type[Record], list[object]] = {
        performance.SpeedCurve: [
            Mode.HEAT,
            (performance.Anchor(8.3, 1000.0, 3.0),),
            21.1,
            performance.HEAT_APPROACH,
        ],
        performance.PerformanceMap: [
            Mode.COOL,
            HeatPump.from_nameplate(seer=20.0, cooling_capacity_w=3000.0)
            .performance_map(Mode.COOL)
            .curves,
        ],
    }
    if cls in samples:
        return samples[cls]
    required = [
        p
        for p in list(inspect.signature(cls.__init__).parameters.values())[1:]
        if p.default is inspect.Parameter.empty
    ]
    return [1.0] * len(required)


def test_equality_hash_repr_and_immutability() -> None:
    a = PublishedPoint(Mode.HEAT, 8.3, Speed.MIN, 2000.0, 500.0)
    b = PublishedPoint(Mode.HEAT, 8.3, Speed.MIN, 2000.0, 500.0)
    assert a == b
    assert hash(a) == hash(b)
    assert a != PublishedPoint(Mode.HEAT, 8.3, Speed.MAX, 2000.0, 500.0)
    assert a != (Mode.HEAT, 8.3, Speed.MIN, 2000.0, 500.0, None)
    assert repr(a) == (
        "PublishedPoint(mode=<Mode.HEAT: 'heat'>, outdoor_c=8.3, speed=<Speed.MIN: 'min'>, "
        "capacity_w=2000.0, input_w=500.0, indoor_c=None)"
    )
    assert a.cop == 4.0
    with pytest.raises(AttributeError):
        a.input_w = 1.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del a.input_w
    with pytest.raises(AttributeError):
        a.other = 1  # type: ignore[attr-defined]
    assert Ratings(hspf=10.0) != Ratings(hspf=10.0, ducted=True)


def test_a_mapping_field_makes_a_record_unhashable_as_with_a_dataclass() -> None:
    perf = HeatPump.from_nameplate(hspf=10.0, heating_capacity_w=3000.0).performance_map(Mode.HEAT)
    with pytest.raises(TypeError):
        hash(perf)


def test_replace_copy_and_pickle() -> None:
    ratings = Ratings(hspf=10.0, seer=20.0)
    assert ratings.replace(seer=None) == Ratings(hspf=10.0)
    assert copy.replace(ratings, ducted=True) == Ratings(hspf=10.0, seer=20.0, ducted=True)
    with pytest.raises(TypeError, match="no field colour"):
        ratings.replace(colour="red")
    heat_pump = HeatPump.from_nameplate(
        hspf=10.0,
        heating_capacity_w=3000.0,
        points=[PublishedPoint(Mode.HEAT, 8.3, Speed.MIN, 1e3, 2e2)],
    )
    estimate = heat_pump.estimate(Mode.HEAT, -5.0, 21.0, 2000.0)
    for clone in (
        copy.copy(estimate),
        copy.deepcopy(estimate),
        pickle.loads(pickle.dumps(estimate)),
    ):
        assert clone == estimate
        assert clone is not estimate


def test_the_heat_pump_map_cache_is_not_a_field() -> None:
    heat_pump = HeatPump.from_nameplate(hspf=10.0, heating_capacity_w=3000.0)
    fresh = HeatPump.from_nameplate(hspf=10.0, heating_capacity_w=3000.0)
    heat_pump.performance_map(Mode.HEAT)
    assert heat_pump._maps
    assert heat_pump == fresh
    assert hash(heat_pump) == hash(fresh)
    assert {heat_pump: 1}[fresh] == 1
    assert "_maps" not in repr(heat_pump)
    for clone in (
        heat_pump.replace(),
        copy.deepcopy(heat_pump),
        pickle.loads(pickle.dumps(heat_pump)),
    ):
        assert clone == heat_pump
        assert clone._maps == {}
    bigger = heat_pump.replace(heating_capacity_w=4000.0)
    assert bigger != heat_pump
    assert bigger.rated_capacity_w(Mode.HEAT) == 4000.0
