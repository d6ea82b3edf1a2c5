"""Every string of the interface exists in English and French, through one gettext catalog."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from atelier_tui.i18n import detect_language
from atelier_tui.locale.extract import compiled, extract_messages, mo_path, read_catalog

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _translated(message) -> bool:  # type: ignore[no-untyped-def]
    """A plural entry is translated when every one of its forms is."""
    if message is None:
        return False
    return all(message.string) if isinstance(message.string, tuple) else bool(message.string)


def test_no_interface_string_is_left_untranslated() -> None:
    french = read_catalog("fr")
    missing = [message.id for message in extract_messages()
               if message.id and not _translated(french.get(message.id[0] if isinstance(message.id, tuple) else message.id))]
    assert missing == [], "run `python -m atelier_tui.locale.extract` and translate these"


def test_count_sentences_agree_with_their_number_in_both_languages() -> None:
    from atelier_tui.i18n import set_language
    from atelier_tui.wording.numbers import quantity_text

    try:
        set_language("en")
        assert [quantity_text(n, "piece") for n in (1, 2)] == ["1 piece", "2 pieces"]
        set_language("fr")
        assert [quantity_text(n, "piece") for n in (1, 2, 0)] == ["1 pièce", "2 pièces", "0 pièce"]
        assert quantity_text(0.8, "mm") == "0,8 mm"
        assert quantity_text(1500, "lx") == "1\u202f500 lx"
    finally:
        set_language("en")


def test_every_refusal_of_a_service_goes_through_the_catalog() -> None:
    """A refusal is shown as it is, in the TUI too: one written as a plain or f-string would reach
    a French workshop in English."""
    services = Path(__file__).resolve().parents[2] / "atelier_tui" / "services"
    plain = []
    for path in sorted(services.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ServiceError" and node.args
                    and isinstance(node.args[0], (ast.JoinedStr, ast.Constant))):
                plain.append(f"{path.name}:{node.lineno}")
    assert plain == []


def test_translations_keep_every_placeholder() -> None:
    for message in read_catalog("fr"):
        if not (message.id and message.string):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for form, string in enumerate(strings):
            expected, found = sorted(PLACEHOLDER.findall(ids[-1])), sorted(PLACEHOLDER.findall(string))
            if isinstance(message.id, tuple) and form == 0:
                # a plural form for one may say it in words ("tous les jours", not "tous les 1 jours")
                expected, found = [p for p in expected if p != "{count}"], [p for p in found if p != "{count}"]
            assert expected == found, message.id


def test_a_count_of_one_reads_as_french_says_it() -> None:
    from atelier_tui.i18n import ngettext, set_language

    set_language("fr")
    try:
        daily = [ngettext("every {count} day", "every {count} days", n).format(count=n) for n in (1, 2)]
    finally:
        set_language("en")
    assert daily == ["tous les jours", "tous les 2 jours"]


def test_compiled_catalog_is_up_to_date() -> None:
    assert mo_path("fr").read_bytes() == compiled(read_catalog("fr"))


def test_language_is_chosen_by_atelier_lang_then_the_locale() -> None:
    assert detect_language({"ATELIER_LANG": "fr", "LANG": "en_US.UTF-8"}) == "fr"
    assert detect_language({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert detect_language({"LC_ALL": "fr_CA.UTF-8", "LANG": "en_GB.UTF-8"}) == "fr"
    assert detect_language({"LANG": "de_DE.UTF-8"}) == "en"
    assert detect_language({}) == "en"
