"""Tests of the Daikin /dsiot driver."""
