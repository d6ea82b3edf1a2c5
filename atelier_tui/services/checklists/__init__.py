"""QHSE checklists.

- runs: running a checklist on a bench or an order: start, answer, sign off; today's runs.
"""
