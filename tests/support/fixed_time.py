"""The one `now` the tests give the services (they never read the clock)."""

from datetime import UTC, datetime

FIXED_NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
