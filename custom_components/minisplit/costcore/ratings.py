"""Rating systems (HSPF/HSPF2, SEER/SEER2, EER/EER2) and their conversion to COP.

The cost core works internally with the pre-2023 metrics (HSPF for Region IV, SEER, EER), because
the published performance statistics it is anchored to (the NEEP cold-climate listing) use them.
Ratings on the 2023 M1 test procedure are converted with the factors of ANSI/RESNET/ICC 301
Table 4.4.4.1(1), as used by OpenStudio-HPXML: ductless HSPF2 = 0.90 x HSPF, SEER2 = 1.00 x SEER,
EER2 = 1.00 x EER; ducted HSPF2 = 0.85 x HSPF, SEER2 = 0.95 x SEER, EER2 = 0.95 x EER.
"""

from __future__ import annotations

from .record import Record
from .units import btu_per_wh_to_cop, either_unit

# The command line's start-up: `typing` costs ~5 ms to import; type checkers treat any name
# TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

#: HSPF2 / HSPF for ductless and ducted systems (RESNET 301 Table 4.4.4.1(1)).
HSPF2_PER_HSPF_DUCTLESS = 0.90
HSPF2_PER_HSPF_DUCTED = 0.85
#: SEER2 / SEER and EER2 / EER for ductless and ducted systems (same table).
SEER2_PER_SEER_DUCTLESS = 1.00
SEER2_PER_SEER_DUCTED = 0.95
EER2_PER_EER_DUCTLESS = 1.00
EER2_PER_EER_DUCTED = 0.95
#: Median EER / SEER of inverter heat pumps in the NEEP 2017 listing (heat-pump-performance.md).
EER_PER_SEER_MEDIAN = 0.60


def hspf_from_hspf2(hspf2: float, *, ducted: bool = False) -> float:
    """Convert an HSPF2 rating to the HSPF (Region IV) the core works with."""
    return hspf2 / (HSPF2_PER_HSPF_DUCTED if ducted else HSPF2_PER_HSPF_DUCTLESS)


def hspf2_from_hspf(hspf: float, *, ducted: bool = False) -> float:
    """Convert an HSPF (Region IV) rating to HSPF2."""
    return hspf * (HSPF2_PER_HSPF_DUCTED if ducted else HSPF2_PER_HSPF_DUCTLESS)


def seer_from_seer2(seer2: float, *, ducted: bool = False) -> float:
    """Convert a SEER2 rating to SEER."""
    return seer2 / (SEER2_PER_SEER_DUCTED if ducted else SEER2_PER_SEER_DUCTLESS)


def seer2_from_seer(seer: float, *, ducted: bool = False) -> float:
    """Convert a SEER rating to SEER2."""
    return seer * (SEER2_PER_SEER_DUCTED if ducted else SEER2_PER_SEER_DUCTLESS)


def eer_from_eer2(eer2: float, *, ducted: bool = False) -> float:
    """Convert an EER2 rating to EER."""
    return eer2 / (EER2_PER_EER_DUCTED if ducted else EER2_PER_EER_DUCTLESS)


def eer2_from_eer(eer: float, *, ducted: bool = False) -> float:
    """Convert an EER rating to EER2."""
    return eer * (EER2_PER_EER_DUCTED if ducted else EER2_PER_EER_DUCTLESS)


def _pick(
    old: float | None, new: float | None, from_new: Callable[[float], float], name: str
) -> float | None:
    """The pre-2023 rating, converted from the 2023 one when only that is given."""
    value = either_unit(old, new, from_new, f"give {name} or {name}2, not both")
    if value is not None and not value > 0.0:
        msg = f"{name} must be positive"
        raise ValueError(msg)
    return value


class Ratings(Record):
    """A unit's nameplate efficiencies on the pre-2023 metrics, and whether it is ducted."""

    _fields = ("hspf", "seer", "eer", "ducted")
    __slots__ = _fields
    hspf: float | None
    seer: float | None
    eer: float | None
    ducted: bool

    def __init__(
        self,
        hspf: float | None = None,
        seer: float | None = None,
        eer: float | None = None,
        ducted: bool = False,
    ) -> None:
        """Set the fields."""
        self._assign(hspf, seer, eer, ducted)

    @classmethod
    def from_nameplate(
        cls,
        *,
        hspf: float | None = None,
        hspf2: float | None = None,
        seer: float | None = None,
        seer2: float | None = None,
        eer: float | None = None,
        eer2: float | None = None,
        ducted: bool = False,
    ) -> Ratings:
        """Build ratings from whichever of the old or 2023 metrics the nameplate shows."""
        return cls(
            hspf=_pick(hspf, hspf2, lambda rating: hspf_from_hspf2(rating, ducted=ducted), "HSPF"),
            seer=_pick(seer, seer2, lambda rating: seer_from_seer2(rating, ducted=ducted), "SEER"),
            eer=_pick(eer, eer2, lambda rating: eer_from_eer2(rating, ducted=ducted), "EER"),
            ducted=ducted,
        )

    @property
    def eer_or_estimate(self) -> float | None:
        """EER, or the NEEP median EER/SEER times SEER when the nameplate gives no EER."""
        if self.eer is not None:
            return self.eer
        if self.seer is not None:
            return EER_PER_SEER_MEDIAN * self.seer
        return None

    def naive_cop(self, *, heating: bool) -> float | None:
        """The naive COP (HSPF/3.412 heating, SEER/3.412 cooling) other estimators use."""
        rating = self.hspf if heating else self.seer
        return None if rating is None else btu_per_wh_to_cop(rating)
