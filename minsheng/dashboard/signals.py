"""Keeps each plan's public-board stamp current (filled in by the public board work)."""
