"""Algorithms on game representations (no IR vocabulary here)."""
