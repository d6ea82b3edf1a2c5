"""Repair orders.

- reception: taking a watch in (a new order) and assigning an order to a bench.
- queries: reading orders for the screens, one order in full with its requirements.
- rows: an order as a list shows it, and the unfiltered lists (`order list`, the dashboards) as read statements.
- choices: what a person picks from at intake and assignment (calibres, interventions, benches, staff).
- planning: changing an order's grade and own estimate after intake.
- start: the start gate: start on a ready bench, or with a lead's concession.
- filters: the orders list as people ask for it (`mine status:ready`), sorted by any column.
"""
