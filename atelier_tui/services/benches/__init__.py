"""Benches: what the screens read of them, and the changes a lead makes to them.

- queries: the bench list, a bench's page (its tools, today's checklist runs, the order in
  progress), and who may be put at a bench.
- detail: a bench's page as read statements (the technician's dashboard reads it without SQLAlchemy).
- changes: who works at a bench and whether it is open, closed or in maintenance, audited.
"""
