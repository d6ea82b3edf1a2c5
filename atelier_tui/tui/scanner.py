"""A barcode scanner is a keyboard that types very fast: an asset tag then Enter, each key a few
milliseconds after the last. Keys that arrive faster than a person types are held back; if Enter
ends the burst it was a scan, otherwise the held keys are handed back as if typed.

Pure logic (the app feeds it keys and times), so it can be tested without a terminal."""

from __future__ import annotations

from dataclasses import dataclass, field

# Store locations are often two characters (cabinet C1): their labels must scan. Two keys and Enter,
# each within the gap of the one before, is still no person typing.
MINIMUM_SCAN_LENGTH = 2


@dataclass(frozen=True)
class Outcome:
    swallow: bool = False  # the key is held back (or consumed by a finished scan)
    scanned: str = ""  # a complete scan, when Enter ended a burst
    replay: tuple[tuple[str, str | None], ...] = ()  # held (key, character) to hand back, in order


@dataclass
class ScanDetector:
    gap_seconds: float
    _last_time: float | None = None
    _last_character: str = ""
    _held: list[tuple[str, str | None]] = field(default_factory=list)  # (key, character)

    @property
    def enabled(self) -> bool:
        return self.gap_seconds > 0

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def feed(self, key: str, character: str | None, now: float) -> Outcome:
        fast = self._last_time is not None and now - self._last_time <= self.gap_seconds
        if key == "enter" and self._held and fast:
            scanned = self._last_character + "".join(char for _key, char in self._held)
            held = tuple(self._held)
            self._reset()
            if len(scanned) >= MINIMUM_SCAN_LENGTH:
                return Outcome(swallow=True, scanned=scanned)
            return Outcome(swallow=True, replay=(*held, (key, character)))
        printable = character is not None and len(character) == 1 and character.isprintable() and not character.isspace()
        if printable and fast:
            self._held.append((key, character))
            self._last_time = now
            return Outcome(swallow=True)
        if self._held:  # the burst is over without Enter: hand everything back, in order
            held = tuple(self._held)
            self._reset()
            if printable:
                self._remember(character, now)  # type: ignore[arg-type]
            return Outcome(swallow=True, replay=(*held, (key, character)))
        if printable:
            self._remember(character, now)  # type: ignore[arg-type]
        else:
            self._reset()
        return Outcome()

    def expire(self, now: float) -> Outcome:
        """Called a little after the last held key: a burst that did not end with Enter was
        fast typing, not a scan."""
        if self._held and self._last_time is not None and now - self._last_time > self.gap_seconds:
            held = tuple(self._held)
            self._held.clear()
            return Outcome(replay=held)
        return Outcome()

    def release(self) -> tuple[tuple[str, str | None], ...]:
        """The held keys, handed back now: they were typed where a scan cannot land."""
        held = tuple(self._held)
        self._reset()
        return held

    def _remember(self, character: str, now: float) -> None:
        self._last_character = character
        self._last_time = now

    def _reset(self) -> None:
        self._held.clear()
        self._last_time = None
        self._last_character = ""
