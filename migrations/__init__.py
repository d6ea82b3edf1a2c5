"""Marks the migrations as the package `atelier_tui._shipped.migrations`, so the wheel carries them
(see atelier_tui/_shipped). alembic reads this folder by path."""
