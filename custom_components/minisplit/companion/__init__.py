"""Running cost for a climate entity of another integration: what it does, and what that moves.

Pure Python, no Home Assistant imports: `activity` judges running or not from what a climate
entity shows, `load` models the building when no compressor speed is reported.
"""

from __future__ import annotations

from .activity import Activity, Basis, ClimateView, judge_activity
from .load import Building

__all__ = ["Activity", "Basis", "Building", "ClimateView", "judge_activity"]
