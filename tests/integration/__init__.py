"""Tests of the Home Assistant layer, through the emulated head over real HTTP."""
