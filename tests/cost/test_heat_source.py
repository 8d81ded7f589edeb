"""The break-even outdoor temperature, searched again only when its inputs change."""

from __future__ import annotations

import pytest

from custom_components.minisplit.cost import heat_source
from custom_components.minisplit.cost.heat_source import BreakEven
from custom_components.minisplit.cost.settings import CostSettings

SETTINGS = CostSettings.from_options({"hspf": 10, "seer": 20, "gas_price_per_therm": 1.5})


def test_a_failing_search_is_no_break_even_and_is_tried_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    heat_pump = SETTINGS.heat_pump()
    break_even = BreakEven()

    def failing(*_args: object, **_kwargs: object) -> float:
        raise ZeroDivisionError

    with monkeypatch.context() as patched:
        patched.setattr(heat_source, "break_even_outdoor_c", failing)
        assert break_even.outdoor_c(heat_pump, SETTINGS, 20.0, 1500.0, 0.2, 0.05) is None
    found = break_even.outdoor_c(heat_pump, SETTINGS, 20.0, 1500.0, 0.2, 0.05)
    assert break_even.searches == 2
    assert break_even.outdoor_c(heat_pump, SETTINGS, 20.0, 1500.0, 0.2, 0.05) == found
    assert break_even.searches == 2
    assert break_even.outdoor_c(heat_pump, SETTINGS, 20.0, 1500.0, None, 0.05) is None
