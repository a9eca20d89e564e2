"""Figures drawn from result objects and sweep tables (never recomputing)."""
