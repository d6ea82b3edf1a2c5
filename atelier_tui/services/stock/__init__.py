"""Stock.

- ledger: the lot movements (receive, consume, adjust, transfer, dispose).
- queries: reading stock for the screens.
- reservations: lots held for an order, inside the caller's transaction.
"""
