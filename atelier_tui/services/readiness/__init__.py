"""Is this bench ready for this repair order.

- check: reading what the rules need and asking the domain for the verdict.
- requirement_source: what the requirement rules need, read from the catalog and the order.
- bench_preparation: turning a NO-GO into a pick list, and carrying it out.

Modules starting with `_` are this package's own helpers.
"""
