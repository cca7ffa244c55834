"""Marsad: Arabic conflict-news extraction into an evidence-backed event dataset."""

__version__ = "0.1.0"
