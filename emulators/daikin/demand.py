"""The emulated head's demand control: a cap on its power, in percent (classic API).

Where each behaviour comes from:
- `GET /aircon/get_demand_control` answers `type=1,en_demand=,mode=,max_pow=,scdl_per_day=4,
  moc=0,tuc=0,wec=0,thc=0,frc=0,sac=0,suc=0`: the answer recorded in Apollon77's
  daikin-controller (models/DemandControl.ts; the weekday fields belong to the app's schedule,
  mode 1). Core daikin's tests show the same first fields.
- `set_demand_control?en_demand=0` alone lifts the cap; a cap is `en_demand=1&mode=0|2&type=1&
  max_pow=40..100` in steps of 5, an optional empty `lpw=` ignored (the same source, citing the
  akkudoktor.net forum). What a real adapter does with a cap outside those, another mode or a
  missing field is not on record: the emulator refuses it (PARAM NG). Lifting the cap keeps the
  mode and percentage it reports (not on record either; the app shows them again when enabling).
- Heads whose model info says `dmnd=0` (the Alira X capture) refuse both paths: not on record.
- While a cap is on (manual or auto), the compressor runs at most max_pow % of its maximum
  frequency: the cap's purpose ("the maximum power as a percentage of the unit's nominal power",
  core daikin's service); the emulator does not model what auto changes beyond that.
"""

from __future__ import annotations

from dataclasses import dataclass

Fields = list[tuple[str, str]]

MAX_POW_RANGE = (40, 100)
MAX_POW_STEP = 5
WRITABLE_MODES = frozenset({"0", "2"})
# The app's weekly schedule, per weekday (all off in the recorded answer).
SCHEDULE_FIELDS: Fields = [
    ("scdl_per_day", "4"),
    ("moc", "0"),
    ("tuc", "0"),
    ("wec", "0"),
    ("thc", "0"),
    ("frc", "0"),
    ("sac", "0"),
    ("suc", "0"),
]


@dataclass
class DemandControl:
    """What the adapter keeps of its demand control."""

    enabled: bool = False
    mode: str = "0"
    max_pow: int = 100

    @property
    def cap_percent(self) -> int | None:
        """The cap on the compressor while it is on; None when off."""
        return self.max_pow if self.enabled else None

    def answer(self) -> Fields:
        """The fields of `get_demand_control` after `ret=OK`."""
        return [
            ("type", "1"),
            ("en_demand", "1" if self.enabled else "0"),
            ("mode", self.mode),
            ("max_pow", str(self.max_pow)),
            *SCHEDULE_FIELDS,
        ]

    def apply(self, query: dict[str, str]) -> bool:
        """Apply `set_demand_control`; False means PARAM NG."""
        fields = {key: value for key, value in query.items() if key != "lpw"}
        if fields == {"en_demand": "0"}:
            self.enabled = False
            return True
        if set(fields) != {"en_demand", "mode", "type", "max_pow"}:
            return False
        if fields["en_demand"] != "1" or fields["type"] != "1":
            return False
        if fields["mode"] not in WRITABLE_MODES or not fields["max_pow"].isdigit():
            return False
        max_pow = int(fields["max_pow"])
        low, high = MAX_POW_RANGE
        if not low <= max_pow <= high or max_pow % MAX_POW_STEP:
            return False
        self.enabled, self.mode, self.max_pow = True, fields["mode"], max_pow
        return True
