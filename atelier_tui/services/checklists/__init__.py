"""Running QHSE checklists on a bench or an order: start, answer, sign off."""
