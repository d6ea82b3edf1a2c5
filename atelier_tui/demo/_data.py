"""The demo workshop's fixed vocabulary: bench layout and tool kits, people, watches, jobs.

Plain data only. Every key named here is a key of the shipped catalogs (docs/catalog-format.md);
the generator checks they exist before it writes anything."""

from __future__ import annotations

from dataclasses import dataclass

MECHANICAL_KINDS = ("manual", "automatic")
ALL_KINDS = ("manual", "automatic", "quartz")

# --------------------------------------------------------------------------------------------
# Benches: one "cell" of six benches; the large workshop repeats the cell.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchKind:
    kind: str  # quartz | mechanical | casing | polishing | reception
    code_prefix: str
    name: str
    zone: str
    features: tuple[str, ...]


QUARTZ = BenchKind("quartz", "QZ", "Poste quartz", "Quartz", ("esd",))
# Quartz benches of the large workshop alternate with ventilated ones, so that some of them can
# take a quartz movement service (solvents) and some cannot.
QUARTZ_VENTILATED = BenchKind("quartz", "QZ", "Poste quartz ventilé", "Quartz", ("esd", "ventilation"))
# A full service washes parts in solvents: the catalog asks for a ventilated bench.
MECHANICAL = BenchKind("mechanical", "ME", "Poste mécanique", "Mécanique", ("ventilation",))
CASING = BenchKind("casing", "WR", "Poste emboîtage et étanchéité", "Emboîtage et étanchéité", ())
POLISHING = BenchKind("polishing", "PO", "Poste polissage", "Polissage", ("extraction",))
RECEPTION = BenchKind("reception", "RC", "Comptoir de réception", "Réception", ())

BENCH_CELL = (QUARTZ, MECHANICAL, MECHANICAL, CASING, POLISHING, RECEPTION)

# What every bench where watches are opened carries.
WORKING_BENCH_KIT = (
    "screwdriver_060", "screwdriver_080", "screwdriver_100", "screwdriver_120",
    "tweezers_3_antimagnetic", "tweezers_5_antimagnetic", "loupe_x3", "oiler_012",
    "dust_blower", "bench_lamp", "case_knife", "case_back_wrench", "case_vice", "hand_levers",
    "dial_protector", "movement_holder_small", "glass_dome", "stem_release_pusher",
)
BENCH_KITS: dict[str, tuple[str, ...]] = {
    "quartz": WORKING_BENCH_KIT + (
        "esd_mat", "esd_wrist_strap", "multimeter", "battery_tester", "tweezers_plastic",
        "quartz_tester", "screwdriver_050", "hand_setting_tool", "friction_ball",
    ),
    "mechanical": WORKING_BENCH_KIT + (
        "timegrapher", "demagnetizer", "compass", "tweezers_brass", "loupe_x10", "oiler_008",
        "oil_cups", "mainspring_winder_set", "hand_setting_tool", "screwdriver_160",
        "winding_machine", "movement_holder_large",
    ),
    "casing": WORKING_BENCH_KIT + (
        "wr_tester_dry", "wr_tester_wet", "case_back_press", "crystal_press", "crystal_lift",
        "condensation_test_plate", "caliper_digital", "gasket_remover",
    ),
    "polishing": (
        "polishing_motor", "dust_extraction_unit", "ultrasonic_tank", "loupe_x3", "spring_bar_tool",
        "pin_pusher", "bracelet_holder", "case_knife", "case_vice",
    ),
    "reception": (
        "loupe_x5", "case_knife", "case_back_wrench", "battery_tester", "caliper_digital", "uv_lamp",
        "geiger_counter", "magnetometer",
    ),
}
# The first mechanical bench of each cell also hosts the cell's cleaning machine.
FIRST_MECHANICAL_EXTRAS = ("cleaning_machine",)

# Shared instruments and seldom-used equipment kept in the store, one set per cell.
STORE_KIT = (
    "lux_meter", "wrist_strap_tester", "staking_set", "mainspring_winder_set_large", "crystal_gauge",
    "stem_cutter", "demagnetizer", "tweezers_carbon_tip", "loupe_x12",
)
# Spares that fill the store cabinets up to the profile's tool count.
SPARE_TOOL_TYPES = (
    "screwdriver_050", "screwdriver_060", "screwdriver_080", "screwdriver_100", "screwdriver_120",
    "screwdriver_140", "screwdriver_160", "screwdriver_200", "screwdriver_250", "screwdriver_300",
    "tweezers_2_antimagnetic", "tweezers_3_antimagnetic", "tweezers_4_antimagnetic",
    "tweezers_5_antimagnetic", "tweezers_7_curved", "tweezers_brass", "tweezers_nickel_silver",
    "tweezers_plastic", "loupe_x2_5", "loupe_x4", "loupe_x5", "loupe_x10", "loupe_x12",
    "oiler_008", "oiler_012", "oiler_016", "oiler_020", "oiler_025", "hand_levers", "dial_protector",
    "movement_holder_small", "movement_holder_large", "case_knife", "gasket_remover", "spring_bar_tool",
    "glass_dome", "bench_mat", "dust_blower", "battery_tester", "caliper_digital",
)

TOOL_MAKERS = {
    "timegrapher": "Witschi", "quartz_tester": "Witschi", "quartz_rate_tester": "Witschi",
    "wr_tester_dry": "Witschi", "wr_tester_wet": "Bergeon", "multimeter": "Fluke",
    "battery_tester": "Bergeon", "cleaning_machine": "L&R", "ultrasonic_tank": "Elma",
    "esd_mat": "Desco", "esd_wrist_strap": "Desco", "wrist_strap_tester": "Desco", "lux_meter": "Testo",
    "geiger_counter": "Gamma-Scout", "caliper_digital": "Mitutoyo", "bench_lamp": "Waldmann",
}
TOOL_MAKERS_BY_PREFIX = {"tweezers": ("Dumont", "Bergeon"), "screwdriver": ("Bergeon", "Horotec")}
DEFAULT_TOOL_MAKERS = ("Bergeon", "Horotec", "Boley")

OUT_OF_SERVICE_REASONS = {
    "hand_tool": ("Lame ébréchée, à rectifier sur la pierre", "Pointes désalignées, à redresser",
                  "Verre rayé, à remplacer"),
    "instrument": ("Écran défaillant, en attente de réparation", "Capteur bruyant, envoyé au fabricant"),
    "equipment": ("Moteur bruyant, en attente du SAV fabricant", "Thermostat défaillant"),
    "bench_fixture": ("Fixation cassée",),
    "ppe": ("Cordon endommagé",),
}

# --------------------------------------------------------------------------------------------
# Store locations
# --------------------------------------------------------------------------------------------

# What each general cabinet holds, in turn: C1 tools, C2 gaskets and crystals, ...
CABINET_ROLES = ("tools", "gaskets_crystals", "parts", "lubricants_consumables")
CABINET_NAMES = {
    "tools": "outillage de rechange",
    "gaskets_crystals": "joints et glaces",
    "parts": "fournitures (tiges, couronnes, ressorts, barrettes)",
    "lubricants_consumables": "huiles et consommables",
}
SUPPLY_HOME = {
    "battery": "batteries", "cleaning_solution": "solvents", "rinse_solution": "solvents",
    "gasket": "gaskets_crystals", "crystal": "gaskets_crystals",
    "stem": "parts", "crown": "parts", "mainspring": "parts", "spring_bar": "parts", "strap": "parts",
    "movement": "parts",
}  # anything else: lubricants_consumables

# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    login: str
    display_name: str
    role: str
    level: int
    movement_kinds: tuple[str, ...]


ROSTER = (
    # The workshop lead is also the most experienced technician (level 3, every movement).
    Person("cmartin", "Claire Martin", "lead", 3, ALL_KINDS),
    Person("prenaud", "Philippe Renaud", "lead", 2, ALL_KINDS),
    Person("tmoreau", "Thomas Moreau", "technician", 3, MECHANICAL_KINDS),
    Person("slefevre", "Sophie Lefèvre", "technician", 2, ("automatic", "quartz")),
    Person("lbernard", "Lucas Bernard", "technician", 2, ALL_KINDS),
    Person("cgirard", "Camille Girard", "technician", 1, ("quartz",)),
    Person("mpetit", "Manon Petit", "technician", 1, ("automatic", "quartz")),
    Person("nroux", "Nicolas Roux", "admin", 1, ()),
)
FIRST_NAMES = (
    "Adrien", "Alice", "Antoine", "Audrey", "Baptiste", "Céline", "Chloé", "Damien", "Élodie", "Émilie",
    "François", "Gaëlle", "Guillaume", "Hélène", "Hugo", "Inès", "Jérôme", "Julie", "Laurent", "Léa",
    "Mathieu", "Mélanie", "Nathalie", "Olivier", "Pauline", "Quentin", "Romain", "Sandrine", "Théo",
    "Valérie", "Yann", "Zoé",
)
SURNAMES = (
    "Arnaud", "Barbier", "Blanc", "Bonnet", "Boyer", "Brun", "Chevalier", "Clément", "David", "Denis",
    "Dupont", "Durand", "Fabre", "Faure", "Fontaine", "Fournier", "Gauthier", "Garnier", "Guérin",
    "Henry", "Lambert", "Laurent", "Leroy", "Marchand", "Masson", "Mercier", "Meyer", "Michel", "Morel",
    "Muller", "Nicolas", "Perrin", "Robin", "Rousseau", "Roussel", "Vincent",
)
# Technical level -> the movement-kind clearances people of that level commonly hold.
CLEARANCES_BY_LEVEL = {
    1: (("quartz",), ("automatic", "quartz")),
    2: (("automatic", "quartz"), MECHANICAL_KINDS, ALL_KINDS),
    3: (ALL_KINDS, MECHANICAL_KINDS),
}

# --------------------------------------------------------------------------------------------
# Watches
# --------------------------------------------------------------------------------------------


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


WATCH_MODELS = (
    # Quartz
    WatchModel("Tissot", "PR 100", "eta_f06_115", "quartz", 39.0, "10 bar", 19, "sapphire"),
    WatchModel("Tissot", "T-Classic Dream", "eta_955_112", "quartz", 38.0, "3 bar", 19, "sapphire"),
    WatchModel("Tissot", "Everytime Small", "eta_f05_115", "quartz", 30.0, "3 bar", 16, "sapphire"),
    WatchModel("Longines", "Conquest Quartz", "eta_955_412", "quartz", 41.0, "300 m", 21, "sapphire", "luminova"),
    WatchModel("Longines", "Flagship Quartz", "eta_955_422", "quartz", 38.5, "3 bar", 19, "sapphire"),
    WatchModel("Hamilton", "Khaki Field Quartz", "eta_f06_115", "quartz", 38.0, "10 ATM", 20, "sapphire", "luminova"),
    WatchModel("Swatch", "Irony Big", "eta_955_112", "quartz", 37.0, "3 bar", 19, "mineral"),
    WatchModel("Mondaine", "Evo2", "ronda_515", "quartz", 40.0, "3 ATM", 20, "mineral"),
    WatchModel("Victorinox", "Alliance", "ronda_715", "quartz", 40.0, "100 m", 20, "sapphire", "luminova"),
    WatchModel("Fossil", "Minimalist", "miyota_2035", "quartz", 44.0, "5 ATM", 22, "mineral"),
    # Automatic
    WatchModel("Tissot", "Le Locle Automatic", "eta_2824_2", "automatic", 39.3, "3 bar", 19, "sapphire"),
    WatchModel("Tissot", "Visodate", "eta_2824_2", "automatic", 42.0, "3 bar", 20, "sapphire"),
    WatchModel("Longines", "HydroConquest", "eta_2824_2", "automatic", 41.0, "30 bar", 21, "sapphire", "luminova"),
    WatchModel("Longines", "Master Collection L2.628", "eta_2892_a2", "automatic", 38.5, "3 bar", 19, "sapphire"),
    WatchModel("Hamilton", "Jazzmaster Viewmatic", "eta_2824_2", "automatic", 40.0, "5 bar", 20, "sapphire"),
    WatchModel("Hamilton", "Khaki King", "eta_2824_2", "automatic", 40.0, "100 m", 20, "sapphire", "luminova"),
    WatchModel("Oris", "Big Crown Pointer Date", "sellita_sw200_1", "automatic", 40.0, "5 bar", 20, "sapphire"),
    WatchModel("Oris", "Divers Sixty-Five", "sellita_sw200_1", "automatic", 40.0, "100 m", 20, "sapphire", "luminova"),
    WatchModel("Oris", "Aquis Date", "sellita_sw200_1", "automatic", 41.5, "30 bar", 22, "sapphire", "luminova"),
    WatchModel("Seiko", "Presage Cocktail Time", "seiko_4r35b", "automatic", 40.5, "50 m", 20, "mineral"),
    WatchModel("Seiko", "5 Sports", "seiko_nh36a", "automatic", 42.5, "100 m", 22, "mineral", "luminova"),
    WatchModel("Citizen", "Automatic NH8350", "miyota_8215", "automatic", 40.0, "50 m", 20, "mineral"),
    # Manual winding
    WatchModel("Tissot", "Bridgeport Mechanical (pocket)", "eta_6497", "manual", 50.0, "3 bar", None, "mineral"),
    WatchModel("Hamilton", "Railroad Pocket Watch", "eta_6497", "manual", 50.0, "3 bar", None, "mineral"),
    # Vintage
    WatchModel("Omega", "Seamaster (1962)", None, "automatic", 34.0, "", 18, "acrylic", "tritium", True, "Omega 552"),
    WatchModel("Omega", "Ranchero (1958)", None, "manual", 36.0, "", 18, "acrylic", "radium", True, "Omega 267"),
    WatchModel("Omega", "Constellation (1966)", None, "automatic", 35.0, "", 18, "acrylic", "none", True, "Omega 561"),
    WatchModel("Longines", "Flagship (1961)", None, "automatic", 35.0, "", 18, "acrylic", "none", True, "Longines 340"),
    WatchModel("Tissot", "Seastar (1970)", None, "automatic", 36.0, "", 18, "acrylic", "tritium", True, "Tissot 2481"),
)

RECEPTION_NOTES = (
    "", "", "Rayures d'usage sur la lunette", "Verre rayé à 3 h", "Ne fonctionne plus", "Avance d'environ 30 s/j",
    "Retarde, s'arrête la nuit", "Bracelet usé, client fournit le nouveau", "Couronne dure à tirer",
    "Buée sous le verre après la douche", "Date ne change plus", "Trotteuse saute toutes les 4 s",
)
RADIUM_NOTE = "Cadran marqué « Ra », matière luminescente d'origine : ne pas ouvrir sans la procédure radium"
TRITIUM_NOTE = "Cadran marqué « T SWISS T », tritium d'origine"

# --------------------------------------------------------------------------------------------
# Jobs: the interventions an order asks for, by the kind of bench the work belongs to.
# "full_service" stands for the full service of the watch's own movement kind.
# --------------------------------------------------------------------------------------------

FULL_SERVICE = "full_service"
FULL_SERVICE_BY_KIND = {"automatic": "full_service_automatic", "manual": "full_service_mechanical"}
JOBS = {
    "quartz": (
        ("battery_change",), ("battery_change",), ("battery_change", "strap_replacement"),
        ("quartz_movement_replacement",), ("quartz_movement_service",), ("diagnosis",),
    ),
    "mechanical": (
        (FULL_SERVICE,), (FULL_SERVICE,), (FULL_SERVICE, "crystal_replacement"), ("regulation",),
        ("regulation", "demagnetization"), ("demagnetization",), ("power_reserve_check", "regulation"),
        ("diagnosis",),
    ),
    "casing": (
        ("gasket_replacement", "water_resistance_test"), ("water_resistance_test",), ("crystal_replacement",),
        ("crown_stem_replacement",), ("dust_cleaning",),
    ),
    "polishing": (
        ("polishing",), ("polishing", "bracelet_adjustment"), ("strap_replacement",), ("bracelet_adjustment",),
    ),
}
JOB_KIND_WEIGHTS = {"quartz": 35, "mechanical": 35, "casing": 20, "polishing": 10}

# --------------------------------------------------------------------------------------------
# Work waiting on the first cell's benches: orders ready or accepted, assigned to a bench and
# to the technician who holds it. Each job is chosen for the readiness verdict it shows there:
# the polishing bench is ready for its bracelet work (GO); the other benches are held by what
# is planted on them (NO-GO): QZ-01's broken tweezers and its quartz checklist not yet run,
# ME-01's timegrapher out of calibration, ME-02 not opened today, WR-01's failed opening
# checklist; and the WR-01 job needs an O-ring the workshop does not have.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueuedJob:
    bench: str  # a bench code of the first cell
    status: str  # ready | accepted
    job: tuple[str, ...]  # intervention keys
    model: WatchModel
    note: str  # the reception note
    # The watch takes an O-ring of a size the store holds none of: the job waits for a reorder.
    gasket_out_of_stock: bool = False


def _model(name: str) -> WatchModel:
    return next(model for model in WATCH_MODELS if model.model == name)


# A nurse's fob watch carries no water-resistance mark: its battery change needs no pressure test.
FOB_WATCH = WatchModel("Sans marque", "Montre d'infirmière à épingle", "miyota_2035", "quartz", 27.0, "", None, "mineral")

BENCH_QUEUE = (
    QueuedJob("PO-01", "ready", ("bracelet_adjustment",), _model("HydroConquest"),
              "Bracelet acier à raccourcir de deux maillons"),
    QueuedJob("PO-01", "accepted", ("bracelet_adjustment",), _model("PR 100"),
              "Bracelet acier à rallonger d'un maillon, fourni par le client"),
    QueuedJob("QZ-01", "ready", ("battery_change",), FOB_WATCH, "Arrêtée, pile d'origine"),
    QueuedJob("ME-01", "ready", ("power_reserve_check",), _model("Jazzmaster Viewmatic"),
              "S'arrête la nuit quand elle n'est pas portée"),
    QueuedJob("ME-02", "ready", ("demagnetization",), _model("Presage Cocktail Time"),
              "Avance de 3 min par jour depuis qu'elle a été posée sur une enceinte"),
    QueuedJob("WR-01", "accepted", ("gasket_replacement", "water_resistance_test"), _model("Alliance"),
              "Buée sous le verre après la douche", gasket_out_of_stock=True),
)

# --------------------------------------------------------------------------------------------
# Stock: how a supply is bought and used, in its stock unit: (pack size, amount used per job).
# --------------------------------------------------------------------------------------------

USAGE_BY_KEY = {
    "one_dip": (250.0, 5.0),                 # ml
    "isopropyl_alcohol_99": (1.0, 0.05),     # l
    "gasket_grease_silicone": (10.0, 0.01),  # g
    "moebius_fixodrop": (20.0, 0.2),         # ml
    "rodico": (1.0, 0.05),
    "finger_cots": (100.0, 2.0),
    "lint_free_tissue": (280.0, 2.0),
    "pith_wood": (10.0, 0.1),
    "pegwood": (100.0, 1.0),
    "protective_tape": (1.0, 0.05),
    "polishing_compound": (100.0, 2.0),
    "spring_bar_16": (20.0, 2.0), "spring_bar_18": (20.0, 2.0), "spring_bar_19": (20.0, 2.0),
    "spring_bar_20": (20.0, 2.0), "spring_bar_21": (20.0, 2.0), "spring_bar_22": (20.0, 2.0),
}
USAGE_BY_CATEGORY_AND_UNIT = {
    ("lubricant", "ml"): (2.0, 0.005),
    ("lubricant", "g"): (10.0, 0.02),
    ("epilame", "ml"): (20.0, 0.2),
    ("cleaning_solution", "l"): (1.0, 0.012),   # one jar (~0.47 l) serves ~40 watches
    ("cleaning_solution", "ml"): (250.0, 5.0),
    ("rinse_solution", "l"): (5.0, 0.024),
    ("battery", "piece"): (10.0, 1.0),
    ("gasket", "piece"): (20.0, 1.0),
    ("crystal", "piece"): (2.0, 1.0),
    ("polishing", "g"): (100.0, 2.0),
}
DEFAULT_USAGE = (5.0, 1.0)
