"""Reading across the workshop: each person's first screen (dashboard), the command palette's search, and what a shell completes."""
