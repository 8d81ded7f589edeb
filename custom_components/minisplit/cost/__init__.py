"""Running cost on live data: settings, prices, the estimate now, its totals and calibration.

Pure Python (no Home Assistant imports, mypy strict): the cost coordinator feeds it what a unit
does, at what time and price, and reads the results. It builds on the cost core (`costcore`).
"""
