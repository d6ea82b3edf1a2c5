"""Reading across the workshop.

- dashboard: each person's first screen.
- maintenance_section: the lead's dashboard section of the plans to do, most urgent first.
- search: the command palette's search.
- completion: what a shell completes from the workshop.
"""
