"""Tests of the emulated Daikin adapter, through real HTTP."""
