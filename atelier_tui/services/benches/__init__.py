"""Benches as the screens read them, and the changes a lead makes to them (who works there, open or closed)."""
