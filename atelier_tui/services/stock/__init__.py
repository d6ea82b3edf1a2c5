"""Stock: the ledger of lot movements (receive, consume, adjust, transfer, dispose), reading it for the screens, and lots held for an order."""
