"""Descriptions of Textual's own key bindings, marked here so that the help screen shows them in
the interface's language too. Never imported: it only feeds the translation catalog."""

from atelier_tui.i18n import N_

TEXTUAL_BINDINGS = (
    N_("Bottom"), N_("Copy selected text"), N_("Cursor down"), N_("Cursor left"), N_("Cursor right"), N_("Cursor up"),
    N_("Cut selected text"), N_("Delete all to the left"), N_("Delete all to the right"), N_("Delete character left"),
    N_("Delete character right"), N_("Delete left to start of word"), N_("Delete right to start of word"), N_("End"),
    N_("Focus Next"), N_("Focus Previous"), N_("Go to end"), N_("Go to start"), N_("Home"), N_("Move cursor left"),
    N_("Move cursor left a word"), N_("Move cursor left a word and select"), N_("Move cursor left and select"),
    N_("Move cursor right a word"), N_("Move cursor right a word and select"), N_("Move cursor right and select"),
    N_("Move cursor right or accept the completion suggestion"), N_("Page Down"), N_("Page Left"), N_("Page Right"),
    N_("Page Up"), N_("Page down"), N_("Page up"), N_("Paste text from the clipboard"), N_("Quit"), N_("Scroll Down"),
    N_("Scroll End"), N_("Scroll Home"), N_("Scroll Left"), N_("Scroll Right"), N_("Scroll Up"), N_("Select"),
    N_("Select all"), N_("Select line end"), N_("Select line start"), N_("Submit"), N_("Top"),
    N_("Toggle dark mode"), N_("Show keys and help panel"), N_("Hide keys and help panel"), N_("Save screenshot"),
    N_("Change theme"), N_("Maximize"), N_("Minimize"), N_("Screenshot"), N_("Keys"), N_("Theme"),
    N_("First"), N_("Last"),  # an OptionList's home and end (the planner, an order's findings)
)
