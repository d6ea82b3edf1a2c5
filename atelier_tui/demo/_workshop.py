"""The demo workshop's own things: the site, its store locations, people, benches and tools (their
names, kits and makers from data/workshop.toml and data/people.toml)."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from atelier_tui.demo._base import BenchRow, DemoContext, StaffRow, ToolRow
from atelier_tui.demo._data import BenchKind, Person
from atelier_tui.store.models import Bench, Location, Site, Staff, Tool


def create_site(ctx: DemoContext) -> None:
    workshop = ctx.data.workshop
    ctx.insert(Site, "site", [{"code": workshop.site_code, "name": workshop.site_name, "version": 1}])
    ctx.site_id = ctx.connection.execute(select(Site.id).where(Site.code == workshop.site_code)).scalar_one()


def create_locations(ctx: DemoContext) -> None:
    workshop, texts = ctx.data.workshop, ctx.data.workshop.texts
    planned: list[tuple[str, str, str, str]] = []  # (code, name, kind, role)
    for number in range(1, ctx.profile.cabinets + 1):
        role = workshop.cabinet_roles[(number - 1) % len(workshop.cabinet_roles)]
        name = texts["cabinet"].format(number=number, holds=workshop.cabinet_names[role])
        planned.append((f"C{number}", name, "cabinet", role))
        for drawer in range(1, ctx.profile.drawers_per_cabinet + 1):
            planned.append((f"C{number}-D{drawer}", texts["drawer"].format(drawer=drawer, number=number), "drawer", role))
    # Cells and solvents are kept apart from everything else (fire and short-circuit risks).
    special_cabinets = max(1, ctx.profile.cabinets // 12)
    for number in range(1, special_cabinets + 1):
        planned.append((f"BAT-{number}", texts["battery_cabinet"].format(number=number), "cabinet", "batteries"))
        planned.append((f"SOLV-{number}", texts["solvent_cabinet"].format(number=number), "cabinet", "solvents"))
    ctx.insert(Location, "location", [
        {"site_id": ctx.site_id, "code": code, "name": name, "kind": kind, "version": 1}
        for code, name, kind, _ in planned
    ])
    ids = dict(ctx.connection.execute(select(Location.code, Location.id).where(Location.site_id == ctx.site_id)).all())
    for code, _, _, role in planned:
        ctx.locations_by_role.setdefault(role, []).append(ids[code])


def _login(display_name: str) -> str:
    first, _, surname = display_name.partition(" ")
    ascii_name = unicodedata.normalize("NFKD", first[0] + surname).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_name.lower() if ch.isalnum())


def _generated_people(ctx: DemoContext, count: int) -> list[Person]:
    """More people for a large workshop: about one lead for seven technicians, a few admins."""
    rng, names = ctx.rng, ctx.data.people
    people: list[Person] = []
    taken = {person.login for person in names.roster}
    leads_wanted = max(0, round(ctx.profile.staff * 0.15) - 2)
    admins_wanted = max(0, round(ctx.profile.staff * 0.05) - 1)
    while len(people) < count:
        display_name = f"{rng.choice(names.first_names)} {rng.choice(names.surnames)}"
        login = _login(display_name)
        if login in taken:
            continue
        taken.add(login)
        if len(people) < leads_wanted:
            role, level = "lead", rng.choice((2, 3, 3))
        elif len(people) < leads_wanted + admins_wanted:
            role, level = "admin", 1
        else:
            role, level = "technician", rng.choices((1, 2, 3), weights=(3, 4, 3))[0]
        kinds = () if role == "admin" else rng.choice(names.clearances_by_level[level])
        people.append(Person(login, display_name, role, level, kinds))
    return people


def create_staff(ctx: DemoContext) -> None:
    people = list(ctx.data.people.roster[: ctx.profile.staff])
    people += _generated_people(ctx, ctx.profile.staff - len(people))
    ctx.insert(Staff, "staff", [
        {"site_id": ctx.site_id, "login": p.login, "display_name": p.display_name, "role": p.role, "level": p.level,
         "movement_kinds": list(p.movement_kinds), "active": True, "version": 1}
        for p in people
    ])
    ids = dict(ctx.connection.execute(select(Staff.login, Staff.id).where(Staff.site_id == ctx.site_id)).all())
    ctx.staff = [StaffRow(ids[p.login], p.login, p.role, p.level, p.movement_kinds) for p in people]


def create_benches(ctx: DemoContext) -> None:
    workshop = ctx.data.workshop
    planned: list[tuple[str, int, BenchKind]] = []
    numbers: dict[str, int] = {}
    for cell in range(1, ctx.profile.bench_cells + 1):
        for name in workshop.bench_cell:
            kind = workshop.bench_kinds[workshop.even_cells.get(name, name) if cell % 2 == 0 else name]
            numbers[kind.code_prefix] = numbers.get(kind.code_prefix, 0) + 1
            planned.append((f"{kind.code_prefix}-{numbers[kind.code_prefix]:02d}", cell, kind))
    ctx.insert(Bench, "bench", [
        {"site_id": ctx.site_id, "code": code, "zone": kind.zone,
         "name": workshop.texts["bench"].format(name=kind.name, number=code[-2:].lstrip("0")),
         "features": list(kind.features), "status": "open", "technician_id": None, "version": 1}
        for code, _, kind in planned
    ])
    ids = dict(ctx.connection.execute(select(Bench.code, Bench.id).where(Bench.site_id == ctx.site_id)).all())
    ctx.benches = [BenchRow(ids[code], code, kind.kind, cell, kind.features) for code, cell, kind in planned]


# --------------------------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------------------------


def _tool_row(
    ctx: DemoContext, type_key: str, home_bench: BenchRow | None, home_location: int | None
) -> dict[str, Any]:
    rng, workshop = ctx.rng, ctx.data.workshop
    type_id = ctx.catalog.tool_type_ids[type_key]
    category = ctx.catalog.tool_type_categories[type_id]
    maker = workshop.tool_makers.get(type_key)
    if maker is None:
        prefix = type_key.split("_", 1)[0]
        maker = rng.choice(workshop.tool_makers_by_prefix.get(prefix, workshop.default_tool_makers))
    # Instruments and machines carry a serial number and count their uses; hand tools do not.
    plans = ctx.catalog.plans_by_tool_type.get(type_id, [])
    counted = category in ("instrument", "equipment") or any(plan.every_uses for plan in plans)
    serial = f"{maker[:2].upper()}-{rng.randint(100000, 999999)}" if category in ("instrument", "equipment") else ""
    return {
        "asset_tag": "", "tool_type_id": type_id, "site_id": ctx.site_id, "serial": serial, "maker": maker,
        "home_location_id": home_location, "home_bench_id": home_bench.id if home_bench else None,
        # A tool at home on its bench is on that bench; a tool in the store is on no bench.
        "bench_id": home_bench.id if home_bench else None,
        "status": "in_service", "status_reason": "",
        "usage_count": rng.randint(150, 3000) if counted else 0,
        "attributes": {}, "acquired_on": ctx.today - timedelta(days=rng.randint(400, 3650)), "version": 1,
    }


def _plan_tools(ctx: DemoContext) -> list[dict[str, Any]]:
    rng, workshop = ctx.rng, ctx.data.workshop
    store = ctx.locations_by_role["tools"]
    rows: list[dict[str, Any]] = []
    first_mechanical_seen: set[int] = set()
    for bench in ctx.benches:
        kit = workshop.bench_kits[bench.kind]
        if bench.kind == "mechanical" and bench.cell not in first_mechanical_seen:
            first_mechanical_seen.add(bench.cell)
            kit = kit + workshop.first_mechanical_extras
        rows += [_tool_row(ctx, key, bench, None) for key in kit]
    for _cell in range(ctx.profile.bench_cells):
        rows += [_tool_row(ctx, key, None, rng.choice(store)) for key in workshop.store_kit]
    if len(rows) > ctx.profile.tools:
        raise ValueError(f"the bench kits alone hold {len(rows)} tools, more than the {ctx.profile.tools} wanted")
    spares_from = len(rows)
    while len(rows) < ctx.profile.tools:
        rows.append(_tool_row(ctx, rng.choice(workshop.spare_tool_types), None, rng.choice(store)))
    issued = _issued_ppe(ctx)
    if len(issued) > len(rows) - spares_from:
        raise ValueError(f"the bench kits and their protective equipment hold more than the {ctx.profile.tools} tools wanted")
    # The equipment takes the place of the last spares drawn: the same draws, the same demo.
    rows = rows[: len(rows) - len(issued)] + issued
    width = max(5, len(str(len(rows))))
    for number, row in enumerate(rows, start=1):
        row["asset_tag"] = f"AT-{number:0{width}d}"
    return rows


def _issued_ppe(ctx: DemoContext) -> list[dict[str, Any]]:
    """Protective equipment on the benches whose work needs it (safety glasses where movements
    are worked on): issued new, with no use counted, so it draws nothing at random."""
    workshop = ctx.data.workshop
    return [
        {"asset_tag": "", "tool_type_id": ctx.catalog.tool_type_ids[key], "site_id": ctx.site_id, "serial": "",
         "maker": workshop.tool_makers.get(key, ""), "home_location_id": None, "home_bench_id": bench.id,
         "bench_id": bench.id, "status": "in_service", "status_reason": "", "usage_count": 0, "attributes": {},
         "acquired_on": None, "version": 1}
        for bench in ctx.benches if bench.kind in workshop.issued_ppe_bench_kinds for key in workshop.issued_ppe
    ]


def _find(ctx: DemoContext, rows: list[dict[str, Any]], type_key: str, bench: BenchRow | None) -> dict[str, Any] | None:
    type_id = ctx.catalog.tool_type_ids[type_key]
    for row in rows:
        if row["tool_type_id"] == type_id and row["home_bench_id"] == (bench.id if bench else None):
            return row
    return None


def _plant_featured_incidents(ctx: DemoContext, rows: list[dict[str, Any]]) -> None:
    """One of each situation a person should meet in the demo, on the first cell's benches."""
    reasons = ctx.data.workshop.featured_incidents
    by_code = {bench.code: bench for bench in ctx.benches}
    quartz, first_mech, second_mech = by_code.get("QZ-01"), by_code.get("ME-01"), by_code.get("ME-02")
    broken = _find(ctx, rows, "demagnetizer", second_mech) if second_mech else None
    lent = _find(ctx, rows, "demagnetizer", first_mech) if first_mech else None
    if broken and lent and second_mech:
        broken.update(status="out_of_service", status_reason=reasons["broken_demagnetizer"])
        lent.update(status="checked_out", bench_id=second_mech.id, status_reason=reasons["lent_demagnetizer"])
    tweezers = _find(ctx, rows, "tweezers_plastic", quartz) if quartz else None
    if tweezers:
        tweezers.update(status="out_of_service", status_reason=reasons["broken_tweezers"])
    spare_loupe = _find(ctx, rows, "loupe_x12", None)
    if spare_loupe:
        spare_loupe.update(status="out_of_service", status_reason=reasons["scratched_loupe"])


def _add_random_incidents(ctx: DemoContext, rows: list[dict[str, Any]]) -> None:
    rng, workshop = ctx.rng, ctx.data.workshop
    benches_by_kind: dict[str, list[BenchRow]] = {}
    for bench in ctx.benches:
        benches_by_kind.setdefault(bench.kind, []).append(bench)
    bench_kind = {bench.id: bench.kind for bench in ctx.benches}
    bench_code = {bench.id: bench.code for bench in ctx.benches}
    for row in rows:
        if row["status"] != "in_service" or rng.random() >= ctx.profile.incident_share:
            continue
        category = ctx.catalog.tool_type_categories[row["tool_type_id"]]
        incident = rng.choices(("out_of_service", "in_maintenance", "retired", "checked_out"), weights=(3, 2, 1, 3))[0]
        if incident == "checked_out":
            if row["home_bench_id"] is None:
                continue
            others = [b for b in benches_by_kind[bench_kind[row["home_bench_id"]]] if b.id != row["home_bench_id"]]
            if not others:
                continue
            borrower, home = rng.choice(others), bench_code[row["home_bench_id"]]
            row.update(status="checked_out", bench_id=borrower.id,
                       status_reason=workshop.texts["lent"].format(borrower=borrower.code, home=home))
        elif incident == "out_of_service":
            row.update(status="out_of_service", status_reason=rng.choice(workshop.out_of_service_reasons[category]))
        elif incident == "in_maintenance":
            row.update(status="in_maintenance", status_reason=workshop.texts["in_maintenance"])
        else:
            row.update(status="retired", status_reason=workshop.texts["retired"], bench_id=None)


def create_tools(ctx: DemoContext) -> None:
    rows = _plan_tools(ctx)
    _plant_featured_incidents(ctx, rows)
    _add_random_incidents(ctx, rows)
    ctx.insert(Tool, "tool", rows)
    ids = dict(ctx.connection.execute(select(Tool.asset_tag, Tool.id).where(Tool.site_id == ctx.site_id)).all())
    ctx.tools = [
        ToolRow(ids[r["asset_tag"]], r["asset_tag"], r["tool_type_id"], r["home_bench_id"], r["usage_count"],
                r["acquired_on"], r["status"])
        for r in rows
    ]
