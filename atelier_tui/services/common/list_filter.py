"""The filter syntax every list shares: `key:value` terms and free text, as in
`status:overdue bench:ME-01 loupe`.

- A key is an English word or its French one (`status:` and `statut:` both work, whatever the
  interface language), accents and case ignored (`etabli:` is `établi:`).
- A value is a word shown on screen, in English or in the interface language, or the stored
  value; a value of several words is quoted (`statut:"en retard"`) or joined by `_` or `-`
  (`statut:en_retard`). Commas give alternatives (`status:overdue,due`); a key given twice too.
- A flag is a key alone (`mine`); free text is every other word, searched as before.
- A word whose part before `:` is not letters (`10:30`) stays free text.

Parsing is pure: each list passes the keys it accepts (FilterKey), and an unknown key or value is
refused with one line naming the key and what it accepts."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from atelier_tui.i18n import _, language
from atelier_tui.services.common.paging import fold
from atelier_tui.services.context import ServiceError


@dataclass(frozen=True)
class FilterKey:
    name: str  # English: the key the service reads
    name_fr: str
    # value -> the words a person may type for it (the screen's words, English and translated).
    # Empty: any value (a bench code, a name).
    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)
    flag: bool = False  # a key alone, without a value (`mine`)
    description: str = ""  # marked N_, translated by the help

    def shown(self) -> str:
        """The key in the interface language."""
        return self.name_fr if language() == "fr" else self.name


@dataclass(frozen=True)
class ParsedFilter:
    terms: dict[str, tuple[str, ...]]  # key name -> the values asked for (any of them); a flag: ()
    text: str  # the free text, words in the order typed

    def has(self, key: str) -> bool:
        return key in self.terms

    def values(self, key: str) -> tuple[str, ...]:
        return self.terms.get(key, ())


# A word, or a quoted run of words; a quote not yet closed (still being typed) runs to the end.
_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*(?:"|$))+')
_KEYED = re.compile(r"^([^\W\d_]+):(.*)$", re.DOTALL)


def _plain(word: str) -> str:
    """A word as compared: folded (no accents, no case), `_` and `-` read as spaces."""
    return " ".join(fold(word).replace("_", " ").replace("-", " ").split())


def _unquoted(text: str) -> str:
    return text.replace('"', "")


def _choice(key: FilterKey, given: str) -> str:
    wanted = _plain(given)
    for value, words in key.choices.items():
        if wanted == _plain(value) or any(wanted == _plain(word) for word in words):
            return value
    accepted = ", ".join(sorted({_shown_choice(words, value) for value, words in key.choices.items()}))
    raise ServiceError(_("filter: '{value}' is not a value of {key}: ({accepted})").format(
        value=given, key=key.shown(), accepted=accepted), field="filter")


def _shown_choice(words: Sequence[str], value: str) -> str:
    """How the help and the refusals write a value: the screen's word, spaces as `_`."""
    shown = words[-1] if words else value
    return shown.replace(" ", "_")


def choice_words(key: FilterKey) -> list[str]:
    """The values of `key` as a person types them in the interface language (for the help)."""
    return [_shown_choice(words, value) for value, words in key.choices.items()]


def parse_filter(text: str, keys: Sequence[FilterKey]) -> ParsedFilter:
    """`text` split into the terms of `keys` and free text; ServiceError (field "filter") for a
    key this list does not have, a value a key does not accept, or a key without its value."""
    by_word: dict[str, FilterKey] = {}
    for key in keys:
        by_word[_plain(key.name)] = key
        by_word[_plain(key.name_fr)] = key
    terms: dict[str, list[str]] = {}
    free: list[str] = []
    for token in _TOKEN.findall(text):
        keyed = _KEYED.match(token)
        if keyed is None:
            flag = by_word.get(_plain(token))
            if flag is not None and flag.flag:
                terms.setdefault(flag.name, [])
            else:
                free.append(_unquoted(token))
            continue
        word, value = keyed.group(1), _unquoted(keyed.group(2)).strip()
        found_key = by_word.get(_plain(word))
        if found_key is None:
            listed = ", ".join(k.shown() for k in keys)
            raise ServiceError(_("filter: '{key}' is not a key of this list (keys: {keys})").format(
                key=word, keys=listed), field="filter")
        key = found_key
        if key.flag:
            terms.setdefault(key.name, [])
            continue
        wanted = [part.strip() for part in value.split(",") if part.strip()]
        if not wanted:
            raise ServiceError(_("filter: {key} needs a value, as in {key}:{example}").format(
                key=key.shown(), example=(choice_words(key) or ["…"])[0]), field="filter")
        found = terms.setdefault(key.name, [])
        for part in wanted:
            chosen = _choice(key, part) if key.choices else part
            if chosen not in found:
                found.append(chosen)
    return ParsedFilter({name: tuple(values) for name, values in terms.items()}, " ".join(free).strip())
