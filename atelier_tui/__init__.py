"""atelier: terminal workstation and tooling manager for watch-repair workshops.

Kept free of imports on purpose: the TUI must paint its first screen before SQLModel and pint
are loaded (see docs in shared/engineering-notes.md, "Start-up").
"""

__version__ = "0.1.0"
