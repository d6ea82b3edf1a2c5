"""Stock.

- ledger: the lot movements (receive, consume, adjust, transfer, dispose).
- queries: reading stock for the screens.
- rows: a supply and a lot as the lists and the dashboards show them, made from plain rows.
- reservations: lots held for an order, inside the caller's transaction.
- filters: the supplies list as people ask for it (`category:battery expired`), sorted by any column.
"""
