"""Tests for the Daikin local-API client."""
