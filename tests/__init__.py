"""Tests for minisplit."""
