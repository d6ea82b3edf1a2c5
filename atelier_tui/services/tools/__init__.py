"""Tools.

- queries: reading tools for the screens.
- rows: a tool as a list shows it, made from a query's columns.
- first_page: the unfiltered pages by asset tag, as read statements (no SQLAlchemy on SQLite).
- actions: what people do with a tool (check out, check in, out of service and back).
- overrides: the instruments in service by a lead's override after a failed calibration.
- filters: the tools list as people ask for it (`bench:ME-01 status:overdue`), sorted by any column.
- maintenance_state: every tool's maintenance state, the one place the list asks for it.
- sort_groups: the list's sorts by type name, by place and by maintenance state, as ranked groups.
"""
