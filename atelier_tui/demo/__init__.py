"""The demo workshop: a generator that fills an empty, catalogued database with a plausible workshop
through the same permission table and audit as everyone, and the demo's login gateway."""
