"""Unit conversions and rating factors."""

from __future__ import annotations

import pytest

from custom_components.minisplit.costcore import (
    Ratings,
    btu_per_wh_to_cop,
    btuh_to_w,
    c_to_f,
    c_to_k,
    cop_to_btu_per_wh,
    eer2_from_eer,
    eer_from_eer2,
    f_to_c,
    f_to_k,
    hspf2_from_hspf,
    hspf_from_hspf2,
    k_to_c,
    kwh_to_therm,
    seer2_from_seer,
    seer_from_seer2,
    therm_to_kwh,
    w_to_btuh,
)
from custom_components.minisplit.costcore.units import KWH_PER_MMBTU, delta_f_to_k


def test_temperatures() -> None:
    assert f_to_c(32.0) == pytest.approx(0.0)
    assert f_to_c(212.0) == pytest.approx(100.0)
    assert c_to_f(f_to_c(47.0)) == pytest.approx(47.0)
    assert f_to_k(70.0) == pytest.approx(294.2611, abs=1e-3)
    assert k_to_c(c_to_k(-8.0)) == pytest.approx(-8.0)
    assert delta_f_to_k(18.0) == pytest.approx(10.0)


def test_power_and_energy() -> None:
    assert btuh_to_w(12000.0) == pytest.approx(3516.85, abs=0.01)
    assert w_to_btuh(btuh_to_w(9000.0)) == pytest.approx(9000.0)
    assert therm_to_kwh(1.0) == pytest.approx(29.3071, abs=1e-4)
    assert kwh_to_therm(29.3071) == pytest.approx(1.0, abs=1e-5)
    assert pytest.approx(293.071, abs=1e-3) == KWH_PER_MMBTU


def test_btu_per_wh_and_cop() -> None:
    assert btu_per_wh_to_cop(3.412141633) == pytest.approx(1.0)
    assert btu_per_wh_to_cop(10.0) == pytest.approx(2.931, abs=1e-3)
    assert cop_to_btu_per_wh(btu_per_wh_to_cop(13.4)) == pytest.approx(13.4)


@pytest.mark.parametrize(
    ("ducted", "hspf2_factor", "seer2_factor"), [(False, 0.90, 1.00), (True, 0.85, 0.95)]
)
def test_rating_factors(ducted: bool, hspf2_factor: float, seer2_factor: float) -> None:
    assert hspf2_from_hspf(10.0, ducted=ducted) == pytest.approx(10.0 * hspf2_factor)
    assert hspf_from_hspf2(10.0 * hspf2_factor, ducted=ducted) == pytest.approx(10.0)
    assert seer2_from_seer(20.0, ducted=ducted) == pytest.approx(20.0 * seer2_factor)
    assert seer_from_seer2(20.0 * seer2_factor, ducted=ducted) == pytest.approx(20.0)
    assert eer2_from_eer(12.0, ducted=ducted) == pytest.approx(12.0 * seer2_factor)
    assert eer_from_eer2(12.0 * seer2_factor, ducted=ducted) == pytest.approx(12.0)


def test_ratings_from_nameplate_converts_2023_metrics() -> None:
    ductless = Ratings.from_nameplate(hspf2=9.0, seer2=20.0, eer2=12.0)
    assert ductless.hspf == pytest.approx(10.0)
    assert ductless.seer == pytest.approx(20.0)
    assert ductless.eer == pytest.approx(12.0)
    ducted = Ratings.from_nameplate(hspf2=8.5, seer2=19.0, ducted=True)
    assert ducted.hspf == pytest.approx(10.0)
    assert ducted.seer == pytest.approx(20.0)
    assert ducted.eer is None
    assert ducted.eer_or_estimate == pytest.approx(0.60 * 20.0)


def test_ratings_naive_cop_and_missing() -> None:
    ratings = Ratings.from_nameplate(hspf=10.0)
    assert ratings.naive_cop(heating=True) == pytest.approx(2.931, abs=1e-3)
    assert ratings.naive_cop(heating=False) is None
    assert ratings.eer_or_estimate is None


@pytest.mark.parametrize(
    "kwargs",
    [{"hspf": 10.0, "hspf2": 9.0}, {"seer": 20.0, "seer2": 20.0}, {"eer": 12, "eer2": 12}],
)
def test_ratings_reject_both_metrics(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="not both"):
        Ratings.from_nameplate(**kwargs)


def test_ratings_reject_non_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Ratings.from_nameplate(seer=0.0)
