"""The intervention sheet (fiche de suivi) of an order: keeping it, reading it, and its Markdown document."""
