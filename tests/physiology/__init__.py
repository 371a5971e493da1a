"""Tests of the muscle-memory model (tracker.physiology)."""
