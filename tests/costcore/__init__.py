"""Tests of the cost core: pure functions, no Home Assistant."""
