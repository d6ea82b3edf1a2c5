"""The words a filter value may be typed as (services/common/list_filter.py): for each stored
value, the screen's English word and its translation in the interface language; and a column
sorted by those words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from sqlalchemy import case

from atelier_tui.i18n import _
from atelier_tui.services.common.paging import fold
from atelier_tui.wording.vocabulary import WORDS


def words_of(kind: type[StrEnum], only: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
    """value -> (English word, translated word) for the values of `kind` (or `only` those)."""
    wanted = set(only) if only is not None else None
    return {value: (word, _(word)) for value, word in WORDS[kind].items() if wanted is None or value in wanted}


def screen_words(words: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """value -> (English word, translated word) for words marked N_ by the caller."""
    return {value: (word, _(word)) for value, word in words.items()}


def ranked_by_word(words: Mapping[str, str]) -> list[str]:
    """The values of `words` (value -> the English word, marked N_) in the alphabetical order of
    their words in the interface language."""
    return sorted(words, key=lambda value: fold(_(words[value])))


def word_order(column: Any, words: Mapping[str, str]) -> Any:
    """SQL: `column`'s rank by its value's word in the interface language (`words`: value -> the
    English word, marked N_), so that a sorted column reads in alphabetical order whatever the
    language; values without a word come last, by their own order."""
    ranked = ranked_by_word(words)
    return case({value: rank for rank, value in enumerate(ranked)}, value=column, else_=len(ranked))
