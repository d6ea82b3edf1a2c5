"""Generating a demo workshop into an empty, catalogued database.

Everything comes from `random.Random(seed)` and the `now` given: the same seed and `now` give the
same database, row for row. Dates are placed relative to `now` so that a demo always shows
things overdue, due soon, expiring and late. Rows are written with bulk inserts in one
transaction: a demo is generated completely or not at all.

The stages live in _workshop (site, locations, staff, benches, tools), _orders (the orders),
_bench_queue (the work queued on the first cell's benches), _checklists, _stock and _maintenance;
their fixed vocabulary is read from data/*.toml (_data) each time a demo is generated."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, select

from atelier_tui.demo._base import DemoContext, load_catalog
from atelier_tui.demo._bench_queue import fit_gaskets_out_of_stock
from atelier_tui.demo._checklists import create_checklist_runs
from atelier_tui.demo._data import DemoData, load_demo_data
from atelier_tui.demo._maintenance import create_maintenance_records
from atelier_tui.demo._orders import create_orders
from atelier_tui.demo._stock import create_stock
from atelier_tui.demo._workshop import create_benches, create_locations, create_site, create_staff, create_tools
from atelier_tui.i18n import _
from atelier_tui.progress import Progress, silent
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.audit.reasons import DEMO_SEED, DEMO_SIZE
from atelier_tui.services.common.write_waits import DEMO, long_write
from atelier_tui.services.context import SYSTEM, Actor, ServiceError
from atelier_tui.services.maintenance.due_store import recompute_all
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Calibre, Site, SupplyType, ToolType

DEFAULT_SEED = 1847  # any fixed number will do; a fixed one makes every default demo the same
# The order in which the summary lists the tables.
GENERATED_TABLES = (
    "site", "location", "staff", "bench", "tool", "repair_order", "order_intervention", "checklist_run",
    "checklist_answer", "lot", "stock_movement", "maintenance_record",
)


@dataclass(frozen=True)
class DemoSummary:
    size: str
    seed: int
    counts: dict[str, int]  # rows written per table


# (progress stage code, stage), in the order they run: each one builds on what the ones before made.
STAGES = (
    ("demo.site", create_site), ("demo.locations", create_locations), ("demo.staff", create_staff),
    ("demo.benches", create_benches), ("demo.tools", create_tools), ("demo.orders", create_orders),
    ("demo.checklists", create_checklist_runs), ("demo.stock", create_stock), ("demo.gaskets", fit_gaskets_out_of_stock),
    ("demo.maintenance", create_maintenance_records),
)


def generate_demo(
    engine: Engine, size: str = "small", seed: int = DEFAULT_SEED, *, now: datetime, actor: Actor = SYSTEM,
    progress: Progress = silent,
) -> DemoSummary:
    """Fill an empty, catalogued database with a demo workshop ("small": one boutique workshop;
    "large": the same generator scaled for load tests). `progress` hears each stage as it starts."""
    require(actor, "demo.generate")
    data = load_demo_data()
    profile = data.profiles.get(size)
    if profile is None:
        raise ServiceError(_("unknown demo size '{size}': choose one of {sizes}").format(size=size, sizes=", ".join(data.profiles)), field="size")
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")
    now = now.astimezone(UTC)
    with write_session(engine, long_write(actor.login, DEMO, now)) as session:
        connection = session.connection()
        existing = connection.execute(select(Site.code).order_by(Site.id).limit(1)).scalar()
        if existing is not None:
            raise ServiceError(
                _("this database already holds a workshop (site {site}): a demo is only generated into an empty one").format(site=existing)
            )
        _require_catalogs(connection)
        catalog = load_catalog(connection)
        _require_demo_keys(data, catalog.tool_type_ids, catalog.calibres, catalog.interventions)
        ctx = DemoContext(connection, random.Random(seed), now, profile, catalog, data)
        with _room_for_one_big_transaction(connection):
            for done, (code, stage) in enumerate(STAGES):
                progress(code, done, len(STAGES))
                stage(ctx)
            recompute_all(session)  # the stored due rows of every tool the demo made
        counts = {table: ctx.counts.get(table, 0) for table in GENERATED_TABLES}
        # size and seed as data: the trail words them for each reader (services.audit.reasons)
        audit.record(session, actor, now, "generate_demo", "workshop", data.workshop.site_code,
                     after={**counts, DEMO_SIZE: size, DEMO_SEED: seed})
    return DemoSummary(size, seed, counts)


# The whole demo is one transaction. Once SQLite's page cache (2 MiB by default) is full, each
# dirty page it evicts is written to the WAL, again at every eviction, and later reads search that
# WAL: the xl demo (a million movements) took many minutes. The cache only grows as far as the
# demo needs, and goes back to the connection's own size afterwards (the connection is pooled).
DEMO_CACHE_KIB = 1024 * 1024


@contextmanager
def _room_for_one_big_transaction(connection: Connection) -> Iterator[None]:
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{DEMO_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")


def _require_catalogs(connection: Connection) -> None:
    empty = [
        name
        for name, model in (("tool types", ToolType), ("supply types", SupplyType), ("calibres", Calibre))
        if not connection.execute(select(func.count()).select_from(model)).scalar_one()
    ]
    if empty:
        raise ServiceError(
            _("the catalogs are not imported (no {tables}): import the shipped catalogs before generating a demo").format(
                tables=", ".join(empty))
        )


def _require_demo_keys(data: DemoData, tool_type_ids: dict[str, int], calibres: dict[str, object],
                       interventions: dict[str, object]) -> None:
    """The demo names catalog keys (tool kits, watch calibres, the jobs waiting on benches);
    catalog imports never delete a key, so a missing one means the shipped catalogs were never
    imported here."""
    kits = data.workshop
    wanted_tools = dict.fromkeys(
        key
        for keys in (*kits.bench_kits.values(), kits.first_mechanical_extras, kits.store_kit, kits.spare_tool_types,
                     kits.issued_ppe)
        for key in keys
    )
    missing = [f"tool type {key}" for key in wanted_tools if key not in tool_type_ids]
    wanted_calibres = dict.fromkeys(model.calibre_key for model in data.all_watch_models() if model.calibre_key)
    missing += [f"calibre {key}" for key in wanted_calibres if key not in calibres]
    wanted_jobs = dict.fromkeys(key for job in data.jobs.bench_queue for key in job.job)
    missing += [f"intervention {key}" for key in wanted_jobs if key not in interventions]
    if missing:
        raise ServiceError(_("the demo needs the shipped catalogs, and these keys are missing: {keys}").format(keys=", ".join(missing)))
