"""Tools.

- queries: reading tools for the screens.
- actions: what people do with a tool (check out, check in, out of service and back).
- overrides: the instruments in service by a lead's override after a failed calibration.
"""
