"""The one layer that turns what the domain returns (codes, phrases and their parameters) into
sentences in the interface's language: the front ends and the services that show domain findings
word them here, never in the domain (design.md "Layers")."""

from __future__ import annotations

from atelier_tui.wording.audit_chain import break_description, break_reason
from atelier_tui.wording.sentences import say
from atelier_tui.wording.verdict import finding_message, plan_document, remedy_text, verdict_document

__all__ = ["break_description", "break_reason", "finding_message", "plan_document", "remedy_text", "say", "verdict_document"]
