"""Reading across the workshop.

- dashboard: each person's first screen.
- search: the command palette's search.
- completion: what a shell completes from the workshop.
"""
