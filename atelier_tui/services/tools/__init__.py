"""Tools.

- queries: reading tools for the screens.
- actions: what people do with a tool (check out, check in, out of service and back).
- overrides: the instruments in service by a lead's override after a failed calibration.
- filters: the tools list as people ask for it (`bench:ME-01 status:overdue`), sorted by any column.
- maintenance_state: every tool's maintenance state, the one place the list asks for it.
"""
