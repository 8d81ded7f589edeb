"""Measured energy: a head's own counters (hourly, daily) and a sensor's readings, per hour.

Pure Python (no Home Assistant imports, mypy strict): readings in, ever-growing totals out;
never backwards, never twice, and impossible values rejected by kind.
"""
