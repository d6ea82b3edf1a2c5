"""The demo workshop's fixed vocabulary, read from the TOML files of demo/data/ at generation time:
sizes, benches and tool kits, people, watches, jobs, stock usage, planted situations and texts.

Plain values only (tuples, not lists, so that nothing a stage holds can be changed by another).
Every catalog key the files name is checked by the generator before it writes anything."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

Keys = tuple[str, ...]


@dataclass(frozen=True)
class DemoProfile:
    name: str
    bench_cells: int  # how many times the cell of benches repeats
    staff: int
    tools: int
    lots: int
    movements: int | None  # None: as many as the lots' stories need
    orders: int
    cabinets: int
    drawers_per_cabinet: int
    maintenance_history: int  # records kept per tool and plan, the latest included
    incident_share: float  # share of tools given a random status (out of service, lent, ...)
    occupied_bench_kinds: Keys  # kinds of bench that may have an order in progress
    bench_occupancy: float  # share of those benches that do
    status_mix: dict[str, int]  # weights of the other orders' statuses
    history_days: int  # how far back finished orders go


@dataclass(frozen=True)
class BenchKind:
    kind: str  # quartz | mechanical | casing | polishing | reception
    code_prefix: str
    name: str
    zone: str
    features: Keys


@dataclass(frozen=True)
class Person:
    login: str
    display_name: str
    role: str
    level: int
    movement_kinds: Keys


@dataclass(frozen=True)
class WatchModel:
    brand: str
    model: str
    calibre_key: str | None  # None: a vintage calibre the catalog does not hold
    movement_kind: str
    case_diameter_mm: float
    water_resistance_text: str  # as marked on the dial or case back; "" = no mark
    lug_width_mm: float | None
    crystal: str  # sapphire | mineral | acrylic
    luminous: str = "none"  # none | luminova | tritium | radium
    vintage: bool = False
    uncatalogued_calibre: str = ""


@dataclass(frozen=True)
class QueuedJob:
    """Work waiting on a bench of the first cell (jobs.toml, bench_queue)."""

    bench: str
    status: str  # ready | accepted
    job: Keys  # intervention keys
    model: WatchModel
    note: str  # the reception note
    # The watch takes an O-ring of a size the store holds none of: the job waits for a reorder.
    gasket_out_of_stock: bool = False


@dataclass(frozen=True)
class Workshop:
    site_code: str
    site_name: str
    bench_kinds: dict[str, BenchKind]
    bench_cell: Keys  # names of bench_kinds
    even_cells: dict[str, str]  # on every second cell, the bench kind named instead
    bench_kits: dict[str, Keys]  # by bench kind, the working bench kit included
    first_mechanical_extras: Keys
    store_kit: Keys
    spare_tool_types: Keys
    issued_ppe: Keys  # protective equipment on each bench of the kinds below
    issued_ppe_bench_kinds: Keys
    tool_makers: dict[str, str]
    tool_makers_by_prefix: dict[str, Keys]
    default_tool_makers: Keys
    out_of_service_reasons: dict[str, Keys]
    cabinet_roles: Keys
    cabinet_names: dict[str, str]
    supply_home: dict[str, str]
    texts: dict[str, str]
    featured_incidents: dict[str, str]


@dataclass(frozen=True)
class People:
    roster: tuple[Person, ...]
    first_names: Keys
    surnames: Keys
    clearances_by_level: dict[int, tuple[Keys, ...]]


@dataclass(frozen=True)
class Watches:
    models: tuple[WatchModel, ...]
    reception_notes: Keys
    radium_note: str
    tritium_note: str
    uncatalogued_note: str  # with {calibre}


@dataclass(frozen=True)
class Jobs:
    full_service: str  # stands for the full service of the watch's own movement kind
    full_service_by_kind: dict[str, str]
    by_bench_kind: dict[str, tuple[Keys, ...]]
    kind_weights: dict[str, int]
    age_days: dict[str, tuple[int, int]]
    bench_queue: tuple[QueuedJob, ...]


@dataclass(frozen=True)
class Stock:
    usage_by_key: dict[str, tuple[float, float]]  # (pack size, amount used per job)
    usage_by_category_and_unit: dict[tuple[str, str], tuple[float, float]]
    default_usage: tuple[float, float]
    texts: dict[str, str]


@dataclass(frozen=True)
class FeaturedRecord:
    bench: str
    tool_type: str
    plan: str
    days_since: int | None
    uses_since: int | None


@dataclass(frozen=True)
class Maintenance:
    featured: tuple[FeaturedRecord, ...]
    reference_standards: dict[str, str]
    verification_standards: dict[str, str]
    texts: dict[str, str]


@dataclass(frozen=True)
class Checklists:
    template: str
    featured_runs: dict[str, bool]  # bench -> passed
    ready_benches: Keys
    ready_run_minutes: tuple[int, int]  # started this long before `now`, signed this long after
    failing_item: str
    failing_reason: str
    random_failure_share: float
    order_template: str  # the per-order checklist run before work on each watch on a bench
    order_run_minutes: tuple[int, int]  # started this long before `now`, signed this long after


@dataclass(frozen=True)
class DemoData:
    profiles: dict[str, DemoProfile]
    workshop: Workshop
    people: People
    watches: Watches
    jobs: Jobs
    stock: Stock
    maintenance: Maintenance
    checklists: Checklists

    def all_watch_models(self) -> tuple[WatchModel, ...]:
        """The watches drawn for orders, then those that only come in for queued work."""
        return self.watches.models + tuple(job.model for job in self.jobs.bench_queue)


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(files(__package__).joinpath("data", f"{name}.toml").read_text(encoding="utf-8"))


def _keys(values: list[str]) -> Keys:
    return tuple(values)


def _watch(entry: dict[str, Any]) -> WatchModel:
    return WatchModel(
        entry["brand"], entry["model"], entry.get("calibre"), entry["movement_kind"], entry["case_diameter_mm"],
        entry["water_resistance"], entry.get("lug_width_mm"), entry["crystal"], entry.get("luminous", "none"),
        entry.get("vintage", False), entry.get("uncatalogued_calibre", ""),
    )


def _profiles(raw: dict[str, Any]) -> dict[str, DemoProfile]:
    return {
        name: DemoProfile(**{**values, "name": name, "movements": values.get("movements"),
                             "occupied_bench_kinds": _keys(values["occupied_bench_kinds"])})
        for name, values in raw.items()
    }


def _workshop(raw: dict[str, Any]) -> Workshop:
    kits = raw["kits"]
    working = _keys(kits["working_bench"])
    return Workshop(
        site_code=raw["site"]["code"], site_name=raw["site"]["name"],
        bench_kinds={name: BenchKind(**{**kind, "features": _keys(kind["features"])})
                     for name, kind in raw["bench_kinds"].items()},
        bench_cell=_keys(raw["cell"]["benches"]), even_cells=raw["cell"]["even_cells"],
        bench_kits={kind: (working if kind in kits["with_working_bench"] else ()) + _keys(tools)
                    for kind, tools in kits["bench"].items()},
        first_mechanical_extras=_keys(kits["first_mechanical_extras"]), store_kit=_keys(kits["store"]),
        spare_tool_types=_keys(kits["spares"]),
        issued_ppe=_keys(kits["issued_ppe"]["tools"]), issued_ppe_bench_kinds=_keys(kits["issued_ppe"]["kinds"]),
        tool_makers=raw["makers"]["by_type"],
        tool_makers_by_prefix={prefix: _keys(makers) for prefix, makers in raw["makers"]["by_prefix"].items()},
        default_tool_makers=_keys(raw["makers"]["default"]),
        out_of_service_reasons={category: _keys(reasons) for category, reasons in raw["out_of_service_reasons"].items()},
        cabinet_roles=_keys(raw["cabinets"]["roles"]), cabinet_names=raw["cabinets"]["names"],
        supply_home=raw["cabinets"]["supply_home"], texts=raw["texts"], featured_incidents=raw["featured_incidents"],
    )


def _people(raw: dict[str, Any]) -> People:
    return People(
        roster=tuple(Person(**{**person, "movement_kinds": _keys(person["movement_kinds"])}) for person in raw["roster"]),
        first_names=_keys(raw["first_names"]), surnames=_keys(raw["surnames"]),
        clearances_by_level={int(level): tuple(_keys(kinds) for kinds in choices)
                             for level, choices in raw["clearances_by_level"].items()},
    )


def _jobs(raw: dict[str, Any], watches: dict[str, WatchModel]) -> Jobs:
    return Jobs(
        full_service=raw["full_service"], full_service_by_kind=raw["full_service_by_kind"],
        by_bench_kind={kind: tuple(_keys(job) for job in jobs) for kind, jobs in raw["jobs"].items()},
        kind_weights=raw["job_kind_weights"],
        age_days={status: (days[0], days[1]) for status, days in raw["age_days"].items()},
        bench_queue=tuple(
            QueuedJob(queued["bench"], queued["status"], _keys(queued["job"]), watches[queued["watch"]], queued["note"],
                      queued.get("gasket_out_of_stock", False))
            for queued in raw["bench_queue"]
        ),
    )


def _stock(raw: dict[str, Any]) -> Stock:
    return Stock(
        usage_by_key={key: (usage[0], usage[1]) for key, usage in raw["usage_by_key"].items()},
        usage_by_category_and_unit={(category, unit): (usage[0], usage[1])
                                    for category, units in raw["usage_by_category_and_unit"].items()
                                    for unit, usage in units.items()},
        default_usage=(raw["default_usage"][0], raw["default_usage"][1]), texts=raw["texts"],
    )


def _maintenance(raw: dict[str, Any]) -> Maintenance:
    return Maintenance(
        featured=tuple(FeaturedRecord(entry["bench"], entry["tool_type"], entry["plan"], entry.get("days_since"),
                                      entry.get("uses_since")) for entry in raw["featured"]),
        reference_standards=raw["reference_standards"], verification_standards=raw["verification_standards"],
        texts=raw["texts"],
    )


def _checklists(raw: dict[str, Any]) -> Checklists:
    started, signed = raw["ready_run_minutes"]
    order_started, order_signed = raw["order_run_minutes"]
    return Checklists(
        raw["template"], raw["featured_runs"], _keys(raw["ready_benches"]), (started, signed), raw["failing_item"],
        raw["failing_reason"], raw["random_failure_share"], raw["order_template"],
        (order_started, order_signed),
    )


def load_demo_data() -> DemoData:
    raw_watches = _read("watches")
    models = tuple(_watch(entry) for entry in raw_watches["models"])
    by_name = {model.model: model for model in models + tuple(_watch(entry) for entry in raw_watches["queued_only"])}
    notes = raw_watches["notes"]
    return DemoData(
        profiles=_profiles(_read("profiles")),
        workshop=_workshop(_read("workshop")),
        people=_people(_read("people")),
        watches=Watches(models, _keys(notes["reception"]), notes["radium"], notes["tritium"], notes["uncatalogued_calibre"]),
        jobs=_jobs(_read("jobs"), by_name),
        stock=_stock(_read("stock")),
        maintenance=_maintenance(_read("maintenance")),
        checklists=_checklists(_read("checklists")),
    )
