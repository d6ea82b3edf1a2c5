"""Preventive maintenance and calibration of tools: where each plan stands, the due list, records,
out-of-tolerance reviews and their impact, interval reviews, the lead's planner and changes. Modules
starting with `_` are this package's own helpers."""
