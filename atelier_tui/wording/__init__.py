"""The one layer that turns what the domain returns (codes, phrases and their parameters) into
sentences in the interface's language: the front ends and the services that show domain findings
word them here, never in the domain (design.md "Layers")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from atelier_tui.wording.sentences import say
from atelier_tui.wording.verdict import finding_message, plan_document, remedy_text, verdict_document

if TYPE_CHECKING:
    from atelier_tui.wording.audit_chain import break_description, break_reason

__all__ = ["break_description", "break_reason", "finding_message", "plan_document", "remedy_text", "say", "verdict_document"]

# Loaded when first asked for: a verdict or a sentence (`order check`, the read path) has no use
# for the audit chain's hashing and its records.
_AUDIT_CHAIN_WORDS = ("break_description", "break_reason")


def __getattr__(name: str) -> Any:
    if name in _AUDIT_CHAIN_WORDS:
        from atelier_tui.wording import audit_chain

        return getattr(audit_chain, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
