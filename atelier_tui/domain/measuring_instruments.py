"""Which instrument a measurement on the intervention sheet is read with.

A quantity is read with an instrument of one of the capabilities below. When the work ordered
asks for such an instrument (an intervention's tool requirement of that capability, its
conditions met), a reading of that quantity is only valid with the instrument named: an
out-of-tolerance review of that instrument must be able to find it later. Power reserve is
counted with a clock, not read off an instrument: it never needs one.

Pure: the caller gives the capabilities the job requires and those of the instrument."""

from __future__ import annotations

from collections.abc import Iterable

MEASURED_WITH: dict[str, tuple[str, ...]] = {
    "rate": ("rate_measuring", "quartz_rate_measuring"),
    "amplitude": ("rate_measuring",),
    "beat_error": ("rate_measuring",),
    "test_pressure": ("water_resistance_test",),
    "coil_resistance": ("electrical_measurement",),
    "current": ("electrical_measurement",),
}


def instrument_capabilities_required(quantity: str, job_capabilities: Iterable[str]) -> tuple[str, ...]:
    """The capabilities the job requires that read `quantity` (empty: no instrument is required)."""
    readers = MEASURED_WITH.get(quantity, ())
    required = set(job_capabilities)
    return tuple(capability for capability in readers if capability in required)


def reads(quantity: str, instrument_capabilities: Iterable[str]) -> bool:
    """Whether an instrument with these capabilities reads `quantity`."""
    return bool(set(MEASURED_WITH.get(quantity, ())) & set(instrument_capabilities))
