"""Benchmarks: they measure and print, they are not timed tests (run them with scripts/bench)."""
