"""Repair orders: reception (taking a watch in), reading them for the screens, and the start gate."""
