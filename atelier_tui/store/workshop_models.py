"""The workshop's own things: sites, store locations, people, benches and tools."""

from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field, SQLModel

from atelier_tui.domain.vocabulary import BenchStatus, Role, ToolStatus
from atelier_tui.store.base import json_field, one_of, version_field


class Site(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    version: int = version_field()


class Location(SQLModel, table=True):
    """A store location: cabinet, drawer, shelf. Tools and lots go back there when not on a bench."""

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    code: str = Field(unique=True)
    name: str
    kind: str = "cabinet"
    version: int = version_field()


class Staff(SQLModel, table=True):
    __table_args__ = (one_of("role", Role),)
    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    login: str = Field(unique=True)
    display_name: str
    role: str
    level: int = 1  # technical level 1..3
    movement_kinds: list[str] = json_field(list)
    active: bool = True
    version: int = version_field()


class Bench(SQLModel, table=True):
    """A workstation. Its current order is the order in progress on it (not stored twice)."""

    __table_args__ = (one_of("status", BenchStatus),)
    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id")
    code: str = Field(unique=True)
    name: str
    zone: str = ""
    features: list[str] = json_field(list)  # esd, extraction, ventilation, ...
    status: str = BenchStatus.OPEN
    technician_id: int | None = Field(default=None, foreign_key="staff.id")
    version: int = version_field()


class Tool(SQLModel, table=True):
    """One physical tool. It lives at a home (a store location or a bench) and is now either there
    or checked out to `bench_id`."""

    __table_args__ = (
        CheckConstraint("usage_count >= 0", name="usage_non_negative"),
        one_of("status", ToolStatus),
        Index("ix_tool_type_status", "tool_type_id", "status"),
        # Where a tool is now (checked out to a bench, else its home bench): the readiness check
        # asks it for every order.
        Index("ix_tool_now_on", text("coalesce(bench_id, home_bench_id)")),
        # The store's tools of a type, location by location in asset-tag order: the readiness
        # check's nearest tools, read without a sort (services/readiness/_tool_candidates).
        Index("ix_tool_type_place", "tool_type_id", text("coalesce(bench_id, home_bench_id)"), "home_location_id", "asset_tag"),
        # Where a tool is, from its own columns (the bench it is on, else its location, else the
        # bench it belongs to): the list's location filter and its sort by where
        # (services/tools/sort_groups.py) read the tools of a place without touching the table.
        Index("ix_tool_place", "bench_id", "home_location_id", "home_bench_id", "asset_tag"),
        # The tools of a status, and by their use, in asset-tag order: the list's sorts by those
        # columns and its status filter read a page, not every tool.
        Index("ix_tool_status", "status", "asset_tag"),
        Index("ix_tool_usage", "usage_count", "asset_tag"),
    )
    id: int | None = Field(default=None, primary_key=True)
    asset_tag: str = Field(unique=True)
    tool_type_id: int = Field(foreign_key="tool_type.id")
    site_id: int = Field(foreign_key="site.id")
    serial: str = ""
    maker: str = ""
    home_location_id: int | None = Field(default=None, foreign_key="location.id")
    home_bench_id: int | None = Field(default=None, foreign_key="bench.id")
    bench_id: int | None = Field(default=None, foreign_key="bench.id", index=True)
    status: str = ToolStatus.IN_SERVICE
    status_reason: str = ""  # as typed; empty when status_record_id says why
    # the maintenance record that took it out of service: its reason is built from it when read,
    # in the reader's language (no foreign key: added to existing workshops without a rebuild)
    status_record_id: int | None = None
    usage_count: int = 0
    attributes: dict[str, Any] = json_field()  # this tool's own values, over its type's
    acquired_on: date | None = None
    version: int = version_field()
