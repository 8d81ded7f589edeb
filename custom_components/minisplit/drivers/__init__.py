"""Drivers: one package per head protocol, each behind the brand-neutral contract in `heads`."""
