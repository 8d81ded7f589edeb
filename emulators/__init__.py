"""Emulated devices that speak the mini-splits' local APIs, for tests and development."""
