"""Notices (Textual's toasts) that do not pile up over the screen: a notice said again while it
is still shown replaces it, counted ("×3"), and a new refusal replaces the refusal still shown,
so that pressing a refused key five times leaves one toast, not five stacked over the content."""

from __future__ import annotations

import dataclasses
from typing import Any

COUNT_SUFFIX = " (×{count})"


def merge_notice(shown: list[Any], new: Any, refusal_title: str, counts: dict[str, int]) -> tuple[Any, list[Any]]:
    """The notice to show in place of `new`, and the shown ones it replaces. `counts` keeps how
    many times each shown notice was said (by its identity)."""
    replaced = [old for old in shown if _same(old, new, counts) or (new.title == refusal_title and old.title == refusal_title)]
    repeats = sum(counts.get(old.identity, 1) for old in replaced if _same(old, new, counts))
    for old in replaced:
        counts.pop(old.identity, None)
    if not repeats:
        return new, replaced
    merged = dataclasses.replace(new, message=new.message + COUNT_SUFFIX.format(count=repeats + 1))
    counts[merged.identity] = repeats + 1
    return merged, replaced


def _same(old: Any, new: Any, counts: dict[str, int]) -> bool:
    message = old.message
    count = counts.get(old.identity)
    if count is not None:
        message = message.removesuffix(COUNT_SUFFIX.format(count=count))
    return (message, old.title, old.severity) == (new.message, new.title, new.severity)
